import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clockAt,
  planPlayer,
  setClockRate,
  setClockRunning,
  shouldHold,
  skipGap,
  startClock,
  SYNC_COOLDOWN_MS,
  SYNC_MAX_HOLD_MS,
  SYNC_RETRY_MS,
  tickClock,
  type SyncPlayer,
} from './sync';

const W = Date.parse('2026-01-15T10:00:00.000Z');

describe('shared clock', () => {
  it('moves at its rate while running', () => {
    const clock = startClock(W, 1000);
    assert.equal(clockAt(clock, 3000), W + 2000);
    assert.equal(clockAt(setClockRate(clock, 4, 2000), 3000), W + 1000 + 4000);
  });

  it('stands still while paused', () => {
    const paused = setClockRunning(startClock(W, 1000), false, 2000);
    assert.equal(paused.wall, W + 1000);
    assert.equal(clockAt(paused, 60_000), W + 1000);
  });

  it('waits while held, then goes on from where it stood', () => {
    let clock = startClock(W, 0);
    clock = tickClock(clock, 250, false);
    assert.equal(clock.wall, W + 250);
    clock = tickClock(clock, 2000, true);
    assert.equal(clock.wall, W + 250);
    clock = tickClock(clock, 2250, false);
    assert.equal(clock.wall, W + 500);
  });
});

const player = (over: Partial<SyncPlayer> = {}): SyncPlayer => ({
  spans: [{ start: W - 60_000, end: W + 60_000 }],
  loaded: { start: W - 30_000, end: W + 30_000 },
  wallMs: W,
  ready: true,
  failed: false,
  lastActionAt: null,
  notReadySince: null,
  ...over,
});
const AT = 100_000;

describe('planPlayer', () => {
  it('leaves a player within the tolerance alone', () => {
    assert.deepEqual(planPlayer(W, player({ wallMs: W - 400 }), AT), { kind: 'none' });
    assert.deepEqual(planPlayer(W, player({ wallMs: W + 450 }), AT), { kind: 'none' });
  });

  it('seeks a laggard, and a player running ahead, onto the clock', () => {
    assert.deepEqual(planPlayer(W, player({ wallMs: W - 700 }), AT), { kind: 'seek', at: W });
    assert.deepEqual(planPlayer(W, player({ wallMs: W + 2000 }), AT), { kind: 'seek', at: W });
  });

  it('shows the placeholder where the camera recorded nothing, or its recordings are unknown', () => {
    assert.deepEqual(planPlayer(W + 90_000, player(), AT), { kind: 'placeholder' });
    assert.deepEqual(planPlayer(W, player({ spans: null }), AT), { kind: 'placeholder' });
  });

  it('opens a playlist at the clock when none is loaded or the clock left it', () => {
    assert.deepEqual(planPlayer(W, player({ loaded: null, wallMs: null }), AT), { kind: 'open', at: W });
    assert.deepEqual(planPlayer(W + 45_000, player(), AT), { kind: 'open', at: W + 45_000 });
    assert.deepEqual(planPlayer(W - 40_000, player(), AT), { kind: 'open', at: W - 40_000 });
  });

  it('gives a player it just told something time to do it', () => {
    assert.deepEqual(planPlayer(W, player({ wallMs: W - 3000, lastActionAt: AT - SYNC_COOLDOWN_MS + 1 }), AT), { kind: 'none' });
    assert.deepEqual(planPlayer(W, player({ wallMs: W - 3000, lastActionAt: AT - SYNC_COOLDOWN_MS }), AT), { kind: 'seek', at: W });
  });

  it('does not judge a player that is not ready or does not know its time', () => {
    assert.deepEqual(planPlayer(W, player({ wallMs: W - 3000, ready: false }), AT), { kind: 'none' });
    assert.deepEqual(planPlayer(W, player({ wallMs: null }), AT), { kind: 'none' });
  });

  it('retries a failed player only after a while', () => {
    assert.deepEqual(planPlayer(W, player({ failed: true, lastActionAt: AT - 5000 }), AT), { kind: 'none' });
    assert.deepEqual(planPlayer(W, player({ failed: true, lastActionAt: AT - SYNC_RETRY_MS }), AT), { kind: 'open', at: W });
  });
});

describe('shouldHold', () => {
  it('waits for a camera with a recording at the clock that is still loading', () => {
    assert.equal(shouldHold(W, [player(), player({ ready: false, notReadySince: AT - 1000 })], AT), true);
  });

  it('goes on when every camera is ready', () => {
    assert.equal(shouldHold(W, [player(), player()], AT), false);
  });

  it('does not wait for cameras without a recording at the clock, or that failed', () => {
    assert.equal(shouldHold(W + 90_000, [player({ ready: false, notReadySince: AT })], AT), false);
    assert.equal(shouldHold(W, [player({ ready: false, failed: true, notReadySince: AT })], AT), false);
  });

  it('stops waiting for a camera that takes too long', () => {
    assert.equal(shouldHold(W, [player({ ready: false, notReadySince: AT - SYNC_MAX_HOLD_MS })], AT), false);
  });
});

describe('skipGap', () => {
  const union = [
    { start: W, end: W + 10_000 },
    { start: W + 60_000, end: W + 70_000 },
  ];

  it('jumps over a time nobody recorded to the next recording', () => {
    assert.equal(skipGap(W + 20_000, union), W + 60_000);
    assert.equal(skipGap(W - 5000, union), W);
  });

  it('stays while something is recorded, or when nothing comes later', () => {
    assert.equal(skipGap(W + 5000, union), null);
    assert.equal(skipGap(W + 80_000, union), null);
  });
});
