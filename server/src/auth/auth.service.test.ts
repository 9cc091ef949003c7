import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lockedUntil } from './auth.service';

const MIN = 60_000;

describe('lockedUntil (account lock-out rule)', () => {
  it('does not lock with fewer failures than the limit', () => {
    assert.equal(
      lockedUntil(
        [4, 3, 2, 1].map((m) => m * MIN),
        5,
        15 * MIN,
        15 * MIN,
        5 * MIN,
      ),
      null,
    );
  });

  it('locks for the lock period after the limit is reached within the window', () => {
    const fails = [10, 8, 6, 4, 2].map((m) => m * MIN);
    assert.equal(lockedUntil(fails, 5, 15 * MIN, 15 * MIN, 11 * MIN), 25 * MIN);
  });

  it('does not lock when the failures are spread wider than the window', () => {
    const fails = [30, 20, 10, 5, 0].map((m) => m * MIN);
    assert.equal(lockedUntil(fails, 5, 15 * MIN, 15 * MIN, 31 * MIN), null);
  });

  it('unlocks once the lock period has passed', () => {
    const fails = [10, 8, 6, 4, 2].map((m) => m * MIN);
    assert.equal(lockedUntil(fails, 5, 15 * MIN, 15 * MIN, 25 * MIN), null);
  });
});
