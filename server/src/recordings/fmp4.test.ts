import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Fmp4Error, indexFragments, parseFragmentsFromBuffer } from './fmp4';

const run = promisify(execFile);

// ---------------------------------------------------------------------------------------------------------
// A tiny ISO-BMFF writer for synthetic files.

const u8 = (...n: number[]): Buffer => Buffer.from(n);
const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const u64 = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};
const zeros = (n: number): Buffer => Buffer.alloc(n);
const full = (version: number, flags: number): Buffer => u32(((version << 24) | flags) >>> 0);

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}
function largeBox(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(1), Buffer.from(type, 'latin1'), u64(16 + body.length), body]);
}

const SYNC = 0x0200_0000;
const NON_SYNC = 0x0101_0000;

function trak(id: number, handler: 'vide' | 'soun', timescale: number, entry: Buffer): Buffer {
  return box(
    'trak',
    box('tkhd', full(0, 3), u32(0), u32(0), u32(id), zeros(4), u32(0), zeros(60)),
    box(
      'mdia',
      box('mdhd', full(0, 0), u32(0), u32(0), u32(timescale), u32(0), u16(0x55c4), u16(0)),
      box('hdlr', full(0, 0), u32(0), Buffer.from(handler, 'latin1'), zeros(12), u8(0)),
      box('minf', box('stbl', box('stsd', full(0, 0), u32(1), entry))),
    ),
  );
}

function avc1(width: number, height: number): Buffer {
  const visual = Buffer.concat([
    zeros(6),
    u16(1),
    zeros(16),
    u16(width),
    u16(height),
    u32(0x480000),
    u32(0x480000),
    u32(0),
    u16(1),
    zeros(32),
    u16(0x18),
    u16(0xffff),
  ]);
  return box('avc1', visual, box('avcC', u8(1, 0x64, 0x00, 0x1f, 0xff, 0xe0, 0x00)));
}

function mp4a(): Buffer {
  const audio = Buffer.concat([zeros(6), u16(1), zeros(8), u16(2), u16(16), u16(0), u16(0), u32(44100 * 65536)]);
  const decSpecific = Buffer.concat([u8(0x05, 2), u8(0x12, 0x10)]);
  const decConfig = Buffer.concat([u8(0x04, 13 + decSpecific.length), u8(0x40, 0x15), zeros(3), u32(128000), u32(128000), decSpecific]);
  const sl = u8(0x06, 1, 0x02);
  const es = Buffer.concat([u8(0x03, 3 + decConfig.length + sl.length), u16(2), u8(0), decConfig, sl]);
  return box('mp4a', audio, box('esds', full(0, 0), es));
}

interface InitOptions {
  audio?: boolean;
  videoTrex?: { duration: number; size: number; flags: number };
}

function init(opts: InitOptions = {}): Buffer {
  const vt = opts.videoTrex ?? { duration: 0, size: 0, flags: NON_SYNC };
  const trex = (id: number, d: { duration: number; size: number; flags: number }): Buffer =>
    box('trex', full(0, 0), u32(id), u32(1), u32(d.duration), u32(d.size), u32(d.flags));
  const traks = [trak(1, 'vide', 12800, avc1(640, 360))];
  const trexes = [trex(1, vt)];
  if (opts.audio !== false) {
    traks.push(trak(2, 'soun', 44100, mp4a()));
    trexes.push(trex(2, { duration: 1024, size: 0, flags: 0 }));
  }
  return Buffer.concat([
    box('ftyp', Buffer.from('isom', 'latin1'), u32(512), Buffer.from('isomiso6mp41', 'latin1')),
    box('moov', box('mvhd', full(0, 0), zeros(96)), ...traks, box('mvex', ...trexes)),
  ]);
}

interface TrafSpec {
  trackId: number;
  tfdt?: { version: 0 | 1; value: number };
  defaultDuration?: number;
  defaultFlags?: number;
  firstSampleFlags?: number;
  /** A duration per sample in the trun, or none (defaults apply). */
  durations?: number[];
  sizes: number[];
}

/** moof + mdat for these trafs (data in traf order, data_offset relative to the moof, default_base_is_moof). */
function fragment(trafs: TrafSpec[], opts: { large?: boolean; mdatSizeZero?: boolean } = {}): Buffer {
  const build = (dataOffsets: number[]): Buffer => {
    const mk = opts.large ? largeBox : box;
    return mk(
      'moof',
      box('mfhd', full(0, 0), u32(1)),
      ...trafs.map((t, i) => {
        let tf = 0x02_0000;
        const fields: Buffer[] = [u32(t.trackId)];
        if (t.defaultDuration !== undefined) {
          tf |= 0x08;
          fields.push(u32(t.defaultDuration));
        }
        if (t.defaultFlags !== undefined) {
          tf |= 0x20;
          fields.push(u32(t.defaultFlags));
        }
        let rf = 0x01 | 0x200;
        if (t.firstSampleFlags !== undefined) rf |= 0x04;
        if (t.durations) rf |= 0x100;
        const samples = t.sizes.map((size, j) => Buffer.concat([...(t.durations ? [u32(t.durations[j]!)] : []), u32(size)]));
        const parts = [box('tfhd', full(0, tf), ...fields)];
        if (t.tfdt) parts.push(box('tfdt', full(t.tfdt.version, 0), t.tfdt.version === 1 ? u64(t.tfdt.value) : u32(t.tfdt.value)));
        parts.push(
          box(
            'trun',
            full(0, rf),
            u32(t.sizes.length),
            u32(dataOffsets[i]!),
            ...(t.firstSampleFlags !== undefined ? [u32(t.firstSampleFlags)] : []),
            ...samples,
          ),
        );
        return box('traf', ...parts);
      }),
    );
  };
  const mdatHeader = opts.large ? 16 : 8;
  const moofSize = build(trafs.map(() => 0)).length;
  const offsets: number[] = [];
  let at = moofSize + mdatHeader;
  for (const t of trafs) {
    offsets.push(at);
    at += t.sizes.reduce((a, b) => a + b, 0);
  }
  const data = Buffer.alloc(at - moofSize - mdatHeader, 0xab);
  let mdat = opts.large ? largeBox('mdat', data) : box('mdat', data);
  if (opts.mdatSizeZero) mdat = Buffer.concat([u32(0), Buffer.from('mdat', 'latin1'), data]);
  return Buffer.concat([build(offsets), mdat]);
}

/** A 1 s video fragment at 12800/s: 25 samples of 512 ticks, keyframe first; plus 43 AAC frames. */
function second(n: number, opts: { audio?: boolean; key?: boolean } = {}): TrafSpec[] {
  const video: TrafSpec = {
    trackId: 1,
    tfdt: { version: 1, value: n * 12800 },
    firstSampleFlags: opts.key === false ? NON_SYNC : SYNC,
    durations: Array<number>(25).fill(512),
    sizes: Array<number>(25).fill(10),
  };
  if (opts.audio === false) return [video];
  return [video, { trackId: 2, tfdt: { version: 1, value: Math.round(n * 44100) }, sizes: Array<number>(43).fill(4) }];
}

const MFRA = box('mfra', box('mfro', full(0, 0), u32(16)));

// ---------------------------------------------------------------------------------------------------------

describe('parseFragmentsFromBuffer', () => {
  it('indexes video+audio fragments with 32-bit boxes, tfdt v0 and per-sample durations', () => {
    const head = init();
    const f0 = fragment([
      { trackId: 1, tfdt: { version: 0, value: 0 }, firstSampleFlags: SYNC, durations: [512, 512, 512], sizes: [100, 20, 20] },
      { trackId: 2, tfdt: { version: 0, value: 0 }, sizes: [5, 5] },
    ]);
    const f1 = fragment([
      { trackId: 1, tfdt: { version: 0, value: 1536 }, firstSampleFlags: SYNC, durations: [512, 1024], sizes: [90, 20] },
      { trackId: 2, tfdt: { version: 0, value: 2048 }, sizes: [5] },
    ]);
    const file = Buffer.concat([head, f0, f1]);
    assert.deepEqual(parseFragmentsFromBuffer(file), {
      initSize: head.length,
      timescale: 12800,
      videoTrackId: 1,
      fragments: [
        { offset: head.length, size: f0.length, decodeTime: 0, duration: 0.12, startSec: 0, keyframe: true },
        { offset: head.length + f0.length, size: f1.length, decodeTime: 1536, duration: 0.12, startSec: 0.12, keyframe: true },
      ],
      durationSec: 0.24,
      truncatedBytes: 0,
      codecs: 'avc1.64001f,mp4a.40.2',
      width: 640,
      height: 360,
    });
  });

  it('reads 64-bit largesize moof and mdat boxes and a tfdt v1 beyond 2^32', () => {
    const head = init({ audio: false });
    const base = 2 ** 33;
    const f0 = fragment([{ ...second(0, { audio: false })[0]!, tfdt: { version: 1, value: base } }], { large: true });
    const f1 = fragment([{ ...second(0, { audio: false })[0]!, tfdt: { version: 1, value: base + 12800 } }], { large: true });
    const index = parseFragmentsFromBuffer(Buffer.concat([head, f0, f1]));
    assert.equal(f0.readUInt32BE(0), 1, 'the synthetic moof really uses largesize');
    assert.deepEqual(
      index.fragments.map((f) => [f.offset, f.size, f.decodeTime, f.startSec, f.duration]),
      [
        [head.length, f0.length, base, 0, 1],
        [head.length + f0.length, f1.length, base + 12800, 1, 1],
      ],
    );
    assert.equal(index.durationSec, 2);
    assert.equal(index.codecs, 'avc1.64001f');
  });

  it('takes an mdat of size 0 as running to the end of the file', () => {
    const head = init();
    const f0 = fragment(second(0));
    const f1 = fragment(second(1), { mdatSizeZero: true });
    const index = parseFragmentsFromBuffer(Buffer.concat([head, f0, f1]));
    assert.deepEqual(
      index.fragments.map((f) => [f.offset, f.size]),
      [
        [head.length, f0.length],
        [head.length + f0.length, f1.length],
      ],
    );
    assert.equal(index.truncatedBytes, 0);
  });

  it('takes sample durations from tfhd defaults, else from trex defaults, when the trun has none', () => {
    const head = init({ audio: false, videoTrex: { duration: 400, size: 0, flags: NON_SYNC } });
    const fromTfhd = fragment([
      { trackId: 1, tfdt: { version: 0, value: 0 }, firstSampleFlags: SYNC, defaultDuration: 256, sizes: [10, 10, 10, 10] },
    ]);
    const fromTrex = fragment([{ trackId: 1, tfdt: { version: 0, value: 1024 }, firstSampleFlags: SYNC, sizes: [10, 10] }]);
    const index = parseFragmentsFromBuffer(Buffer.concat([head, fromTfhd, fromTrex]));
    assert.deepEqual(
      index.fragments.map((f) => [f.decodeTime, f.duration * 12800]),
      [
        [0, 1024],
        [1024, 800],
      ],
    );
    assert.equal(index.durationSec, 1824 / 12800);
  });

  it('falls back to the previous fragment end when a moof has no tfdt', () => {
    const head = init({ audio: false });
    const noTfdt = (t: TrafSpec): TrafSpec => ({ ...t, tfdt: undefined });
    const file = Buffer.concat([
      head,
      fragment([noTfdt(second(0, { audio: false })[0]!)]),
      fragment([noTfdt(second(1, { audio: false })[0]!)]),
    ]);
    assert.deepEqual(
      parseFragmentsFromBuffer(file).fragments.map((f) => [f.decodeTime, f.startSec]),
      [
        [0, 0],
        [12800, 1],
      ],
    );
  });

  it('flags a fragment that does not start with a keyframe (first_sample_flags, or the defaults)', () => {
    const head = init({ audio: false, videoTrex: { duration: 512, size: 0, flags: NON_SYNC } });
    const viaFirstFlags = fragment(second(0, { audio: false, key: false }));
    const viaTrex = fragment([{ trackId: 1, tfdt: { version: 0, value: 12800 }, sizes: [10, 10] }]);
    const viaTfhd = fragment([{ trackId: 1, tfdt: { version: 0, value: 13824 }, defaultFlags: SYNC, sizes: [10, 10] }]);
    const key = fragment([{ ...second(2, { audio: false })[0]! }]);
    const index = parseFragmentsFromBuffer(Buffer.concat([head, viaFirstFlags, viaTrex, viaTfhd, key]));
    assert.deepEqual(
      index.fragments.map((f) => f.keyframe),
      [false, false, true, true],
    );
  });

  it('merges an audio-only moof into the fragment it follows, or the first fragment when it leads', () => {
    const head = init();
    const audioOnly = (ts: number): Buffer => fragment([{ trackId: 2, tfdt: { version: 0, value: ts }, sizes: [4, 4] }]);
    const lead = audioOnly(0);
    const f0 = fragment(second(0));
    const f1 = fragment(second(1));
    const tail = audioOnly(88200);
    const index = parseFragmentsFromBuffer(Buffer.concat([head, lead, f0, f1, tail]));
    assert.deepEqual(
      index.fragments.map((f) => [f.offset, f.size, f.decodeTime]),
      [
        [head.length, lead.length + f0.length, 0],
        [head.length + lead.length + f0.length, f1.length + tail.length, 12800],
      ],
    );
    assert.equal(index.durationSec, 2);
  });

  it('a file with only ftyp+moov has no fragments and no truncation', () => {
    const head = init();
    assert.deepEqual(parseFragmentsFromBuffer(head), {
      initSize: head.length,
      timescale: 12800,
      videoTrackId: 1,
      fragments: [],
      durationSec: 0,
      truncatedBytes: 0,
      codecs: 'avc1.64001f,mp4a.40.2',
      width: 640,
      height: 360,
    });
  });

  it('does not count the mfra trailer of a cleanly closed file as truncation', () => {
    const head = init();
    const f0 = fragment(second(0));
    const index = parseFragmentsFromBuffer(Buffer.concat([head, f0, MFRA]));
    assert.equal(index.fragments.length, 1);
    assert.equal(index.fragments[0]!.size, f0.length);
    assert.equal(index.truncatedBytes, 0);
  });

  describe('a chunk cut short by a crash', () => {
    const head = init();
    const f0 = fragment(second(0));
    const f1 = fragment(second(1));
    const f2 = fragment(second(2));
    const whole = Buffer.concat([head, f0, f1, f2]);
    const f2Start = head.length + f0.length + f1.length;
    const moofSize = f2.readUInt32BE(0);

    for (const [name, cut] of [
      ['in the middle of the last mdat', f2Start + moofSize + 100],
      ['inside the last mdat header', f2Start + moofSize + 5],
      ['right after the last moof (no mdat yet)', f2Start + moofSize],
      ['in the middle of the last moof', f2Start + 40],
      ['inside the last moof header', f2Start + 3],
    ] as const) {
      it(`excludes the last fragment when cut ${name}`, () => {
        const index = parseFragmentsFromBuffer(whole.subarray(0, cut));
        assert.equal(index.fragments.length, 2);
        assert.equal(index.fragments[1]!.offset + index.fragments[1]!.size, f2Start);
        assert.equal(index.truncatedBytes, cut - f2Start);
        assert.equal(index.durationSec, 2);
      });
    }

    it('excludes a zero-filled tail (a power cut after the size was extended)', () => {
      const index = parseFragmentsFromBuffer(Buffer.concat([head, f0, f1, zeros(5000)]));
      assert.equal(index.fragments.length, 2);
      assert.equal(index.truncatedBytes, 5000);
    });

    it('excludes a fragment whose samples point past its mdat', () => {
      const broken = Buffer.from(f2);
      const mdatAt = moofSize;
      broken.writeUInt32BE(broken.readUInt32BE(mdatAt) - 50, mdatAt); // mdat declared 50 bytes short
      const file = Buffer.concat([head, f0, f1, broken.subarray(0, broken.length - 50)]);
      const index = parseFragmentsFromBuffer(file);
      assert.equal(index.fragments.length, 2);
      assert.equal(index.truncatedBytes, file.length - f2Start);
    });

    it('keeps a whole video fragment when only the audio-only moof after it is cut', () => {
      const tail = fragment([{ trackId: 2, tfdt: { version: 0, value: 132300 }, sizes: [400, 400] }]);
      const file = Buffer.concat([whole, tail.subarray(0, tail.length - 300)]);
      const index = parseFragmentsFromBuffer(file);
      assert.equal(index.fragments.length, 3);
      assert.equal(index.fragments[2]!.size, f2.length);
      assert.equal(index.truncatedBytes, tail.length - 300);
    });
  });

  it('rejects what is not a fragmented MP4 with an empty moov', () => {
    const head = init();
    const ftyp = head.subarray(0, head.readUInt32BE(0));
    assert.throws(() => parseFragmentsFromBuffer(Buffer.alloc(0)), /empty file/);
    assert.throws(() => parseFragmentsFromBuffer(ftyp), /no moov/);
    assert.throws(() => parseFragmentsFromBuffer(head.subarray(0, head.length - 10)), /incomplete moov/);
    assert.throws(
      () => parseFragmentsFromBuffer(Buffer.concat([ftyp, box('mdat', zeros(10)), head.subarray(ftyp.length)])),
      /mdat at \d+ before moov/,
    );
    const noMvex = Buffer.concat([ftyp, box('moov', box('mvhd', full(0, 0), zeros(96)), trak(1, 'vide', 12800, avc1(2, 2)))]);
    assert.throws(
      () => parseFragmentsFromBuffer(noMvex),
      (e) => e instanceof Fmp4Error && /no mvex/.test(e.message),
    );
  });
});

describe('indexFragments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'argus-fmp4-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the same index from disk as from memory, including moofs larger than one header read', async () => {
    const head = init({ audio: false });
    const big = fragment([
      {
        trackId: 1,
        tfdt: { version: 0, value: 0 },
        firstSampleFlags: SYNC,
        durations: Array<number>(1500).fill(10),
        sizes: Array<number>(1500).fill(3),
      },
    ]);
    assert.ok(big.readUInt32BE(0) > 4096, 'the moof is larger than the 4 KiB speculative read');
    const file = Buffer.concat([head, big, fragment(second(2, { audio: false })), MFRA]);
    const path = join(dir, 'big-moof.mp4');
    writeFileSync(path, file);
    const fromDisk = await indexFragments(path);
    assert.deepEqual(fromDisk, parseFragmentsFromBuffer(file));
    assert.equal(fromDisk.fragments[0]!.duration, 15000 / 12800);
  });

  it('fails with ENOENT for a missing file', async () => {
    await assert.rejects(indexFragments(join(dir, 'missing.mp4')), { code: 'ENOENT' });
  });

  describe('on real ffmpeg recordings', () => {
    const path = join(dir, 'out.mp4');
    const FFMPEG_FMP4 = [
      '-c:v',
      'libx264',
      '-g',
      '25',
      '-c:a',
      'aac',
      '-movflags',
      '+frag_keyframe+empty_moov+default_base_moof',
      '-frag_duration',
      '1000000',
    ];
    before(async () => {
      await run('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=640x360:rate=25',
        '-f',
        'lavfi',
        '-i',
        'sine',
        '-t',
        '5',
        ...FFMPEG_FMP4,
        '-f',
        'mp4',
        path,
      ]);
    });

    /** Top-level boxes, to find where to cut. */
    const topLevel = (buf: Buffer): { type: string; start: number; size: number }[] => {
      const out = [];
      for (let pos = 0; pos < buf.length;) {
        const size = buf.readUInt32BE(pos);
        out.push({ type: buf.toString('latin1', pos + 4, pos + 8), start: pos, size });
        pos += size;
      }
      return out;
    };

    it('finds five 1 s keyframe fragments, contiguous from the init segment to the mfra trailer', async () => {
      const index = await indexFragments(path);
      const size = statSync(path).size;
      assert.equal(index.fragments.length, 5);
      assert.equal(index.timescale, 12800);
      assert.equal(index.videoTrackId, 1);
      assert.equal(index.codecs?.replace(/^avc1\.[0-9a-f]{6}/, 'avc1.x'), 'avc1.x,mp4a.40.2');
      assert.deepEqual([index.width, index.height], [640, 360]);
      assert.equal(index.truncatedBytes, 0);
      let at = index.initSize;
      for (const [i, f] of index.fragments.entries()) {
        assert.equal(f.offset, at, `fragment ${i} starts where the previous one ended`);
        assert.equal(f.keyframe, true);
        assert.equal(f.startSec, i);
        assert.equal(f.duration, 1);
        at += f.size;
      }
      const rest = topLevel(readFileSync(path)).filter((b) => b.start >= at);
      assert.deepEqual(
        rest.map((b) => b.type),
        ['mfra'],
      );
      assert.equal(rest[0]!.start + rest[0]!.size, size);
      assert.equal(index.durationSec, 5);
    });

    it('matches ffprobe: per-fragment video packet durations and the stream duration', async () => {
      const index = await indexFragments(path);
      const { stdout } = await run('ffprobe', [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'packet=pos,duration_time,flags:stream=duration',
        '-of',
        'json',
        path,
      ]);
      const probe = JSON.parse(stdout) as {
        packets: { pos: string; duration_time: string; flags: string }[];
        streams: { duration: string }[];
      };
      assert.ok(Math.abs(Number(probe.streams[0]!.duration) - index.durationSec) <= 1 / 25, 'within one frame of ffprobe');
      const perFragment = index.fragments.map(() => ({ seconds: 0, packets: 0, firstKey: false }));
      for (const p of probe.packets) {
        const i = index.fragments.findIndex((f) => Number(p.pos) >= f.offset && Number(p.pos) < f.offset + f.size);
        assert.ok(i >= 0, `packet at ${p.pos} lies inside a fragment`);
        if (perFragment[i]!.packets === 0) perFragment[i]!.firstKey = p.flags.startsWith('K');
        perFragment[i]!.packets++;
        perFragment[i]!.seconds += Number(p.duration_time);
      }
      for (const [i, f] of index.fragments.entries()) {
        assert.equal(perFragment[i]!.packets, 25);
        assert.ok(
          Math.abs(perFragment[i]!.seconds - f.duration) < 1e-6,
          `fragment ${i}: ${perFragment[i]!.seconds} s per ffprobe, ${f.duration} s indexed`,
        );
        assert.equal(perFragment[i]!.firstKey, f.keyframe);
      }
    });

    it('keeps four complete fragments when the file is cut in the middle of the last video mdat', async () => {
      const whole = await indexFragments(path);
      const last = whole.fragments[4]!;
      const boxes = topLevel(readFileSync(path)).filter((b) => b.start >= last.offset);
      assert.deepEqual(
        boxes.slice(0, 2).map((b) => b.type),
        ['moof', 'mdat'],
      );
      const mdat = boxes[1]!;
      const cut = join(dir, 'cut-video.mp4');
      writeFileSync(cut, readFileSync(path));
      truncateSync(cut, mdat.start + Math.floor(mdat.size / 2));
      const index = await indexFragments(cut);
      assert.equal(index.fragments.length, 4);
      assert.deepEqual(index.fragments, whole.fragments.slice(0, 4));
      assert.equal(index.truncatedBytes, mdat.start + Math.floor(mdat.size / 2) - last.offset);
      assert.ok(index.truncatedBytes > 0);
      assert.equal(index.durationSec, 4);
    });

    it('keeps the last video fragment when only the audio-only tail after it is cut', async () => {
      const whole = await indexFragments(path);
      const last = whole.fragments[4]!;
      const boxes = topLevel(readFileSync(path)).filter((b) => b.start >= last.offset && b.start < last.offset + last.size);
      // ffmpeg ends the file with a moof holding only the last AAC frames; it belongs to the last fragment.
      assert.deepEqual(
        boxes.map((b) => b.type),
        ['moof', 'mdat', 'moof', 'mdat'],
      );
      const tailMdat = boxes[3]!;
      const cut = join(dir, 'cut-audio.mp4');
      writeFileSync(cut, readFileSync(path));
      truncateSync(cut, tailMdat.start + 20);
      const index = await indexFragments(cut);
      assert.equal(index.fragments.length, 5);
      assert.equal(index.fragments[4]!.size, boxes[2]!.start - last.offset);
      assert.equal(index.truncatedBytes, tailMdat.start + 20 - boxes[2]!.start);
      assert.equal(index.durationSec, 5);
    });

    it('indexes what a recorder killed with SIGKILL left behind; the complete fragments play', async () => {
      const live = join(dir, 'killed.mp4');
      const child = spawn(
        'ffmpeg',
        [
          '-v',
          'error',
          '-y',
          '-re',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=640x360:rate=25',
          '-f',
          'lavfi',
          '-i',
          'sine',
          '-t',
          '20',
          ...FFMPEG_FMP4,
          '-flush_packets',
          '1',
          '-f',
          'mp4',
          live,
        ],
        { stdio: 'ignore' },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        const deadline = Date.now() + 15_000;
        // Poll until ffmpeg has flushed at least three whole fragments.
        for (;;) {
          let n = 0;
          try {
            n = (await indexFragments(live)).fragments.length;
          } catch {
            n = 0; // not even the moov yet
          }
          if (n >= 3) break;
          assert.ok(Date.now() < deadline, 'ffmpeg wrote three fragments within 15 s');
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
      const index = await indexFragments(live);
      assert.ok(index.fragments.length >= 3);
      const last = index.fragments[index.fragments.length - 1]!;
      assert.equal(index.truncatedBytes, statSync(live).size - (last.offset + last.size));
      // The init segment plus every complete fragment is a valid file of exactly the indexed duration.
      const playable = join(dir, 'killed-complete.mp4');
      writeFileSync(playable, readFileSync(live).subarray(0, last.offset + last.size));
      const { stdout } = await run('ffprobe', [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-count_packets',
        '-show_entries',
        'stream=nb_read_packets',
        '-of',
        'csv=p=0',
        playable,
      ]);
      assert.equal(Number(stdout.trim()), Math.round(index.durationSec * 25));
    });
  });
});
