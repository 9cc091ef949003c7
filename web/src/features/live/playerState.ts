// The live player's state machine. Transitions are data: an event not listed for a state is
// ignored (a late "waiting" while offline, a duplicate "playing", …).

export type PlayerState = 'idle' | 'connecting' | 'playing' | 'buffering' | 'reconnecting' | 'offline' | 'error';

export type PlayerEvent =
  /** Start (or restart) playback: fetch the signed URL and attach it. */
  | 'load'
  /** Frames are being rendered. */
  | 'playing'
  /** Playback stalled waiting for data. */
  | 'waiting'
  /** A fatal error the player is recovering from (new URL, media recovery). */
  | 'recover'
  /** The camera is not live (409 from the live URL endpoint). */
  | 'notLive'
  /** Recovery gave up, or the browser can't play HLS. */
  | 'fail'
  /** The player was torn down. */
  | 'stop';

export const PLAYER_TRANSITIONS: Readonly<Record<PlayerState, Readonly<Partial<Record<PlayerEvent, PlayerState>>>>> = {
  idle: { load: 'connecting', notLive: 'offline', fail: 'error' },
  connecting: { playing: 'playing', recover: 'reconnecting', notLive: 'offline', fail: 'error', stop: 'idle' },
  playing: { waiting: 'buffering', recover: 'reconnecting', notLive: 'offline', fail: 'error', stop: 'idle' },
  buffering: { playing: 'playing', recover: 'reconnecting', notLive: 'offline', fail: 'error', stop: 'idle' },
  reconnecting: { playing: 'playing', notLive: 'offline', fail: 'error', stop: 'idle' },
  offline: { load: 'connecting', fail: 'error', stop: 'idle' },
  error: { load: 'connecting', stop: 'idle' },
};

export function nextPlayerState(state: PlayerState, event: PlayerEvent): PlayerState {
  return PLAYER_TRANSITIONS[state][event] ?? state;
}

/** What the overlay says in each state; null while the picture speaks for itself. */
export const PLAYER_STATE_LABELS: Readonly<Record<PlayerState, string | null>> = {
  idle: 'Connecting…',
  connecting: 'Connecting…',
  playing: null,
  buffering: 'Buffering…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  error: 'Playback failed',
};
