import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy, type RestartDecision } from './restart-policy';

const restart = (delayMs: number): RestartDecision => ({ action: 'restart', delayMs });
const GIVE_UP: RestartDecision = { action: 'give-up', reason: 'too many failures' };

describe('RestartPolicy (defaults: 1 s base, 30 s cap, stable after 30 s, 5 failures in 120 s)', () => {
  it('crash loop: backs off 1, 2, 4, 8 s and gives up on the fifth quick exit', () => {
    const p = new RestartPolicy();
    // Each run lasts 0.5 s, then the process waits the delay before starting again.
    assert.deepEqual(p.onExit(500, 500), restart(1000)); // started 0
    assert.deepEqual(p.onExit(2_000, 500), restart(2000)); // started 1.5 s
    assert.deepEqual(p.onExit(4_500, 500), restart(4000)); // started 4 s
    assert.deepEqual(p.onExit(9_000, 500), restart(8000)); // started 8.5 s
    assert.deepEqual(p.onExit(17_500, 500), GIVE_UP); // started 17 s: 5 failures within 17.5 s
  });

  it('stays given up until reset, then starts again from the base delay', () => {
    const p = new RestartPolicy({ maxFailures: 2 });
    assert.deepEqual(p.onExit(0, 100), restart(1000));
    assert.deepEqual(p.onExit(1_100, 100), GIVE_UP);
    assert.deepEqual(p.onExit(500_000, 60_000), GIVE_UP, 'even a later stable run does not undo a give-up');
    p.reset();
    assert.deepEqual(p.onExit(501_000, 100), restart(1000));
    assert.deepEqual(p.onExit(502_100, 100), GIVE_UP);
  });

  it('a run of at least 30 s resets the backoff and the failure history', () => {
    const p = new RestartPolicy();
    assert.deepEqual(p.onExit(1_000, 1_000), restart(1000));
    assert.deepEqual(p.onExit(3_000, 1_000), restart(2000));
    assert.deepEqual(p.onExit(8_000, 1_000), restart(4000));
    assert.deepEqual(p.onExit(28_999, 16_999), restart(8000), 'just under stableAfterMs still counts as a failure');
    // Started at 36.999 s, ran exactly 30 s: stable.
    assert.deepEqual(p.onExit(66_999, 30_000), restart(1000));
    // Four more quick failures fit again before a give-up: the earlier four no longer count.
    assert.deepEqual(p.onExit(68_500, 500), restart(1000));
    assert.deepEqual(p.onExit(70_000, 500), restart(2000));
    assert.deepEqual(p.onExit(72_500, 500), restart(4000));
    assert.deepEqual(p.onExit(77_000, 500), restart(8000));
    assert.deepEqual(p.onExit(85_500, 500), GIVE_UP);
  });

  it('sparse failures outside the window never give up, and the delay stops at the 30 s cap', () => {
    const p = new RestartPolicy();
    const decisions: RestartDecision[] = [];
    // Each run lasts 29 s (just short of stable); the next exit comes after the delay plus another 29 s.
    // The window never holds more than 4 failures.
    let now = 29_000;
    for (let i = 0; i < 10; i++) {
      const d = p.onExit(now, 29_000);
      decisions.push(d);
      assert.equal(d.action, 'restart', `exit ${i} at ${now}`);
      if (d.action === 'restart') now += d.delayMs + 29_000;
    }
    assert.deepEqual(
      decisions.map((d) => (d.action === 'restart' ? d.delayMs : -1)),
      [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000],
    );
  });

  it('counts a failure exactly failureWindowMs old as outside the window', () => {
    const p = new RestartPolicy({ maxFailures: 2, failureWindowMs: 10_000 });
    assert.deepEqual(p.onExit(0, 0), restart(1000));
    assert.deepEqual(p.onExit(10_000, 0), restart(2000), 'the failure at 0 has just left the window');
    assert.deepEqual(p.onExit(10_001, 0), GIVE_UP, 'two failures within 1 ms');
  });

  it('rejects options that make no sense', () => {
    assert.throws(() => new RestartPolicy({ maxFailures: 0 }), /maxFailures/);
    assert.throws(() => new RestartPolicy({ baseDelayMs: -1 }), /baseDelayMs/);
    assert.throws(() => new RestartPolicy({ baseDelayMs: 5000, maxDelayMs: 1000 }), /maxDelayMs/);
  });
});
