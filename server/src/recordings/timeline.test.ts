import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTimeline } from './timeline';

describe('buildTimeline', () => {
  it('joins chunks that butt together into one range', () => {
    const t = buildTimeline(
      [
        { startMs: 0, endMs: 10_000 },
        { startMs: 10_000, endMs: 20_000 },
        { startMs: 20_040, endMs: 25_000 },
      ],
      0,
      25_000,
    );
    assert.deepEqual(t.ranges, [{ startMs: 0, endMs: 25_000 }]);
    assert.deepEqual(t.gaps, []);
    assert.equal(t.recordedMs, 25_000);
  });

  it('makes gaps explicit: before, between and after the recordings', () => {
    const t = buildTimeline(
      [
        { startMs: 5_000, endMs: 10_000 },
        { startMs: 30_000, endMs: 40_000 },
      ],
      0,
      60_000,
    );
    assert.deepEqual(t.ranges, [
      { startMs: 5_000, endMs: 10_000 },
      { startMs: 30_000, endMs: 40_000 },
    ]);
    assert.deepEqual(t.gaps, [
      { startMs: 0, endMs: 5_000 },
      { startMs: 10_000, endMs: 30_000 },
      { startMs: 40_000, endMs: 60_000 },
    ]);
  });

  it('clips to the requested window and ignores spans outside it', () => {
    const t = buildTimeline(
      [
        { startMs: 0, endMs: 100 },
        { startMs: 50, endMs: 500 },
        { startMs: 900, endMs: 2_000 },
      ],
      200,
      1_000,
      10,
    );
    assert.deepEqual(t.ranges, [
      { startMs: 200, endMs: 500 },
      { startMs: 900, endMs: 1_000 },
    ]);
    assert.deepEqual(t.gaps, [{ startMs: 500, endMs: 900 }]);
  });

  it('is all gap when nothing was recorded', () => {
    assert.deepEqual(buildTimeline([], 0, 10).gaps, [{ startMs: 0, endMs: 10 }]);
  });
});
