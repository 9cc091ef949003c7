import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const middle = () => 0.5;

  it('doubles the delay with each attempt', () => {
    assert.deepEqual(
      [0, 1, 2, 3].map((attempt) => backoffDelay(attempt, { baseMs: 500, random: middle })),
      [500, 1000, 2000, 4000],
    );
  });

  it('never waits longer than the maximum', () => {
    assert.equal(backoffDelay(20, { baseMs: 1000, maxMs: 30_000, random: middle }), 30_000);
    assert.equal(backoffDelay(20, { baseMs: 1000, maxMs: 30_000, random: () => 0.999 }), 30_000);
  });

  it('spreads retries within the jitter band', () => {
    assert.equal(backoffDelay(1, { baseMs: 1000, jitter: 0.5, random: () => 0 }), 1000);
    assert.equal(backoffDelay(1, { baseMs: 1000, jitter: 0.5, random: () => 1 }), 3000);
    assert.equal(backoffDelay(1, { baseMs: 1000, jitter: 0, random: () => 1 }), 2000);
  });

  it('treats a negative attempt as the first', () => {
    assert.equal(backoffDelay(-3, { baseMs: 800, random: middle }), 800);
  });
});
