import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOUR, MINUTE, SECOND } from './timeScale';
import { afterEnd, LIVE_EDGE_MS, planJump, planSeek, playbackWindow, resolveSeek } from './windows';

const NOW = Date.parse('2026-01-15T12:00:00.000Z');
const t = (minutesBeforeNow: number) => NOW - minutesBeforeNow * MINUTE;
/** Recorded 10:00–10:30 and 11:00–now (the chunk being written). */
const SPANS = [
  { start: t(120), end: t(90) },
  { start: t(60), end: NOW },
];

describe('playbackWindow', () => {
  it('asks for an hour from the chosen time', () => {
    assert.deepEqual(playbackWindow(t(120), NOW), { start: t(120), end: t(60) });
  });

  it('stops a few seconds short of now, where the writing chunk has no complete fragment yet', () => {
    assert.deepEqual(playbackWindow(t(10), NOW), { start: t(10), end: NOW - LIVE_EDGE_MS });
  });

  it('pulls a start at the live edge back so the window is never empty', () => {
    const w = playbackWindow(NOW, NOW);
    assert.equal(w.end, NOW - LIVE_EDGE_MS);
    assert.equal(w.end - w.start, SECOND);
  });
});

describe('resolveSeek', () => {
  it('plays a recorded time as it is', () => {
    assert.deepEqual(resolveSeek(t(100), SPANS, NOW), { kind: 'play', at: t(100) });
  });

  it('snaps a time in a gap forward to the next recording', () => {
    assert.deepEqual(resolveSeek(t(75), SPANS, NOW), { kind: 'snap', at: t(60), requested: t(75) });
    assert.deepEqual(resolveSeek(t(200), SPANS, NOW), { kind: 'snap', at: t(120), requested: t(200) });
  });

  it('snaps back to the end of the previous recording when jumping backwards into a gap', () => {
    assert.deepEqual(resolveSeek(t(75), SPANS, NOW, -1), { kind: 'snap', at: t(90) - 10 * SECOND, requested: t(75) });
  });

  it('tells when nothing is recorded in the direction of travel', () => {
    assert.deepEqual(resolveSeek(t(200), SPANS, NOW, -1), { kind: 'none', requested: t(200) });
    const old = [{ start: t(120), end: t(90) }];
    assert.deepEqual(resolveSeek(t(30), old, NOW, 1), { kind: 'none', requested: t(30) });
  });

  it('falls back to the last recording for a click after everything recorded', () => {
    const old = [{ start: t(120), end: t(90) }];
    assert.deepEqual(resolveSeek(t(30), old, NOW, 0), { kind: 'snap', at: t(90) - 10 * SECOND, requested: t(30) });
  });

  it('pulls a time at or after now back to the live edge', () => {
    assert.deepEqual(resolveSeek(NOW + MINUTE, SPANS, NOW), { kind: 'snap', at: NOW - LIVE_EDGE_MS, requested: NOW + MINUTE });
  });

  it('just plays when the recordings around the time are not known', () => {
    assert.deepEqual(resolveSeek(t(2000), null, NOW), { kind: 'play', at: t(2000) });
  });
});

describe('planJump', () => {
  const loaded = { start: t(120), end: t(90) };

  it('seeks inside the loaded playlist', () => {
    assert.deepEqual(planJump(t(100), 10 * SECOND, loaded, SPANS, NOW), { kind: 'seek', at: t(100) + 10 * SECOND });
    assert.deepEqual(planJump(t(100), -MINUTE, loaded, SPANS, NOW), { kind: 'seek', at: t(101) });
  });

  it('opens a new playlist beyond it, skipping the gap in the direction of the jump', () => {
    assert.deepEqual(planJump(t(90) - 5 * SECOND, MINUTE, loaded, SPANS, NOW), { kind: 'open', at: t(60) });
    assert.deepEqual(planJump(t(60) + 5 * SECOND, -MINUTE, { start: t(60), end: t(10) }, SPANS, NOW), {
      kind: 'open',
      at: t(90) - 10 * SECOND,
    });
  });

  it('opens a new playlist for a jump before the loaded one', () => {
    assert.deepEqual(planJump(t(60) + 5 * SECOND, -MINUTE, { start: t(60), end: t(10) }, [{ start: t(61) - 10 * SECOND, end: NOW }], NOW), {
      kind: 'open',
      at: t(61) + 5 * SECOND,
    });
  });

  it('goes nowhere when nothing is recorded that way', () => {
    assert.deepEqual(planJump(t(118), -10 * MINUTE, loaded, SPANS, NOW), { kind: 'none', requested: t(128) });
  });
});

describe('planSeek', () => {
  it('asks for a new playlist near the end of the loaded one', () => {
    const loaded = { start: 0, end: 10_000 };
    assert.deepEqual(planSeek(9000, loaded), { kind: 'seek', at: 9000 });
    assert.deepEqual(planSeek(9600, loaded), { kind: 'open', at: 9600 });
    assert.deepEqual(planSeek(5000, null), { kind: 'open', at: 5000 });
  });
});

describe('afterEnd', () => {
  it('goes on with the rest of a recording longer than the playlist', () => {
    const long = [{ start: t(300), end: t(30) }];
    assert.deepEqual(afterEnd(t(240), long, NOW), { kind: 'open', at: t(240) });
  });

  it('moves on to the next recording', () => {
    assert.deepEqual(afterEnd(t(90), SPANS, NOW), { kind: 'open', at: t(60) });
  });

  it('goes on with what the writing chunk recorded since', () => {
    assert.deepEqual(afterEnd(NOW - 2 * MINUTE, SPANS, NOW), { kind: 'open', at: NOW - 2 * MINUTE });
  });

  it('stops at the live edge and after the last recording', () => {
    assert.deepEqual(afterEnd(NOW - LIVE_EDGE_MS, SPANS, NOW), { kind: 'end' });
    assert.deepEqual(afterEnd(t(90), [{ start: t(120), end: t(90) }], NOW), { kind: 'end' });
  });

  it('tries the next playlist when the recordings are not known', () => {
    assert.deepEqual(afterEnd(NOW - HOUR, null, NOW), { kind: 'open', at: NOW - HOUR });
  });
});
