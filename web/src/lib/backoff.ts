export interface BackoffOptions {
  /** Delay before the first retry. */
  baseMs?: number;
  /** Upper bound for any delay. */
  maxMs?: number;
  /** 0…1: how much of the delay is randomised, so many clients don't retry in step. */
  jitter?: number;
  random?: () => number;
}

/**
 * Exponential backoff with jitter: attempt 0 waits about `baseMs`, each later attempt twice as
 * long, never more than `maxMs`.
 */
export function backoffDelay(
  attempt: number,
  { baseMs = 1000, maxMs = 30_000, jitter = 0.5, random = Math.random }: BackoffOptions = {},
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  const spread = exponential * jitter;
  const delay = exponential - spread + random() * 2 * spread;
  return Math.round(Math.min(maxMs, Math.max(0, delay)));
}
