/**
 * When to try a failed delivery again. Pure: the caller injects the random source and does the
 * waiting (the notification service persists the next attempt time; tests scale the delays down).
 *
 * `attempt` is the 1-based number of the attempt that just failed: after the first failure wait
 * ~5 s, then ~30 s, ~2 min, ~10 min, ~30 min, then ~1 h for every later one. Each delay is spread
 * by ±10 % so that many notifications failing together (a receiver down for everyone) do not
 * come back together.
 */

export const RETRY_SCHEDULE_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];

/** ± this fraction of the delay. */
export const RETRY_JITTER = 0.1;

function assertAttempt(attempt: number): void {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer ≥ 1, got ${attempt}`);
}

/**
 * Milliseconds to wait before the attempt after `attempt`.
 * @param random returns a number in [0, 1), like Math.random (0 → -10 %, 0.5 → exact, →1 → +10 %).
 */
export function nextAttemptDelay(attempt: number, random: () => number = Math.random): number {
  assertAttempt(attempt);
  const base = RETRY_SCHEDULE_MS[Math.min(attempt, RETRY_SCHEDULE_MS.length) - 1];
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${r}`);
  return Math.round(base * (1 + (r * 2 - 1) * RETRY_JITTER));
}

/** True when `attempt` attempts have been made and no more are allowed. */
export function shouldGiveUp(attempt: number, maxAttempts: number): boolean {
  assertAttempt(attempt);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  return attempt >= maxAttempts;
}
