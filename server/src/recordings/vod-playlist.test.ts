import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { indexFragments, type FragmentIndex } from './fmp4';
import { buildVodPlaylist, type ChunkInput } from './vod-playlist';

const run = promisify(execFile);

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0); // 2024-05-01T10:00:00.000Z
const SIZE = 50_000;

/** A synthetic chunk index: `n` fragments of `fragSec` seconds and SIZE bytes after a 1000-byte init segment. */
function index(
  n: number,
  opts: { fragSec?: number; timescale?: number; firstDecode?: number; keyframes?: boolean[]; truncatedBytes?: number } = {},
): FragmentIndex {
  const fragSec = opts.fragSec ?? 1;
  const timescale = opts.timescale ?? 12800;
  const firstDecode = opts.firstDecode ?? 0;
  return {
    initSize: 1000,
    timescale,
    videoTrackId: 1,
    fragments: Array.from({ length: n }, (_, i) => ({
      offset: 1000 + i * SIZE,
      size: SIZE,
      decodeTime: firstDecode + Math.round(i * fragSec * timescale),
      duration: fragSec,
      startSec: i * fragSec,
      keyframe: opts.keyframes?.[i] ?? true,
    })),
    durationSec: n * fragSec,
    truncatedBytes: opts.truncatedBytes ?? 0,
    codecs: 'avc1.64001f,mp4a.40.2',
    width: 1280,
    height: 720,
  };
}

function chunk(id: string, startMs: number, idx: FragmentIndex, initKey: string | null = 'avc1.64001f/1280x720'): ChunkInput {
  return { id, uri: `${id}.mp4`, startMs, index: idx, ...(initKey === null ? {} : { initKey }) };
}

const HEAD = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:1', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-INDEPENDENT-SEGMENTS'];
const seg = (uri: string, i: number, extinf = '1.000'): string[] => [
  `#EXTINF:${extinf},`,
  `#EXT-X-BYTERANGE:${SIZE}@${1000 + i * SIZE}`,
  uri,
];
const map = (uri: string): string => `#EXT-X-MAP:URI="${uri}",BYTERANGE="1000@0"`;
const pdt = (ms: number): string => `#EXT-X-PROGRAM-DATE-TIME:${new Date(ms).toISOString()}`;
const text = (...lines: (string | string[])[]): string => lines.flat().join('\n') + '\n';

describe('buildVodPlaylist', () => {
  it('range inside one chunk: the fragments overlapping it, one MAP, one date-time', () => {
    const out = buildVodPlaylist([chunk('a', T0, index(10))], T0 + 2000, T0 + 5000);
    assert.equal(
      out.playlist,
      text(
        HEAD,
        map('a.mp4'),
        '#EXT-X-PROGRAM-DATE-TIME:2024-05-01T10:00:02.000Z',
        seg('a.mp4', 2),
        seg('a.mp4', 3),
        seg('a.mp4', 4),
        '#EXT-X-ENDLIST',
      ),
    );
    assert.deepEqual(out, { playlist: out.playlist, startMs: T0 + 2000, endMs: T0 + 5000, durationSec: 3, gaps: [] });
  });

  it('range starting mid-fragment: starts at that fragment and points the player at the requested second', () => {
    const out = buildVodPlaylist([chunk('a', T0, index(10))], T0 + 2500, T0 + 4200);
    assert.equal(
      out.playlist,
      text(
        HEAD,
        '#EXT-X-START:TIME-OFFSET=0.500,PRECISE=YES',
        map('a.mp4'),
        pdt(T0 + 2000),
        seg('a.mp4', 2),
        seg('a.mp4', 3),
        seg('a.mp4', 4),
        '#EXT-X-ENDLIST',
      ),
    );
    assert.equal(out.startMs, T0 + 2000);
    assert.equal(out.endMs, T0 + 5000);
    assert.equal(out.durationSec, 3);
  });

  it('range starting in a fragment without a keyframe: backs up to the keyframe fragment before it', () => {
    // A 3 s GOP cut into 1 s fragments: only every third fragment starts with a keyframe.
    const idx = index(9, { keyframes: [true, false, false, true, false, false, true, false, false] });
    const out = buildVodPlaylist([chunk('a', T0, idx)], T0 + 2500, T0 + 3500);
    assert.equal(
      out.playlist,
      text(
        HEAD.filter((l) => l !== '#EXT-X-INDEPENDENT-SEGMENTS'),
        '#EXT-X-START:TIME-OFFSET=2.500,PRECISE=YES',
        map('a.mp4'),
        pdt(T0),
        seg('a.mp4', 0),
        seg('a.mp4', 1),
        seg('a.mp4', 2),
        seg('a.mp4', 3),
        '#EXT-X-ENDLIST',
      ),
    );
    assert.equal(out.startMs, T0);
  });

  it('range across two contiguous chunks with the same init and continuing timestamps: a new MAP, no discontinuity', () => {
    const a = chunk('a', T0, index(10));
    const b = chunk('b', T0 + 10_000, index(10, { firstDecode: 10 * 12800 }));
    const out = buildVodPlaylist([b, a], T0 + 8000, T0 + 12_000);
    assert.equal(
      out.playlist,
      text(
        HEAD,
        map('a.mp4'),
        pdt(T0 + 8000),
        seg('a.mp4', 8),
        seg('a.mp4', 9),
        map('b.mp4'),
        pdt(T0 + 10_000),
        seg('b.mp4', 0),
        seg('b.mp4', 1),
        '#EXT-X-ENDLIST',
      ),
    );
    assert.deepEqual(out.gaps, []);
    assert.equal(out.durationSec, 4);
  });

  it('range across two contiguous chunks whose timestamps restart at 0 (as ffmpeg writes them): MAP and discontinuity, no gap', () => {
    const out = buildVodPlaylist([chunk('a', T0, index(10)), chunk('b', T0 + 10_000, index(10))], T0 + 8000, T0 + 12_000);
    assert.equal(
      out.playlist,
      text(
        HEAD,
        map('a.mp4'),
        pdt(T0 + 8000),
        seg('a.mp4', 8),
        seg('a.mp4', 9),
        '#EXT-X-DISCONTINUITY',
        map('b.mp4'),
        pdt(T0 + 10_000),
        seg('b.mp4', 0),
        seg('b.mp4', 1),
        '#EXT-X-ENDLIST',
      ),
    );
    assert.deepEqual(out.gaps, []);
    assert.equal(out.durationSec, 4);
  });

  it('range across two contiguous chunks with different or unknown init segments: discontinuity', () => {
    for (const initKey of ['avc1.640028/1920x1080', null]) {
      const b = chunk('b', T0 + 10_000, index(10, { firstDecode: 10 * 12800 }), initKey);
      const out = buildVodPlaylist([chunk('a', T0, index(10)), b], T0 + 9000, T0 + 11_000);
      assert.equal(
        out.playlist,
        text(
          HEAD,
          map('a.mp4'),
          pdt(T0 + 9000),
          seg('a.mp4', 9),
          '#EXT-X-DISCONTINUITY',
          map('b.mp4'),
          pdt(T0 + 10_000),
          seg('b.mp4', 0),
          '#EXT-X-ENDLIST',
        ),
        `initKey ${initKey}`,
      );
    }
  });

  it('range across a gap: discontinuity, the date-time after it, and the gap reported', () => {
    const out = buildVodPlaylist([chunk('a', T0, index(10)), chunk('b', T0 + 70_000, index(10))], T0 + 8000, T0 + 72_000);
    assert.equal(
      out.playlist,
      text(
        HEAD,
        map('a.mp4'),
        pdt(T0 + 8000),
        seg('a.mp4', 8),
        seg('a.mp4', 9),
        '#EXT-X-DISCONTINUITY',
        map('b.mp4'),
        '#EXT-X-PROGRAM-DATE-TIME:2024-05-01T10:01:10.000Z',
        seg('b.mp4', 0),
        seg('b.mp4', 1),
        '#EXT-X-ENDLIST',
      ),
    );
    assert.deepEqual(out.gaps, [{ fromMs: T0 + 10_000, toMs: T0 + 70_000 }]);
    assert.equal(out.startMs, T0 + 8000);
    assert.equal(out.endMs, T0 + 72_000);
    assert.equal(out.durationSec, 4);
  });

  it('a gap inside one chunk (timestamps jump) is a discontinuity too, with the same MAP', () => {
    const idx = index(4);
    idx.fragments[2] = { ...idx.fragments[2]!, startSec: 5, decodeTime: 5 * 12800 };
    idx.fragments[3] = { ...idx.fragments[3]!, startSec: 6, decodeTime: 6 * 12800 };
    const out = buildVodPlaylist([chunk('a', T0, idx)], T0, T0 + 7000);
    assert.equal(
      out.playlist,
      text(
        HEAD,
        map('a.mp4'),
        pdt(T0),
        seg('a.mp4', 0),
        seg('a.mp4', 1),
        '#EXT-X-DISCONTINUITY',
        pdt(T0 + 5000),
        seg('a.mp4', 2),
        seg('a.mp4', 3),
        '#EXT-X-ENDLIST',
      ),
    );
    assert.deepEqual(out.gaps, [{ fromMs: T0 + 2000, toMs: T0 + 5000 }]);
  });

  it('a recovered partial chunk: only its complete fragments, then a gap up to the next chunk', () => {
    // The recorder was killed 4.2 s into chunk a (the 5th fragment was cut: not in the index) and restarted at 6 s.
    const a = chunk('a', T0, index(4, { truncatedBytes: 12_345 }));
    const b = chunk('b', T0 + 6000, index(10));
    const out = buildVodPlaylist([a, b], T0, T0 + 8000);
    assert.equal(
      out.playlist,
      text(
        HEAD,
        map('a.mp4'),
        pdt(T0),
        seg('a.mp4', 0),
        seg('a.mp4', 1),
        seg('a.mp4', 2),
        seg('a.mp4', 3),
        '#EXT-X-DISCONTINUITY',
        map('b.mp4'),
        pdt(T0 + 6000),
        seg('b.mp4', 0),
        seg('b.mp4', 1),
        '#EXT-X-ENDLIST',
      ),
    );
    assert.deepEqual(out.gaps, [{ fromMs: T0 + 4000, toMs: T0 + 6000 }]);
    assert.equal(out.durationSec, 6);
  });

  it('skips the fragments of a later chunk that overlap what is already listed', () => {
    const out = buildVodPlaylist([chunk('a', T0, index(10)), chunk('b', T0 + 8000, index(10))], T0 + 9000, T0 + 12_000);
    assert.equal(
      out.playlist,
      text(
        HEAD,
        map('a.mp4'),
        pdt(T0 + 9000),
        seg('a.mp4', 9),
        '#EXT-X-DISCONTINUITY',
        map('b.mp4'),
        pdt(T0 + 10_000),
        seg('b.mp4', 2),
        seg('b.mp4', 3),
        '#EXT-X-ENDLIST',
      ),
    );
    assert.deepEqual(out.gaps, []);
  });

  it('rounds EXTINF on the running total so the durations add up, and TARGETDURATION is the longest rounded up', () => {
    const thirds = buildVodPlaylist([chunk('a', T0, index(3, { fragSec: 1 / 3 }))], T0, T0 + 1000);
    assert.deepEqual(
      thirds.playlist.split('\n').filter((l) => l.startsWith('#EXTINF')),
      ['#EXTINF:0.333,', '#EXTINF:0.334,', '#EXTINF:0.333,'],
    );
    assert.equal(thirds.durationSec, 1);
    const long = buildVodPlaylist([chunk('a', T0, index(3, { fragSec: 2.002, timescale: 30000 }))], T0, T0 + 6006);
    assert.match(long.playlist, /^#EXT-X-TARGETDURATION:3$/m);
    assert.equal(long.durationSec, 6.006);
  });

  it('an empty selection: a playlist with no segments and durationSec 0', () => {
    const expected = text('#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:1', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-ENDLIST');
    const inGap = buildVodPlaylist([chunk('a', T0, index(10)), chunk('b', T0 + 70_000, index(10))], T0 + 20_000, T0 + 30_000);
    assert.deepEqual(inGap, { playlist: expected, startMs: T0 + 20_000, endMs: T0 + 20_000, durationSec: 0, gaps: [] });
    assert.equal(buildVodPlaylist([], T0, T0 + 1000).playlist, expected);
    assert.equal(buildVodPlaylist([chunk('a', T0, index(0))], T0, T0 + 1000).durationSec, 0);
  });

  it('rejects an empty range and URIs that would break the playlist', () => {
    const a = chunk('a', T0, index(2));
    assert.throws(() => buildVodPlaylist([a], T0 + 1000, T0 + 1000), /invalid range/);
    assert.throws(() => buildVodPlaylist([a], Number.NaN, T0), /invalid range/);
    assert.throws(() => buildVodPlaylist([{ ...a, uri: 'a.mp4\n#EXT-X-ENDLIST' }], T0, T0 + 1000), /URI/);
    assert.throws(() => buildVodPlaylist([{ ...a, uri: 'a".mp4' }], T0, T0 + 1000), /URI/);
  });
});

// ---------------------------------------------------------------------------------------------------------

/** Adds `seconds` to every tfdt of a fragmented MP4 (timescales by track id), as a recorder that kept timestamps would write. */
function shiftDecodeTimes(file: Buffer, seconds: number, timescales: Map<number, number>): Buffer {
  const out = Buffer.from(file);
  const boxes = (from: number, to: number): { type: string; start: number; size: number }[] => {
    const list = [];
    for (let pos = from; pos < to;) {
      const size = out.readUInt32BE(pos);
      list.push({ type: out.toString('latin1', pos + 4, pos + 8), start: pos, size });
      pos += size;
    }
    return list;
  };
  for (const moof of boxes(0, out.length).filter((b) => b.type === 'moof')) {
    for (const traf of boxes(moof.start + 8, moof.start + moof.size).filter((b) => b.type === 'traf')) {
      const inner = boxes(traf.start + 8, traf.start + traf.size);
      const trackId = out.readUInt32BE(inner.find((b) => b.type === 'tfhd')!.start + 12);
      const tfdt = inner.find((b) => b.type === 'tfdt')!;
      assert.equal(out[tfdt.start + 8], 1, 'ffmpeg writes tfdt version 1');
      const shift = BigInt(Math.round(seconds * timescales.get(trackId)!));
      out.writeBigUInt64BE(out.readBigUInt64BE(tfdt.start + 12) + shift, tfdt.start + 12);
    }
  }
  return out;
}

describe('buildVodPlaylist over real ffmpeg recordings, read by ffprobe over HTTP byte ranges', () => {
  const dir = mkdtempSync(join(tmpdir(), 'argus-vod-'));
  let server: Server;
  let base = '';
  const ranges: string[] = [];
  const indexes = new Map<string, FragmentIndex>();

  before(async () => {
    const fmp4 = [
      '-t',
      '5',
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
      '-f',
      'mp4',
    ];
    await Promise.all([
      run('ffmpeg', [
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
        'sine=frequency=440',
        ...fmp4,
        join(dir, 'a.mp4'),
      ]),
      run('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=640x360:rate=25',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=880',
        ...fmp4,
        join(dir, 'b.mp4'),
      ]),
    ]);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=index,time_base',
      '-of',
      'csv=p=0',
      join(dir, 'b.mp4'),
    ]);
    const timescales = new Map(
      stdout
        .trim()
        .split('\n')
        .map((l) => l.split(','))
        .map(([i, tb]) => [Number(i) + 1, Number(tb!.split('/')[1])] as [number, number]),
    );
    writeFileSync(join(dir, 'b-continued.mp4'), shiftDecodeTimes(readFileSync(join(dir, 'b.mp4')), 5, timescales));
    for (const name of ['a.mp4', 'b.mp4', 'b-continued.mp4']) indexes.set(name, await indexFragments(join(dir, name)));

    server = createServer((req, res) => {
      let data: Buffer;
      try {
        data = readFileSync(join(dir, basename(new URL(req.url ?? '/', 'http://localhost').pathname)));
      } catch {
        res.writeHead(404).end();
        return;
      }
      const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (!m) {
        ranges.push(`${req.url} whole`);
        res.writeHead(200, { 'content-length': data.length, 'accept-ranges': 'bytes' }).end(data);
        return;
      }
      const start = Number(m[1]);
      const end = m[2] ? Math.min(Number(m[2]), data.length - 1) : data.length - 1;
      ranges.push(`${req.url} ${end - start + 1}@${start}`);
      res
        .writeHead(206, {
          'content-length': end - start + 1,
          'content-range': `bytes ${start}-${end}/${data.length}`,
          'accept-ranges': 'bytes',
        })
        .end(data.subarray(start, end + 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the playlist, has ffprobe read it through the server; returns its duration and video packet times. */
  async function probe(name: string, playlist: string): Promise<{ duration: number; videoPts: number[] }> {
    writeFileSync(join(dir, name), playlist);
    ranges.length = 0;
    const url = `${base}/${name}`;
    const format = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', url]);
    const packets = await run('ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time',
      '-of',
      'csv=p=0',
      url,
    ]);
    return {
      duration: Number(format.stdout.trim()),
      videoPts: packets.stdout
        .trim()
        .split('\n')
        .map(Number)
        .sort((x, y) => x - y),
    };
  }

  /** The byte ranges the playlist asks for (MAP and segments), as the server logs them. */
  function wanted(playlist: string): string[] {
    const out: string[] = [];
    const lines = playlist.split('\n');
    lines.forEach((l, i) => {
      const mapped = /^#EXT-X-MAP:URI="([^"]+)",BYTERANGE="(\d+)@(\d+)"$/.exec(l);
      if (mapped) out.push(`/${mapped[1]} ${mapped[2]}@${mapped[3]}`);
      const range = /^#EXT-X-BYTERANGE:(\d+)@(\d+)$/.exec(l);
      if (range) out.push(`/${lines[i + 1]} ${range[1]}@${range[2]}`);
    });
    return out;
  }

  const chunks = (second: string, bStartMs: number): ChunkInput[] => [
    { id: 'a', uri: 'a.mp4', startMs: T0, index: indexes.get('a.mp4')!, initKey: 'x264-640x360' },
    { id: 'b', uri: second, startMs: bStartMs, index: indexes.get(second)!, initKey: 'x264-640x360' },
  ];

  for (const [scenario, second, bStartMs, discontinuities] of [
    ['contiguous chunks, timestamps restarting (ffmpeg as is)', 'b.mp4', T0 + 5000, 1],
    ['contiguous chunks, timestamps continuing (MAP only)', 'b-continued.mp4', T0 + 5000, 0],
    ['chunks 60 s apart (a gap)', 'b.mp4', T0 + 65_000, 1],
  ] as const) {
    it(`${scenario}: ffprobe reads every selected frame and the duration within one frame`, async () => {
      const out = buildVodPlaylist(chunks(second, bStartMs), T0 + 2500, bStartMs + 3000);
      assert.equal(out.startMs, T0 + 2000);
      assert.equal(out.durationSec, 6, 'a: fragments 2-4, b: fragments 0-2');
      assert.equal(out.playlist.split('\n').filter((l) => l === '#EXT-X-DISCONTINUITY').length, discontinuities);
      assert.equal(out.gaps.length, bStartMs > T0 + 5000 ? 1 : 0);

      const { duration, videoPts } = await probe(`${scenario.replace(/\W+/g, '-')}.m3u8`, out.playlist);
      assert.ok(Math.abs(duration - out.durationSec) <= 1 / 25, `ffprobe says ${duration} s, the playlist ${out.durationSec} s`);
      assert.equal(videoPts.length, out.durationSec * 25, 'every video frame of the selected fragments');
      assert.ok(!ranges.some((r) => r.endsWith('whole')), 'only byte-range requests');
      const media = ranges.filter((r) => !r.includes('.m3u8'));
      assert.deepEqual([...new Set(media)].sort(), [...new Set(wanted(out.playlist))].sort(), 'exactly the ranges the playlist lists');
      if (discontinuities === 0) {
        // One timeline: frames 1/25 s apart from the first to the last.
        const steps = videoPts.slice(1).map((t, i) => Math.round((t - videoPts[i]!) * 1000));
        assert.deepEqual([...new Set(steps)], [40]);
      }
    });
  }
});
