/**
 * Fixed-window counters keyed by string. In memory by default; the same interface can be
 * backed by Redis when REDIS_URL is set (so several nodes share the counts).
 */
export interface RateLimiter {
  /** Counts one hit; returns whether it is within `limit` for the window, and when the window resets. */
  hit(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, limit: number, windowMs: number) {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(t, windowMs);
    }
    w.count += 1;
    return { allowed: w.count <= limit, retryAfterMs: w.start + windowMs - t };
  }

  private sweep(t: number, windowMs: number) {
    for (const [k, w] of this.windows) if (t - w.start >= windowMs) this.windows.delete(k);
  }
}

export const RATE_LIMITER = Symbol('RATE_LIMITER');

/** The same fixed windows in Redis, so every Argus node shares the counts (REDIS_URL). */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: import('ioredis').Redis) {}

  async hit(key: string, limit: number, windowMs: number) {
    const k = `argus:rl:${key}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(k).pttl(k).exec()) as [[null, number], [null, number]];
    let remaining = ttl;
    if (ttl < 0) {
      await this.redis.pexpire(k, windowMs);
      remaining = windowMs;
    }
    return { allowed: count <= limit, retryAfterMs: remaining };
  }
}
