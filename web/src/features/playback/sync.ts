// Synchronized playback of several cameras: one shared clock (the wall-clock time everybody should
// be showing), and per camera what to do to stay on it. Pure: the page calls these on a timer with
// what the players report, and carries the decisions out.
import { nextSpanAfter, spanAt, type Span } from './spans';
import type { TimeWindow } from './timeScale';

/** Players further than this from the shared clock are seeked back onto it. */
export const SYNC_TOLERANCE_MS = 500;
/** A player just told to load or seek is left alone this long. */
export const SYNC_COOLDOWN_MS = 2000;
/** After a failure (nothing recorded, an error) a player is retried no sooner than this. */
export const SYNC_RETRY_MS = 10_000;
/** The clock waits for a loading player at most this long; then it goes on without it. */
export const SYNC_MAX_HOLD_MS = 8000;

export interface SharedClock {
  /** The shared wall-clock time at `at`. */
  wall: number;
  /** Real time (performance.now()) of that reading. */
  at: number;
  rate: number;
  running: boolean;
}

export function startClock(wall: number, at: number, rate = 1, running = true): SharedClock {
  return { wall, at, rate, running };
}

/** The shared time at real time `at`: moving at `rate` while running. */
export function clockAt(clock: SharedClock, at: number): number {
  return clock.running ? clock.wall + (at - clock.at) * clock.rate : clock.wall;
}

/**
 * The clock read at `at`, advancing since the last reading unless `hold` (a player the others
 * wait for is still loading): then it stays where it was.
 */
export function tickClock(clock: SharedClock, at: number, hold: boolean): SharedClock {
  return { ...clock, wall: hold ? clock.wall : clockAt(clock, at), at };
}

export function setClockTime(clock: SharedClock, wall: number, at: number): SharedClock {
  return { ...clock, wall, at };
}

export function setClockRate(clock: SharedClock, rate: number, at: number): SharedClock {
  return { ...clock, wall: clockAt(clock, at), at, rate };
}

export function setClockRunning(clock: SharedClock, running: boolean, at: number): SharedClock {
  return { ...clock, wall: clockAt(clock, at), at, running };
}

/** What the page knows about one camera's player at a tick. */
export interface SyncPlayer {
  /** Recorded ranges of the camera (null while its timeline is loading). */
  spans: readonly Span[] | null;
  /** Wall-clock span of the loaded playlist, or null when nothing is loaded. */
  loaded: TimeWindow | null;
  /** The player's wall-clock time now, or null when it doesn't know (loading). */
  wallMs: number | null;
  /** It has data to play at its position (not loading, seeking or starved). */
  ready: boolean;
  /** Asking for a playlist failed (nothing recorded there, an error). */
  failed: boolean;
  /** Real time the player was last told to load or seek, and since when it hasn't been ready. */
  lastActionAt: number | null;
  notReadySince: number | null;
}

export type SyncAction =
  /** No recording at the clock: show the placeholder (and stop the player). */
  | { kind: 'placeholder' }
  /** Request a playlist starting at `at`. */
  | { kind: 'open'; at: number }
  /** Seek the loaded playlist to `at`. */
  | { kind: 'seek'; at: number }
  | { kind: 'none' };

/** Whether the camera recorded at the shared time; unknown (timeline loading) counts as no. */
export function coversClock(player: Pick<SyncPlayer, 'spans'>, clockMs: number): boolean {
  return player.spans !== null && spanAt(player.spans, clockMs) !== null;
}

/**
 * What one player should do at a tick. A camera without a recording at the clock shows its
 * placeholder. Otherwise its playlist must contain the clock (else a new one is opened at the
 * clock), and a player more than the tolerance off the clock is seeked back onto it — the laggard
 * catches up, whoever runs ahead steps back. A player just told to do something is given time.
 */
export function planPlayer(clockMs: number, player: SyncPlayer, at: number, toleranceMs = SYNC_TOLERANCE_MS): SyncAction {
  if (!coversClock(player, clockMs)) return { kind: 'placeholder' };
  const since = player.lastActionAt === null ? Infinity : at - player.lastActionAt;
  if (player.failed) return since >= SYNC_RETRY_MS ? { kind: 'open', at: clockMs } : { kind: 'none' };
  if (since < SYNC_COOLDOWN_MS) return { kind: 'none' };
  const { loaded } = player;
  if (!loaded || clockMs < loaded.start || clockMs >= loaded.end - 250) return { kind: 'open', at: clockMs };
  if (player.wallMs === null || !player.ready) return { kind: 'none' };
  return Math.abs(player.wallMs - clockMs) > toleranceMs ? { kind: 'seek', at: clockMs } : { kind: 'none' };
}

/**
 * Whether the clock waits: some camera that recorded at the clock isn't ready (loading the
 * playlist, seeking, buffering) and hasn't been for long. A camera that keeps failing to load
 * must not stop the others, so after `maxHoldMs` it is no longer waited for.
 */
export function shouldHold(clockMs: number, players: readonly SyncPlayer[], at: number, maxHoldMs = SYNC_MAX_HOLD_MS): boolean {
  return players.some(
    (p) => coversClock(p, clockMs) && !p.failed && !p.ready && (p.notReadySince === null || at - p.notReadySince < maxHoldMs),
  );
}

/**
 * Where the clock jumps when no camera recorded at its time: the next moment any of them did
 * (nobody wants to watch a minute of placeholders in real time). Null when something is
 * recorded now, or nothing later.
 */
export function skipGap(clockMs: number, union: readonly Span[]): number | null {
  if (spanAt(union, clockMs)) return null;
  return nextSpanAfter(union, clockMs)?.start ?? null;
}
