// Which recorded time to play and which playlist to ask for: clicks in gaps, jumps, the window a
// playlist covers, and what follows when it ends. Pure.
import { nextSpanAfter, prevSpanBefore, spanAt, type Span } from './spans';
import { HOUR, SECOND, type TimeWindow } from './timeScale';

/** How much a playlist asks for: up to an hour after the start… */
export const WINDOW_MS = HOUR;
/**
 * …and never the last few seconds before now: the chunk being written has no complete fragment
 * there yet.
 */
export const LIVE_EDGE_MS = 4 * SECOND;
/** Jumping back into a gap lands this long before the end of the recording before it. */
const BACK_INTO_RECORDING_MS = 10 * SECOND;
/** A seek closer than this to the end of the loaded playlist asks for a new one. */
const END_MARGIN_MS = 500;

export const JUMPS_MS = [-60 * SECOND, -10 * SECOND, 10 * SECOND, 60 * SECOND] as const;
export const SPEEDS = [0.5, 1, 2, 4, 8] as const;
export type Speed = (typeof SPEEDS)[number];

/** The playlist range to request for playing from `at`. */
export function playbackWindow(at: number, now: number, windowMs = WINDOW_MS): TimeWindow {
  const latest = now - LIVE_EDGE_MS;
  const start = Math.min(at, latest - SECOND);
  return { start, end: Math.max(start + SECOND, Math.min(start + windowMs, latest)) };
}

export type SeekTarget =
  /** Recorded at `at`: play from there. */
  | { kind: 'play'; at: number }
  /** Nothing at `requested`: the nearest recording in the direction of travel starts (or ends) at `at`. */
  | { kind: 'snap'; at: number; requested: number }
  /** Nothing recorded at or beyond `requested` in that direction. */
  | { kind: 'none'; requested: number };

/**
 * Where playing "from `t`" really starts. Inside a recording: there. In a gap: forward to the next
 * recording (`direction` ≥ 0: a click, a jump ahead), or back to the end of the previous one (a
 * jump back). Times too close to now are pulled back to the live edge. `spans` null means the
 * recordings around `t` aren't known (another day): play and let the server say.
 */
export function resolveSeek(t: number, spans: readonly Span[] | null, now: number, direction = 1): SeekTarget {
  const latest = now - LIVE_EDGE_MS;
  const requested = t;
  const at = Math.min(t, latest);
  if (!spans) return { kind: 'play', at };
  const inside = spanAt(spans, at);
  if (inside) return at === requested ? { kind: 'play', at } : { kind: 'snap', at, requested };
  if (direction >= 0) {
    const next = nextSpanAfter(spans, at);
    if (next && next.start < latest) return { kind: 'snap', at: next.start, requested };
    if (direction === 0) return resolveSeek(t, spans, now, -1);
    return { kind: 'none', requested };
  }
  const prev = prevSpanBefore(spans, at);
  if (prev) return { kind: 'snap', at: Math.max(prev.start, prev.end - BACK_INTO_RECORDING_MS), requested };
  return { kind: 'none', requested };
}

export type JumpPlan =
  /** The target is in the loaded playlist: seek the media. */
  | { kind: 'seek'; at: number }
  /** Outside it: request a playlist starting at `at`. */
  | { kind: 'open'; at: number }
  | { kind: 'none'; requested: number };

/**
 * A jump by `deltaMs` from wall-clock time `current`: seek within the loaded playlist when the
 * target is in it, otherwise open a new one. Gaps are skipped in the direction of the jump.
 */
export function planJump(
  current: number,
  deltaMs: number,
  loaded: TimeWindow | null,
  spans: readonly Span[] | null,
  now: number,
): JumpPlan {
  const target = resolveSeek(current + deltaMs, spans, now, Math.sign(deltaMs));
  if (target.kind === 'none') return target;
  return planSeek(target.at, loaded);
}

/** Seek within the loaded playlist, or open a new one for a time outside it. */
export function planSeek(at: number, loaded: TimeWindow | null): { kind: 'seek' | 'open'; at: number } {
  return loaded && at >= loaded.start && at < loaded.end - END_MARGIN_MS ? { kind: 'seek', at } : { kind: 'open', at };
}

export type AfterEnd = { kind: 'open'; at: number } | { kind: 'end' };

/**
 * A playlist played to its end (at wall-clock `loadedEnd`): go on with what was recorded after
 * it — the rest of a long recording, the next recording of the day, or what the chunk being
 * written added since — or stop when there is nothing more yet.
 */
export function afterEnd(loadedEnd: number, spans: readonly Span[] | null, now: number): AfterEnd {
  const latest = now - LIVE_EDGE_MS;
  if (loadedEnd >= latest - SECOND) return { kind: 'end' };
  if (!spans) return { kind: 'open', at: loadedEnd };
  const inside = spanAt(spans, loadedEnd);
  if (inside && inside.end - loadedEnd > SECOND) return { kind: 'open', at: loadedEnd };
  const next = nextSpanAfter(spans, loadedEnd);
  return next && next.start < latest ? { kind: 'open', at: next.start } : { kind: 'end' };
}
