import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FragmentIndex } from '../recordings/fmp4';
import { concatList, type ExportChunk, exportArgs, ExportPlanError, planExport } from './export-plan';

const T0 = Date.UTC(2026, 10, 25, 1, 0, 0);

/** A chunk of `seconds` 1 s fragments, a keyframe every `gop` fragments, file time starting at `baseSec`. */
function chunk(
  path: string,
  startMs: number,
  seconds: number,
  opts: { gop?: number; baseSec?: number; codecs?: string } = {},
): ExportChunk {
  const gop = opts.gop ?? 1;
  const timescale = 90_000;
  const index: FragmentIndex = {
    initSize: 800,
    timescale,
    videoTrackId: 1,
    fragments: Array.from({ length: seconds }, (_, i) => ({
      offset: 800 + i * 1000,
      size: 1000,
      decodeTime: ((opts.baseSec ?? 0) + i) * timescale,
      duration: 1,
      startSec: i,
      keyframe: i % gop === 0,
    })),
    durationSec: seconds,
    truncatedBytes: 0,
    codecs: opts.codecs ?? 'avc1.64001f,mp4a.40.2',
    width: 1280,
    height: 720,
  };
  return { path, startMs, index };
}

describe('planExport', () => {
  it('a range inside one chunk: in at the requested second, out at the end of the range', () => {
    const plan = planExport([chunk('/r/a.mp4', T0, 10)], T0 + 3000, T0 + 7000);
    assert.deepEqual(plan, {
      parts: [{ path: '/r/a.mp4', inpoint: 3, outpoint: 7, fromMs: T0 + 3000, toMs: T0 + 7000 }],
      startMs: T0 + 3000,
      endMs: T0 + 7000,
      durationMs: 4000,
      gaps: 0,
    });
  });

  it('starts at the keyframe at or before the requested time', () => {
    const plan = planExport([chunk('/r/a.mp4', T0, 10, { gop: 4 })], T0 + 6500, T0 + 9000);
    assert.equal(plan.parts[0]!.inpoint, 4);
    assert.equal(plan.startMs, T0 + 4000);
    assert.equal(plan.durationMs, 5000);
  });

  it('a range across chunks: whole middle chunks, cut at both ends, no gaps', () => {
    const chunks = [chunk('/r/a.mp4', T0, 10), chunk('/r/b.mp4', T0 + 10_000, 10), chunk('/r/c.mp4', T0 + 20_000, 10)];
    const plan = planExport(chunks, T0 + 5000, T0 + 25_000);
    assert.deepEqual(
      plan.parts.map((p) => [p.path, p.inpoint, p.outpoint]),
      [
        ['/r/a.mp4', 5, null],
        ['/r/b.mp4', null, null],
        ['/r/c.mp4', null, 5],
      ],
    );
    assert.equal(plan.durationMs, 20_000);
    assert.equal(plan.gaps, 0);
  });

  it('skips gaps and counts them', () => {
    const chunks = [chunk('/r/a.mp4', T0, 10), chunk('/r/b.mp4', T0 + 60_000, 10)];
    const plan = planExport(chunks, T0, T0 + 120_000);
    assert.equal(plan.parts.length, 2);
    assert.equal(plan.gaps, 1);
    assert.equal(plan.durationMs, 20_000);
    assert.equal(plan.startMs, T0);
    assert.equal(plan.endMs, T0 + 70_000);
  });

  it('uses file time: inpoint and outpoint add the first fragment’s decode time', () => {
    const plan = planExport([chunk('/r/a.mp4', T0, 10, { baseSec: 100 })], T0 + 2000, T0 + 4500);
    assert.deepEqual([plan.parts[0]!.inpoint, plan.parts[0]!.outpoint], [102, 104.5]);
  });

  it('a recovered chunk overlapping its successor: the successor starts at the first keyframe after the overlap', () => {
    const chunks = [chunk('/r/recovered.mp4', T0, 10), chunk('/r/next.mp4', T0 + 8000, 10)];
    const plan = planExport(chunks, T0, T0 + 30_000);
    assert.deepEqual(
      plan.parts.map((p) => [p.path, p.inpoint, p.fromMs - T0, p.toMs - T0]),
      [
        ['/r/recovered.mp4', null, 0, 10_000],
        ['/r/next.mp4', 2, 10_000, 18_000],
      ],
    );
    assert.equal(plan.durationMs, 18_000);
  });

  it('nothing recorded in the range gives an empty plan', () => {
    const plan = planExport([chunk('/r/a.mp4', T0, 10)], T0 + 20_000, T0 + 30_000);
    assert.deepEqual(plan, { parts: [], startMs: T0 + 20_000, endMs: T0 + 20_000, durationMs: 0, gaps: 0 });
  });

  it('refuses a range across a change of format', () => {
    const chunks = [chunk('/r/a.mp4', T0, 10), chunk('/r/b.mp4', T0 + 10_000, 10, { codecs: 'hvc1.1.6.L93.B0' })];
    assert.throws(() => planExport(chunks, T0, T0 + 20_000), ExportPlanError);
    assert.equal(planExport(chunks, T0, T0 + 9000).parts.length, 1);
  });
});

describe('concatList and exportArgs', () => {
  it('writes an ffconcat list with quoted paths and cut points', () => {
    const text = concatList([
      { path: "/data/rec/it's.mp4", inpoint: 5, outpoint: null, fromMs: 0, toMs: 1 },
      { path: '/data/rec/b.mp4', inpoint: null, outpoint: 2.5, fromMs: 1, toMs: 2 },
    ]);
    assert.equal(text, "ffconcat version 1.0\nfile '/data/rec/it'\\''s.mp4'\ninpoint 5.000\nfile '/data/rec/b.mp4'\noutpoint 2.500\n");
  });

  it('stream-copies the list into a faststart MP4 with progress on stdout', () => {
    assert.deepEqual(exportArgs('/d/exports/x.ffconcat', '/d/exports/x.part.mp4'), [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-nostats',
      '-progress',
      'pipe:1',
      '-f',
      'concat',
      '-safe',
      '0',
      '-protocol_whitelist',
      'file,http,https,tcp,tls,crypto',
      '-i',
      '/d/exports/x.ffconcat',
      '-map',
      '0:v',
      '-map',
      '0:a?',
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      '-y',
      '/d/exports/x.part.mp4',
    ]);
  });
});
