import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ProgressParser, type ProgressSample } from './progress';

/** Captured from ffmpeg 5.1.9 (Debian 12): x264 + AAC to FLV, `-progress pipe:1 -stats_period 1 -re`, 2.5 s. */
const ENCODE_CAPTURE = `frame=1
fps=0.00
stream_0_0_q=0.0
bitrate=N/A
total_size=403
out_time_us=0
out_time_ms=0
out_time=00:00:00.000000
dup_frames=0
drop_frames=0
speed=   0x
progress=continue
frame=31
fps=30.50
stream_0_0_q=32.0
bitrate=1087.4kbits/s
total_size=123007
out_time_us=905000
out_time_ms=905000
out_time=00:00:00.905000
dup_frames=0
drop_frames=0
speed=0.891x
progress=continue
frame=61
fps=30.23
stream_0_0_q=32.0
bitrate= 975.2kbits/s
total_size=232101
out_time_us=1904000
out_time_ms=1904000
out_time=00:00:01.904000
dup_frames=0
drop_frames=0
speed=0.943x
progress=continue
frame=75
fps=29.89
stream_0_0_q=-1.0
bitrate= 951.0kbits/s
total_size=298151
out_time_us=2508000
out_time_ms=2508000
out_time=00:00:02.508000
dup_frames=0
drop_frames=0
speed=   1x
progress=end`;

/** Captured from ffmpeg 5.1.9: stream copy of a 3 s FLV into the HLS muxer (no byte count, so N/A), not paced. */
const HLS_COPY_CAPTURE = `frame=0
fps=0.00
stream_0_0_q=-1.0
bitrate=N/A
total_size=N/A
out_time_us=23222
out_time_ms=23222
out_time=00:00:00.023222
dup_frames=0
drop_frames=0
speed=N/A
progress=continue
frame=90
fps=0.00
stream_0_0_q=-1.0
bitrate=N/A
total_size=N/A
out_time_us=3041611
out_time_ms=3041611
out_time=00:00:03.041611
dup_frames=0
drop_frames=0
speed=1.06e+03x
progress=end`;

function parseAll(text: string): ProgressSample[] {
  const p = new ProgressParser();
  return text.split('\n').flatMap((l) => p.push(l) ?? []);
}

describe('ProgressParser', () => {
  it('returns one sample per block of a captured encode, with padded values and N/A handled', () => {
    assert.deepEqual(parseAll(ENCODE_CAPTURE), [
      {
        frame: 1,
        fps: 0,
        bitrateKbps: null,
        totalSizeBytes: 403,
        outTimeMs: 0,
        dupFrames: 0,
        dropFrames: 0,
        speed: 0,
        progress: 'continue',
      },
      {
        frame: 31,
        fps: 30.5,
        bitrateKbps: 1087.4,
        totalSizeBytes: 123007,
        outTimeMs: 905,
        dupFrames: 0,
        dropFrames: 0,
        speed: 0.891,
        progress: 'continue',
      },
      {
        frame: 61,
        fps: 30.23,
        bitrateKbps: 975.2,
        totalSizeBytes: 232101,
        outTimeMs: 1904,
        dupFrames: 0,
        dropFrames: 0,
        speed: 0.943,
        progress: 'continue',
      },
      {
        frame: 75,
        fps: 29.89,
        bitrateKbps: 951,
        totalSizeBytes: 298151,
        outTimeMs: 2508,
        dupFrames: 0,
        dropFrames: 0,
        speed: 1,
        progress: 'end',
      },
    ]);
  });

  it('reads an HLS copy run: unknown size and bitrate are null, exponent speed is parsed', () => {
    assert.deepEqual(parseAll(HLS_COPY_CAPTURE), [
      {
        frame: 0,
        fps: 0,
        bitrateKbps: null,
        totalSizeBytes: null,
        outTimeMs: 23,
        dupFrames: 0,
        dropFrames: 0,
        speed: null,
        progress: 'continue',
      },
      {
        frame: 90,
        fps: 0,
        bitrateKbps: null,
        totalSizeBytes: null,
        outTimeMs: 3042,
        dupFrames: 0,
        dropFrames: 0,
        speed: 1060,
        progress: 'end',
      },
    ]);
  });

  it('returns null until a block closes, and starts each block from scratch', () => {
    const p = new ProgressParser();
    assert.equal(p.push('frame=10'), null);
    assert.equal(p.push('dup_frames=3'), null);
    assert.equal(p.push('drop_frames=2'), null);
    assert.equal(p.push('garbage line without equals'), null);
    assert.equal(p.push(''), null);
    const first = p.push('progress=continue');
    assert.equal(first?.frame, 10);
    assert.equal(first?.dupFrames, 3);
    assert.equal(first?.dropFrames, 2);
    const second = p.push('progress=continue');
    assert.deepEqual(second, {
      frame: 0,
      fps: 0,
      bitrateKbps: null,
      totalSizeBytes: null,
      outTimeMs: null,
      dupFrames: 0,
      dropFrames: 0,
      speed: null,
      progress: 'continue',
    });
  });

  it('falls back to out_time when the microsecond fields are N/A or missing, including negative times', () => {
    const p = new ProgressParser();
    p.push('out_time_us=N/A');
    p.push('out_time=00:01:02.500000');
    assert.equal(p.push('progress=continue')?.outTimeMs, 62_500);
    p.push('out_time=-00:00:00.023222');
    assert.equal(p.push('progress=continue')?.outTimeMs, -23);
  });

  it('parses the live output of a real ffmpeg run', async () => {
    const { stdout } = await promisify(execFile)('ffmpeg', [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'warning',
      '-progress',
      'pipe:1',
      '-stats_period',
      '1',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25',
      '-t',
      '2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-f',
      'null',
      '-',
    ]);
    const samples = parseAll(stdout);
    const last = samples.at(-1)!;
    assert.equal(last.progress, 'end');
    assert.equal(last.frame, 50);
    assert.equal(last.outTimeMs !== null && last.outTimeMs >= 1900 && last.outTimeMs <= 2100, true, String(last.outTimeMs));
    assert.ok(samples.slice(0, -1).every((s) => s.progress === 'continue'));
  });
});
