import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { testSourceArgs } from '../media/ffmpeg-args';
import { chunkProbeInput, probeChunk } from './chunk-probe';
import {
  CHUNK_MP4_OPTIONS,
  RECORDER_ENV,
  chunkDayDir,
  chunkPathForListedFile,
  dayDirsToPrepare,
  parseOpenedChunk,
  parseSegmentListLine,
  recorderArgs,
  type SegmentListEntry,
} from './recorder-args';

const IN = 'rtmp://127.0.0.1:1935/live/cam-7';
const DIR = '/var/lib/argus/recordings/cam-7';
// prettier-ignore
const HEAD = [
  '-hide_banner', '-nostdin', '-loglevel', 'repeat+info', '-nostats', '-progress', 'pipe:1', '-stats_period', '1',
];
// prettier-ignore
const SEGMENT = (chunk: string) => [
  '-c', 'copy',
  '-f', 'segment',
  '-segment_time', chunk,
  '-segment_atclocktime', '0',
  '-reset_timestamps', '1',
  '-strftime', '1',
  '-segment_format', 'mp4',
  '-segment_format_options',
  'movflags=+frag_keyframe+empty_moov+default_base_moof:frag_duration=1000000:flush_packets=1',
];

describe('recorderArgs', () => {
  it('records video and audio by stream copy into fMP4 chunks per day folder, with a csv list of closed chunks', () => {
    const args = recorderArgs({
      inputUrl: IN,
      dir: DIR,
      chunkSeconds: 3600,
      hasAudio: true,
      segmentListPath: '/var/lib/argus/run/rec-cam-7-lr3x9.csv',
      runTag: 'lr3x9',
    });
    // prettier-ignore
    assert.deepEqual(args, [
      ...HEAD,
      '-rw_timeout', '5000000', '-i', IN,
      '-map', '0:v:0', '-map', '0:a:0',
      ...SEGMENT('3600'),
      '-segment_list', '/var/lib/argus/run/rec-cam-7-lr3x9.csv', '-segment_list_type', 'csv',
      `${DIR}/%Y-%m-%d/%Y%m%dT%H%M%SZ-lr3x9.mp4`,
    ]);
  });

  it('maps only the video without audio, reads a file at native rate on request, and escapes % in the folder', () => {
    // prettier-ignore
    assert.deepEqual(recorderArgs({ inputUrl: '/tmp/src.flv', dir: '/data/100%/cam/', chunkSeconds: 10, hasAudio: false, realtime: true }), [
      ...HEAD,
      '-re', '-rw_timeout', '5000000', '-i', '/tmp/src.flv',
      '-map', '0:v:0',
      ...SEGMENT('10'),
      '/data/100%%/cam/%Y-%m-%d/%Y%m%dT%H%M%SZ.mp4',
    ]);
    // 'auto' (the publisher's tracks are not known yet): the audio is mapped if there is one.
    // prettier-ignore
    assert.deepEqual(recorderArgs({ inputUrl: IN, dir: DIR, chunkSeconds: 60, hasAudio: 'auto' }), [
      ...HEAD,
      '-rw_timeout', '5000000', '-i', IN,
      '-map', '0:v:0', '-map', '0:a:0?',
      ...SEGMENT('60'),
      `${DIR}/%Y-%m-%d/%Y%m%dT%H%M%SZ.mp4`,
    ]);
    assert.equal(CHUNK_MP4_OPTIONS, SEGMENT('1').at(-1));
    assert.deepEqual(RECORDER_ENV, { TZ: 'UTC' });
  });

  it('rejects parameters that would break the process or the parsing of its output', () => {
    const base = { inputUrl: IN, dir: DIR, chunkSeconds: 10, hasAudio: true };
    for (const chunkSeconds of [0, -1, Number.NaN, Infinity, 86_401])
      assert.throws(() => recorderArgs({ ...base, chunkSeconds }), /chunkSeconds/, String(chunkSeconds));
    assert.doesNotThrow(() => recorderArgs({ ...base, chunkSeconds: 86_400 }));
    assert.throws(() => recorderArgs({ ...base, inputUrl: '' }), /inputUrl/);
    assert.throws(() => recorderArgs({ ...base, dir: '' }), /dir/);
    assert.throws(() => recorderArgs({ ...base, dir: '/a\nb' }), /line breaks/);
    assert.throws(() => recorderArgs({ ...base, segmentListPath: '' }), /segmentListPath/);
    for (const runTag of ['', 'a b', '%d', 'x/y', 'a'.repeat(41)]) assert.throws(() => recorderArgs({ ...base, runTag }), /runTag/, runTag);
  });
});

describe('chunk paths', () => {
  it('prepares the UTC day folder of now and of tomorrow, across month and year ends', () => {
    assert.deepEqual(dayDirsToPrepare(DIR, new Date('2025-12-31T23:59:59.900Z')), [`${DIR}/2025-12-31`, `${DIR}/2026-01-01`]);
    assert.deepEqual(dayDirsToPrepare(`${DIR}/`, new Date('2024-02-28T00:00:00Z')), [`${DIR}/2024-02-28`, `${DIR}/2024-02-29`]);
    assert.equal(chunkDayDir(DIR, new Date('2025-06-01T00:00:00Z')), `${DIR}/2025-06-01`);
  });

  it('finds the day folder of a chunk named in the segment list, and refuses names the recorder does not write', () => {
    assert.equal(chunkPathForListedFile(DIR, '20251231T235955Z.mp4'), `${DIR}/2025-12-31/20251231T235955Z.mp4`);
    assert.equal(chunkPathForListedFile(`${DIR}/`, '20260101T000005Z-lr3x9.mp4'), `${DIR}/2026-01-01/20260101T000005Z-lr3x9.mp4`);
    for (const f of ['../20251231T235955Z.mp4', '20251231T235955Z.ts', '2025-12-31.mp4', '20251231T235955Z-a b.mp4', ''])
      assert.equal(chunkPathForListedFile(DIR, f), null, f);
  });
});

describe('parseOpenedChunk', () => {
  it('returns the chunk path of the segment muxer "Opening" line and nothing for other lines', () => {
    assert.equal(
      parseOpenedChunk(`[segment @ 0x55be81e0f480] Opening '${DIR}/2026-11-25/20261125T012513Z.mp4' for writing`),
      `${DIR}/2026-11-25/20261125T012513Z.mp4`,
    );
    assert.equal(parseOpenedChunk("[segment @ 0x55be81e0f480] [info] Opening '/d/it's.mp4' for writing\r"), "/d/it's.mp4");
    for (const line of [
      "[segment @ 0x55be81e0f480] Opening '/run/rec.csv' for writing",
      "[hls @ 0x55be81e0f480] Opening '/live/v0/seg_000001.mp4' for writing",
      "[segment @ 0x55be81e0f480] Opening '/d/a.mp4' for reading",
      "[segment @ 0x55be81e0f480] Failed to open segment '/d/a.mp4'",
      '    Last message repeated 1 times',
      '',
    ])
      assert.equal(parseOpenedChunk(line), null, line);
  });
});

describe('parseSegmentListLine', () => {
  it('parses the rows the csv segment list holds', () => {
    assert.deepEqual(parseSegmentListLine('20261125T012513Z.mp4,10.022969,20.022969'), {
      file: '20261125T012513Z.mp4',
      startSec: 10.022969,
      endSec: 20.022969,
    });
    assert.deepEqual(parseSegmentListLine('"a,""b"".mp4",0.000000,4.960000\r'), { file: 'a,"b".mp4', startSec: 0, endSec: 4.96 });
  });

  it('returns null for anything else', () => {
    for (const line of ['', 'a.mp4,1', 'a.mp4,x,2', ',1.0,2.0', 'a.mp4,2.0,1.0', '"a.mp4,1.0,2.0', 'a.mp4,1.0,2.0,3.0', 'a.mp4,nan,inf'])
      assert.equal(parseSegmentListLine(line), null, line);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real runs with Debian's ffmpeg 5.1. The input is a pre-generated FLV read at native rate (-re), standing in for
// nginx's RTMP stream: 25 s, 25 fps, one key frame per second, H.264 + AAC.

const run = promisify(execFile);
const dirs: string[] = [];
const children = new Set<ChildProcess>();
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid) killGroup(c.pid);
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const FPS = 25;
const SOURCE_SECONDS = 25;

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

let source: Promise<string> | null = null;
function makeSource(): Promise<string> {
  if (!source) {
    const path = join(tempDir('argus-recsrc-'), 'src.flv');
    const args = testSourceArgs({ publishUrl: path, width: 320, height: 240, fps: FPS, videoKbps: 400, durationSeconds: SOURCE_SECONDS });
    source = run(
      'ffmpeg',
      args.filter((a) => a !== '-re'),
      { timeout: 60_000 },
    ).then(() => path);
  }
  return source;
}

interface Recording {
  child: ChildProcess;
  /** Chunk paths in the order the recorder announced them. */
  opened: string[];
  /** Segment-list rows present at the moment each chunk was announced. */
  rowsAtOpen: number[];
  /** Date.now() when each chunk was announced. */
  openedAt: number[];
  stderr: string[];
  progress: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startRecorder(args: string[], listPath: string): Recording {
  // Its own process group, as the process runner does, so a kill reaches the whole recorder.
  const child = spawn('ffmpeg', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...RECORDER_ENV } });
  children.add(child);
  const rec: Recording = {
    child,
    opened: [],
    rowsAtOpen: [],
    openedAt: [],
    stderr: [],
    progress: [],
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  createInterface({ input: child.stderr! }).on('line', (line) => {
    rec.stderr.push(line);
    const chunk = parseOpenedChunk(line);
    if (chunk) {
      rec.openedAt.push(Date.now());
      rec.opened.push(chunk);
      rec.rowsAtOpen.push(listRows(listPath).length);
    }
  });
  createInterface({ input: child.stdout! }).on('line', (line) => rec.progress.push(line));
  return rec;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function listRows(path: string): SegmentListEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const row = parseSegmentListLine(l);
      assert.ok(row, `unparsable segment list row ${JSON.stringify(l)}`);
      return row;
    });
}

async function until(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface VideoPackets {
  count: number;
  /** First packet's pts and last packet's pts + duration, in seconds of the file's own timeline. */
  first: number;
  end: number;
  streamDuration: number;
  formatDuration: number;
}

async function videoPackets(path: string): Promise<VideoPackets> {
  const { stdout } = await run(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time,duration_time:stream=duration:format=duration',
      '-of',
      'json',
      path,
    ],
    { maxBuffer: 32 * 1024 * 1024 },
  );
  const j = JSON.parse(stdout) as {
    packets: { pts_time: string; duration_time: string }[];
    streams: { duration: string }[];
    format: { duration: string };
  };
  const pts = j.packets.map((p) => Number(p.pts_time));
  const last = j.packets.at(-1)!;
  return {
    count: j.packets.length,
    first: Math.min(...pts),
    end: Math.max(...pts) + Number(last.duration_time),
    streamDuration: Number(j.streams[0]!.duration),
    formatDuration: Number(j.format.duration),
  };
}

describe('ffmpeg 5.1 records with the built arguments', { concurrency: true }, () => {
  it('does not create the day folder itself: a chunk in a missing folder fails the recorder', async () => {
    const src = await makeSource();
    const dir = tempDir('argus-rec-nodir-');
    const err = await run('ffmpeg', recorderArgs({ inputUrl: src, dir, chunkSeconds: 10, hasAudio: true }), {
      env: { ...process.env, ...RECORDER_ENV },
    }).then(
      () => assert.fail('expected the recorder to fail'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.notEqual(err.code, 0);
    assert.match(err.stderr, /Failed to open segment '.*\/\d{4}-\d{2}-\d{2}\/\d{8}T\d{6}Z\.mp4'/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('records 25 s into 10 s + 10 s + 5 s chunks that butt together, listing each when it closes', async (t) => {
    const src = await makeSource();
    const dir = tempDir('argus-rec-');
    const list = join(dir, 'run.csv');
    for (const d of dayDirsToPrepare(dir, new Date())) mkdirSync(d, { recursive: true });
    const rec = startRecorder(
      recorderArgs({ inputUrl: src, dir, chunkSeconds: 10, hasAudio: true, segmentListPath: list, runTag: 'r1', realtime: true }),
      list,
    );
    const { code } = await rec.exited;
    assert.equal(code, 0, rec.stderr.join('\n'));
    assert.ok(rec.progress.includes('progress=end'));

    // Three chunks announced; each row of the list was there when the next chunk opened, the last at exit.
    assert.equal(rec.opened.length, 3, rec.stderr.join('\n'));
    assert.deepEqual(rec.rowsAtOpen, [0, 1, 2]);
    const rows = listRows(list);
    assert.equal(rows.length, 3);
    assert.deepEqual(
      rows.map((r) => chunkPathForListedFile(dir, r.file)),
      rec.opened,
    );
    for (const p of rec.opened) assert.match(p, /\/\d{4}-\d{2}-\d{2}\/\d{8}T\d{6}Z-r1\.mp4$/);

    // List times are contiguous: each chunk starts where the previous one ended.
    assert.equal(rows[0]!.startSec, 0);
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.startSec, rows[i - 1]!.endSec, `row ${i}`);

    const chunks = await Promise.all(rec.opened.map(videoPackets));
    const frame = 1 / FPS;
    // 10 s, 10 s, ~5 s; every frame of the source once (no frame lost or duplicated at a boundary).
    assert.ok(Math.abs(chunks[0]!.streamDuration - 10) <= frame + 0.001, `chunk 0: ${chunks[0]!.streamDuration}`);
    assert.ok(Math.abs(chunks[1]!.streamDuration - 10) <= frame + 0.001, `chunk 1: ${chunks[1]!.streamDuration}`);
    assert.ok(Math.abs(chunks[2]!.streamDuration - 5) <= frame + 0.001, `chunk 2: ${chunks[2]!.streamDuration}`);
    assert.equal(
      chunks.reduce((n, c) => n + c.count, 0),
      SOURCE_SECONDS * FPS,
    );
    const total = chunks.reduce((s, c) => s + c.streamDuration, 0);
    assert.ok(Math.abs(total - SOURCE_SECONDS) <= frame, `total video ${total} s vs ${SOURCE_SECONDS} s`);
    // Each chunk's own timeline starts at 0; in the run's timeline (list start + pts) the last packet of chunk N
    // ends exactly where the first packet of chunk N+1 starts.
    const gaps: string[] = [];
    for (let i = 0; i < chunks.length; i++) {
      assert.ok(chunks[i]!.first <= frame, `chunk ${i} starts at ${chunks[i]!.first}`);
      if (i === 0) continue;
      const prevEnd = rows[i - 1]!.startSec + chunks[i - 1]!.end;
      const nextStart = rows[i]!.startSec + chunks[i]!.first;
      gaps.push(`${i - 1}→${i}: ${((nextStart - prevEnd) * 1000).toFixed(3)} ms`);
      assert.ok(Math.abs(nextStart - prevEnd) < 0.001, `boundary ${i - 1}→${i}: ${prevEnd} vs ${nextStart}`);
    }
    t.diagnostic(`list rows: ${rows.map((r) => `${r.startSec}–${r.endSec}`).join(', ')}`);
    t.diagnostic(
      `chunk video durations: ${chunks.map((c) => c.streamDuration).join(' + ')} = ${total.toFixed(6)} s; boundary gaps ${gaps.join(', ')}`,
    );

    // The chunk prober agrees.
    const infos = await Promise.all(rec.opened.map((p) => probeChunk('ffprobe', p)));
    for (const info of infos) {
      assert.equal(info.videoCodec, 'h264');
      assert.equal(info.audioCodec, 'aac');
      assert.equal(info.validBytes, info.bytes);
    }
  });

  it('loses less than 1 s when the recorder is killed with SIGKILL 6.5 s into a chunk', async (t) => {
    const src = await makeSource();
    const dir = tempDir('argus-rec-kill-');
    const list = join(dir, 'run.csv');
    for (const d of dayDirsToPrepare(dir, new Date())) mkdirSync(d, { recursive: true });
    const rec = startRecorder(
      recorderArgs({ inputUrl: src, dir, chunkSeconds: 10, hasAudio: 'auto', segmentListPath: list, runTag: 'k1', realtime: true }),
      list,
    );
    // The second chunk opens when its first key frame arrives (10 s of content in); kill 6.5 s later.
    await until('the second chunk', () => rec.opened.length >= 2, 20_000);
    await new Promise((r) => setTimeout(r, 6_500));
    killGroup(rec.child.pid!);
    const killedAt = Date.now();
    const { signal } = await rec.exited;
    assert.equal(signal, 'SIGKILL');

    const recordedSec = (killedAt - rec.openedAt[1]!) / 1000;
    const rows = listRows(list);
    assert.equal(rows.length, 1, 'only the closed chunk is listed');
    assert.equal(chunkPathForListedFile(dir, rows[0]!.file), rec.opened[0]);

    const partial = rec.opened[1]!;
    const info = await probeChunk('ffprobe', partial);
    // Plays: ffmpeg decodes every frame of its complete fragments (what playback would serve) without an error.
    const input = chunkProbeInput(partial, info.validBytes, info.bytes);
    const decoded = await run('ffmpeg', ['-v', 'error', '-f', 'mp4', '-i', input, '-f', 'null', '-'], { timeout: 30_000 });
    assert.equal(decoded.stderr, '');
    const lossSec = recordedSec - info.durationSec;
    t.diagnostic(
      `killed ${recordedSec.toFixed(3)} s into the chunk; partial chunk ${info.durationSec.toFixed(3)} s ` +
        `(${info.fragments} fragments, ${info.bytes} bytes, valid ${info.validBytes}); loss ${lossSec.toFixed(3)} s`,
    );
    assert.equal(info.videoCodec, 'h264');
    assert.equal(info.audioCodec, 'aac', "hasAudio 'auto' takes the audio there is");
    assert.ok(info.durationSec >= recordedSec - 1, `partial chunk ${info.durationSec} s, recorded ${recordedSec} s`);
    assert.ok(info.durationSec <= recordedSec + 0.2, `partial chunk ${info.durationSec} s cannot exceed what was sent (${recordedSec} s)`);
  });
});
