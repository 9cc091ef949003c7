/**
 * When to restart a supervised child that exited, and when to stop trying. Pure: the caller passes the clock.
 *
 * - A run that lasted at least `stableAfterMs` proves the setup works: it clears the failure history and the
 *   backoff, and the next restart waits `baseDelayMs`.
 * - A shorter run is a failure: restart after `baseDelayMs * 2^(consecutive failures - 1)`, capped at `maxDelayMs`.
 * - The `maxFailures`-th failure within `failureWindowMs` gives up (the caller marks the camera `error`); the policy
 *   keeps answering give-up until `reset()` (an operator action, a new publish, a config change).
 */
export interface RestartPolicyOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
  maxFailures: number;
  failureWindowMs: number;
}

export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicyOptions> = Object.freeze({
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  stableAfterMs: 30_000,
  maxFailures: 5,
  failureWindowMs: 120_000,
});

export type RestartDecision = { action: 'restart'; delayMs: number } | { action: 'give-up'; reason: 'too many failures' };

export class RestartPolicy {
  private readonly opts: RestartPolicyOptions;
  /** Times (ms) of the failures still inside the window. */
  private failures: number[] = [];
  private consecutive = 0;
  private gaveUp = false;

  constructor(options: Partial<RestartPolicyOptions> = {}) {
    this.opts = { ...DEFAULT_RESTART_POLICY, ...options };
    const o = this.opts;
    for (const k of ['baseDelayMs', 'maxDelayMs', 'stableAfterMs', 'failureWindowMs'] as const) {
      if (!Number.isFinite(o[k]) || o[k] < 0) throw new RangeError(`${k} must be a number >= 0`);
    }
    if (!Number.isInteger(o.maxFailures) || o.maxFailures < 1) throw new RangeError('maxFailures must be an integer >= 1');
    if (o.maxDelayMs < o.baseDelayMs) throw new RangeError('maxDelayMs must be >= baseDelayMs');
  }

  /** The process exited at `nowMs` (any monotonic clock) after running `uptimeMs`. */
  onExit(nowMs: number, uptimeMs: number): RestartDecision {
    if (this.gaveUp) return { action: 'give-up', reason: 'too many failures' };
    const o = this.opts;
    if (uptimeMs >= o.stableAfterMs) {
      this.failures = [];
      this.consecutive = 0;
      return { action: 'restart', delayMs: o.baseDelayMs };
    }
    this.failures = this.failures.filter((t) => t > nowMs - o.failureWindowMs);
    this.failures.push(nowMs);
    if (this.failures.length >= o.maxFailures) {
      this.gaveUp = true;
      return { action: 'give-up', reason: 'too many failures' };
    }
    // 2^consecutive without overflow: past 2^30 the cap has long been reached.
    const delayMs = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.min(this.consecutive, 30));
    this.consecutive++;
    return { action: 'restart', delayMs };
  }

  /** Forget the history: the next failure restarts after `baseDelayMs` again. */
  reset(): void {
    this.failures = [];
    this.consecutive = 0;
    this.gaveUp = false;
  }
}
