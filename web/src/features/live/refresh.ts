/** The largest delay setTimeout accepts (about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RefreshOptions {
  /** Fetch a new URL this long before the old one expires… */
  leadMs?: number;
  /**
   * …but never sooner than this. A URL that looks already expired (a skewed clock) must not
   * cause a tight refetch loop; if it really has expired, the player's error recovery fetches a
   * new one anyway.
   */
  minDelayMs?: number;
  /** Used when the expiry can't be parsed. */
  fallbackMs?: number;
}

/**
 * How long to wait before fetching a new signed URL that expires at `expiresAt`, counted from
 * `now` — best the server's clock when the response arrived (its Date header), so a client
 * clock that is off doesn't matter.
 *
 * Aims `leadMs` before expiry; when less than twice that is left, halfway to expiry instead.
 */
export function refreshDelayMs(
  expiresAt: string,
  now: number,
  { leadMs = 30_000, minDelayMs = 5000, fallbackMs = 60_000 }: RefreshOptions = {},
): number {
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry) || Number.isNaN(now)) return fallbackMs;
  const remaining = expiry - now;
  const delay = remaining - Math.min(leadMs, remaining / 2);
  return Math.round(Math.min(MAX_TIMER_MS, Math.max(minDelayMs, delay)));
}

/** The server's clock at the time of a response (Date header), or the local clock without one. */
export function serverNow(dateHeader: string | null, localNow: number = Date.now()): number {
  const parsed = dateHeader ? Date.parse(dateHeader) : NaN;
  return Number.isNaN(parsed) ? localNow : parsed;
}
