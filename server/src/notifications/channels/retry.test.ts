import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextAttemptDelay, RETRY_SCHEDULE_MS, shouldGiveUp } from './retry';

const middle = () => 0.5;

describe('nextAttemptDelay', () => {
  it('follows 5 s, 30 s, 2 min, 10 min, 30 min, then 1 h for every later attempt', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 50].map((a) => nextAttemptDelay(a, middle));
    assert.deepEqual(delays, [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  it('spreads each delay by at most ±10 % through the injected random', () => {
    assert.equal(
      nextAttemptDelay(1, () => 0),
      4_500,
    );
    assert.equal(
      nextAttemptDelay(1, () => 0.25),
      4_750,
    );
    assert.equal(
      nextAttemptDelay(6, () => 0.999999),
      3_959_999,
    );
    for (let attempt = 1; attempt <= RETRY_SCHEDULE_MS.length + 2; attempt++) {
      const base = RETRY_SCHEDULE_MS[Math.min(attempt, RETRY_SCHEDULE_MS.length) - 1];
      for (const r of [0, 0.1, 0.5, 0.9, 0.9999]) {
        const d = nextAttemptDelay(attempt, () => r);
        assert.ok(d >= base * 0.9 && d <= base * 1.1, `attempt ${attempt}, random ${r}: ${d}`);
      }
    }
  });

  it('uses Math.random when no random is given, staying within the jitter', () => {
    for (let i = 0; i < 100; i++) {
      const d = nextAttemptDelay(2);
      assert.ok(d >= 27_000 && d <= 33_000, String(d));
    }
  });

  it('rejects an attempt number that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => nextAttemptDelay(bad, middle), RangeError);
  });

  it('rejects a random source that leaves [0, 1)', () => {
    for (const bad of [1, -0.1, Number.NaN]) assert.throws(() => nextAttemptDelay(1, () => bad), RangeError);
  });
});

describe('shouldGiveUp', () => {
  it('gives up once the number of attempts made reaches the maximum', () => {
    assert.equal(shouldGiveUp(1, 3), false);
    assert.equal(shouldGiveUp(2, 3), false);
    assert.equal(shouldGiveUp(3, 3), true);
    assert.equal(shouldGiveUp(4, 3), true);
    assert.equal(shouldGiveUp(1, 1), true);
  });

  it('rejects a maximum or an attempt that is not a positive integer', () => {
    assert.throws(() => shouldGiveUp(1, 0), RangeError);
    assert.throws(() => shouldGiveUp(0, 3), RangeError);
    assert.throws(() => shouldGiveUp(1, 2.5), RangeError);
  });
});
