import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { testSourceArgs } from '../media/ffmpeg-args';
import {
  chunkInfoFromProbe,
  chunkProbeArgs,
  chunkProbeInput,
  isCorrupt,
  parseBoxHeader,
  playablePrefix,
  probeChunk,
  readTopLevelBoxes,
  type Box,
  type ChunkInfo,
} from './chunk-probe';
import { RECORDER_ENV, dayDirsToPrepare, recorderArgs } from './recorder-args';

function header(size: number, type: string, largesize?: bigint): Uint8Array {
  const b = new Uint8Array(largesize === undefined ? 8 : 16);
  const v = new DataView(b.buffer);
  v.setUint32(0, size);
  for (let i = 0; i < 4; i++) b[4 + i] = type.charCodeAt(i);
  if (largesize !== undefined) v.setBigUint64(8, largesize);
  return b;
}

describe('parseBoxHeader', () => {
  it('reads 32-bit, 64-bit and to-the-end sizes of known top-level boxes', () => {
    assert.deepEqual(parseBoxHeader(header(1244, 'moov'), 28, 10_000), { type: 'moov', start: 28, size: 1244 });
    assert.deepEqual(parseBoxHeader(header(1, 'mdat', 5_000_000_000n), 100, 6_000_000_000), {
      type: 'mdat',
      start: 100,
      size: 5_000_000_000,
    });
    assert.deepEqual(parseBoxHeader(header(0, 'mdat'), 100, 900), { type: 'mdat', start: 100, size: 800 });
    // A box running past the end of the file is reported as is: the caller sees it is cut.
    assert.deepEqual(parseBoxHeader(header(5000, 'mdat'), 100, 900), { type: 'mdat', start: 100, size: 5000 });
  });

  it('refuses unknown types, impossible sizes and headers cut by the end of the file', () => {
    assert.equal(parseBoxHeader(header(100, 'abcd'), 0, 1000), null);
    assert.equal(parseBoxHeader(header(7, 'moof'), 0, 1000), null);
    assert.equal(parseBoxHeader(header(1, 'mdat', 8n), 0, 1000), null);
    assert.equal(parseBoxHeader(header(1, 'mdat', 50n).subarray(0, 8), 0, 1000), null);
    assert.equal(parseBoxHeader(header(100, 'moof'), 995, 1000), null);
    assert.equal(parseBoxHeader(new Uint8Array(0), 0, 0), null);
    assert.equal(parseBoxHeader(new Uint8Array(16), 0, 1000), null);
  });
});

describe('playablePrefix', () => {
  /** Boxes laid end to end from offset 0. */
  function layout(...boxes: [string, number][]): Box[] {
    let at = 0;
    return boxes.map(([type, size]) => {
      const b = { type, start: at, size };
      at += size;
      return b;
    });
  }
  const head: [string, number][] = [
    ['ftyp', 28],
    ['moov', 1000],
  ];

  it('keeps everything of an intact chunk', () => {
    const boxes = layout(...head, ['moof', 500], ['mdat', 10_000], ['moof', 400], ['mdat', 9_000]);
    assert.deepEqual(playablePrefix(boxes, 20_928), { validBytes: 20_928, fragments: 2 });
  });

  it('drops a fragment whose mdat or moof was cut', () => {
    const boxes = layout(...head, ['moof', 500], ['mdat', 10_000], ['moof', 400], ['mdat', 9_000]);
    assert.deepEqual(playablePrefix(boxes, 20_000), { validBytes: 11_528, fragments: 1 });
    assert.deepEqual(playablePrefix(boxes.slice(0, 4), 11_800), { validBytes: 11_528, fragments: 1 });
    // A moof with no mdat after it (the file ends right after it).
    assert.deepEqual(playablePrefix(boxes.slice(0, 5), 11_928), { validBytes: 11_528, fragments: 1 });
  });

  it('has nothing playable without a complete moov, and stops at boxes out of order', () => {
    assert.deepEqual(playablePrefix(layout(['ftyp', 28], ['moov', 1000]), 500), { validBytes: 0, fragments: 0 });
    assert.deepEqual(playablePrefix(layout(['ftyp', 28], ['moof', 100], ['mdat', 100]), 228), { validBytes: 0, fragments: 0 });
    assert.deepEqual(playablePrefix(layout(...head), 1028), { validBytes: 1028, fragments: 0 });
    assert.deepEqual(playablePrefix(layout(...head, ['mdat', 100]), 1128), { validBytes: 1028, fragments: 0 });
    assert.deepEqual(playablePrefix(layout(...head, ['moof', 100], ['moof', 100], ['mdat', 100]), 1328), {
      validBytes: 1028,
      fragments: 0,
    });
    // Boxes between fragments (e.g. an mfra index at the end) are kept.
    assert.deepEqual(playablePrefix(layout(...head, ['moof', 100], ['mdat', 100], ['mfra', 50]), 1278), {
      validBytes: 1278,
      fragments: 1,
    });
  });
});

describe('chunkProbeArgs and chunkProbeInput', () => {
  it('asks ffprobe, forcing the mp4 demuxer, for the format duration and start and the streams as JSON', () => {
    // prettier-ignore
    assert.deepEqual(chunkProbeArgs('file:/r/c/2026-01-01/x.mp4'), [
      '-v', 'error', '-f', 'mp4',
      '-show_entries', 'format=duration,start_time:stream=codec_type,codec_name,width,height',
      '-of', 'json', 'file:/r/c/2026-01-01/x.mp4',
    ]);
  });

  it('reads the whole file when intact and only the valid prefix of a cut one', () => {
    assert.equal(chunkProbeInput('/r/a:b.mp4', 500, 500), 'file:/r/a:b.mp4');
    assert.equal(chunkProbeInput('/r/a.mp4', 300, 500), 'subfile,,start,0,end,300,,:file:/r/a.mp4');
    assert.throws(() => chunkProbeInput('', 1, 1), /path/);
  });
});

describe('chunkInfoFromProbe', () => {
  const file = { bytes: 2_756_202, validBytes: 2_546_058, fragments: 40 };

  it('takes the format duration and start and the first video and audio streams', () => {
    const json = {
      programs: [],
      streams: [
        { codec_name: 'h264', codec_type: 'video', width: 640, height: 360 },
        { codec_name: 'aac', codec_type: 'audio' },
        { codec_name: 'hevc', codec_type: 'video', width: 1920, height: 1080 },
      ],
      format: { start_time: '0.000000', duration: '23.033991' },
    };
    const info = chunkInfoFromProbe(json, file);
    assert.deepEqual(info, {
      durationSec: 23.033991,
      videoCodec: 'h264',
      audioCodec: 'aac',
      width: 640,
      height: 360,
      bytes: 2_756_202,
      validBytes: 2_546_058,
      fragments: 40,
      startTimeSec: 0,
    } satisfies ChunkInfo);
    assert.equal(isCorrupt(info), false);
  });

  it('turns missing or malformed fields into nulls and a zero duration, which is corrupt', () => {
    for (const json of [null, 'x', {}, { format: { duration: 'N/A' }, streams: 'x' }, { format: { duration: '-1.5' }, streams: [] }]) {
      const info = chunkInfoFromProbe(json, file);
      assert.deepEqual(info, {
        durationSec: 0,
        videoCodec: null,
        audioCodec: null,
        width: null,
        height: null,
        bytes: 2_756_202,
        validBytes: 2_546_058,
        fragments: 40,
        startTimeSec: null,
      });
      assert.equal(isCorrupt(info), true);
    }
    // A duration with no stream in it is not playable either.
    assert.equal(isCorrupt(chunkInfoFromProbe({ format: { duration: '3.0' }, streams: [] }, file)), true);
    // Audio only is still footage.
    assert.equal(
      isCorrupt(chunkInfoFromProbe({ format: { duration: '3.0' }, streams: [{ codec_type: 'audio', codec_name: 'aac' }] }, file)),
      false,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real chunks written by the recorder arguments and Debian's ffmpeg 5.1: 6 s, 25 fps, a key frame a second, so 1 s
// fragments.

const run = promisify(execFile);
const SECONDS = 6;
const FPS = 25;
let work = '';
let chunk = '';
let chunkBytes: Buffer;
let boxes: Box[] = [];

async function plainProbe(path: string): Promise<{ ok: boolean; duration: number | null }> {
  return run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'json', path]).then(
    ({ stdout }) => ({ ok: true, duration: Number((JSON.parse(stdout) as { format: { duration: string } }).format.duration) }),
    () => ({ ok: false, duration: null }),
  );
}

function cut(name: string, length: number): string {
  const p = join(work, name);
  writeFileSync(p, chunkBytes.subarray(0, length));
  return p;
}

describe('probeChunk on real chunks', () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'argus-probe-'));
    const src = join(work, 'src.flv');
    const gen = testSourceArgs({ publishUrl: src, width: 320, height: 240, fps: FPS, videoKbps: 400, durationSeconds: SECONDS });
    await run(
      'ffmpeg',
      gen.filter((a) => a !== '-re'),
      { timeout: 60_000 },
    );
    const dir = join(work, 'rec');
    for (const d of dayDirsToPrepare(dir, new Date())) mkdirSync(d, { recursive: true });
    await run('ffmpeg', recorderArgs({ inputUrl: src, dir, chunkSeconds: 3600, hasAudio: true }), {
      timeout: 60_000,
      env: { ...process.env, ...RECORDER_ENV },
    });
    const day = readdirSync(dir).find((d) => readdirSync(join(dir, d)).length > 0)!;
    chunk = join(dir, day, readdirSync(join(dir, day))[0]!);
    chunkBytes = readFileSync(chunk);
    boxes = (await readTopLevelBoxes(chunk)).boxes;
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('reports duration, codecs and size of an intact chunk', async () => {
    const info = await probeChunk('ffprobe', chunk);
    assert.deepEqual(
      boxes.slice(0, 4).map((b) => b.type),
      ['ftyp', 'moov', 'moof', 'mdat'],
    );
    assert.equal(boxes.at(-1)!.start + boxes.at(-1)!.size, chunkBytes.length);
    assert.equal(info.videoCodec, 'h264');
    assert.equal(info.audioCodec, 'aac');
    assert.equal(info.width, 320);
    assert.equal(info.height, 240);
    assert.equal(info.bytes, chunkBytes.length);
    assert.equal(info.validBytes, chunkBytes.length);
    assert.equal(info.startTimeSec, 0);
    assert.ok(info.fragments >= SECONDS, `fragments ${info.fragments}`);
    assert.ok(Math.abs(info.durationSec - SECONDS) <= 0.05, `duration ${info.durationSec}`);
    assert.equal(isCorrupt(info), false);
  });

  it('gives the duration of the complete fragments of a chunk cut inside an mdat, where plain ffprobe overstates it', async (t) => {
    const intact = await probeChunk('ffprobe', chunk);
    const mdats = boxes.filter((b) => b.type === 'mdat');
    const victim = mdats.at(-3)!; // a 1 s video fragment, two fragments before the end
    const path = cut('cut-mdat.mp4', victim.start + Math.floor(victim.size / 2));
    const info = await probeChunk('ffprobe', path);
    const plain = await plainProbe(path);
    t.diagnostic(`intact ${intact.durationSec} s; cut mid-mdat: probeChunk ${info.durationSec} s, plain ffprobe ${plain.duration} s`);
    assert.equal(info.validBytes, boxes[boxes.indexOf(victim) - 2]!.start + boxes[boxes.indexOf(victim) - 2]!.size);
    assert.equal(info.fragments, mdats.length - 3);
    assert.equal(info.videoCodec, 'h264');
    assert.equal(isCorrupt(info), false);
    assert.ok(info.durationSec > 0 && info.durationSec < intact.durationSec - 0.5, `${info.durationSec} vs ${intact.durationSec}`);
    // What ffprobe says of the cut file counts the cut fragment in full.
    assert.ok(plain.ok && plain.duration! > info.durationSec + 0.5, `plain ${plain.duration} vs ${info.durationSec}`);
  });

  it('still reads a chunk cut inside a moof, which plain ffprobe refuses', async () => {
    const moof = boxes.filter((b) => b.type === 'moof').at(-2)!;
    // One byte short: the trun, the last box of the moof, is cut.
    const path = cut('cut-moof.mp4', moof.start + moof.size - 1);
    assert.equal((await plainProbe(path)).ok, false);
    const info = await probeChunk('ffprobe', path);
    assert.equal(info.validBytes, moof.start);
    assert.equal(isCorrupt(info), false);
    assert.ok(info.durationSec >= SECONDS - 2.1 && info.durationSec < SECONDS - 0.5, `duration ${info.durationSec}`);
  });

  it('marks corrupt a chunk with no complete fragment, garbage and an empty file, and rejects a missing file', async () => {
    const moov = boxes.find((b) => b.type === 'moov')!;
    const headerOnly = await probeChunk('ffprobe', cut('header-only.mp4', moov.start + moov.size + 100));
    assert.deepEqual([headerOnly.fragments, headerOnly.validBytes, headerOnly.durationSec], [0, moov.start + moov.size, 0]);
    assert.equal(isCorrupt(headerOnly), true);

    const cutMoov = await probeChunk('ffprobe', cut('cut-moov.mp4', moov.start + 100));
    assert.deepEqual([cutMoov.validBytes, cutMoov.durationSec, cutMoov.bytes], [0, 0, moov.start + 100]);
    assert.equal(isCorrupt(cutMoov), true);

    const garbagePath = join(work, 'garbage.mp4');
    // Deterministic noise that starts like a box header of an unknown type.
    const noise = Buffer.alloc(50_000);
    for (let i = 0, x = 12345; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    writeFileSync(garbagePath, noise);
    const garbage = await probeChunk('ffprobe', garbagePath);
    assert.equal(garbage.bytes, 50_000);
    assert.equal(garbage.durationSec, 0);
    assert.equal(isCorrupt(garbage), true);

    // Garbage after a valid header: a box of unknown type where a fragment should be.
    const tail = Buffer.concat([chunkBytes.subarray(0, boxes[3]!.start + boxes[3]!.size), noise]);
    const tailPath = join(work, 'garbage-tail.mp4');
    writeFileSync(tailPath, tail);
    const withTail = await probeChunk('ffprobe', tailPath);
    assert.deepEqual([withTail.fragments, withTail.validBytes, withTail.bytes], [1, boxes[3]!.start + boxes[3]!.size, tail.length]);
    assert.equal(isCorrupt(withTail), false);

    const empty = await probeChunk('ffprobe', cut('empty.mp4', 0));
    assert.deepEqual([empty.bytes, empty.durationSec], [0, 0]);
    assert.equal(isCorrupt(empty), true);

    await assert.rejects(probeChunk('ffprobe', join(work, 'missing.mp4')), { code: 'ENOENT' });
  });

  it('treats a file ffprobe cannot read as corrupt instead of failing', async () => {
    // Box structure intact, media replaced: the moov's contents zeroed.
    const moov = boxes.find((b) => b.type === 'moov')!;
    const bad = Buffer.from(chunkBytes);
    bad.fill(0, moov.start + 8, moov.start + moov.size);
    const path = join(work, 'bad-moov.mp4');
    writeFileSync(path, bad);
    const info = await probeChunk('ffprobe', path);
    assert.equal(info.validBytes, bad.length);
    assert.equal(info.durationSec, 0);
    assert.equal(isCorrupt(info), true);
  });
});
