import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coveredWindow, mediaTimeAt, wallClockAt, type FragmentTime } from './mediaTime';

const T0 = Date.parse('2026-01-15T10:00:00.000Z');

/**
 * A playlist of two chunks: three 1 s fragments from T0, then — after a 60 s gap — two 1 s
 * fragments. Media time runs on across the gap (3 s → 3 s), the wall clock jumps by a minute.
 */
const FRAGS: FragmentTime[] = [
  { start: 0, duration: 1, programDateTime: T0 },
  { start: 1, duration: 1, programDateTime: T0 + 1000 },
  { start: 2, duration: 1, programDateTime: T0 + 2000 },
  { start: 3, duration: 1, programDateTime: T0 + 63_000 },
  { start: 4, duration: 1, programDateTime: T0 + 64_000 },
];

describe('wallClockAt', () => {
  it('is the fragment’s date plus how far into it the media is', () => {
    assert.equal(wallClockAt(FRAGS, 0), T0);
    assert.equal(wallClockAt(FRAGS, 1.25), T0 + 1250);
    assert.equal(wallClockAt(FRAGS, 2.999), T0 + 2999);
  });

  it('jumps across a gap', () => {
    assert.equal(wallClockAt(FRAGS, 3), T0 + 63_000);
    assert.equal(wallClockAt(FRAGS, 3.5), T0 + 63_500);
  });

  it('stays inside the first and the last fragment', () => {
    assert.equal(wallClockAt(FRAGS, -1), T0);
    assert.equal(wallClockAt(FRAGS, 5), T0 + 65_000);
    assert.equal(wallClockAt(FRAGS, 99), T0 + 65_000);
  });

  it('works with fragments that don’t start at zero (hls.js moves them to the media’s timestamps)', () => {
    const shifted = FRAGS.map((f) => ({ ...f, start: f.start + 10.04 }));
    assert.equal(wallClockAt(shifted, 10.54), T0 + 500);
  });

  it('knows nothing without fragments or dates', () => {
    assert.equal(wallClockAt([], 1), null);
    assert.equal(wallClockAt([{ start: 0, duration: 1, programDateTime: null }], 0.5), null);
    assert.equal(wallClockAt(FRAGS, NaN), null);
  });
});

describe('mediaTimeAt', () => {
  it('is the inverse of wallClockAt inside fragments', () => {
    for (const t of [0, 0.5, 1.75, 2.9, 3, 4.2]) {
      const position = mediaTimeAt(FRAGS, wallClockAt(FRAGS, t)!);
      assert.ok(position && !position.inGap && Math.abs(position.time - t) < 0.001, `at ${t}`);
    }
  });

  it('moves a time in a gap to where recording resumes', () => {
    assert.deepEqual(mediaTimeAt(FRAGS, T0 + 30_000), { time: 3, inGap: true });
    assert.deepEqual(mediaTimeAt(FRAGS, T0 + 3000), { time: 3, inGap: true });
  });

  it('is null outside the playlist', () => {
    assert.equal(mediaTimeAt(FRAGS, T0 - 1), null);
    assert.equal(mediaTimeAt(FRAGS, T0 + 65_000), null);
    assert.equal(mediaTimeAt([], T0), null);
  });
});

describe('coveredWindow', () => {
  it('runs from the first date to the end of the last fragment', () => {
    assert.deepEqual(coveredWindow(FRAGS), { start: T0, end: T0 + 65_000 });
    assert.equal(coveredWindow([]), null);
  });
});
