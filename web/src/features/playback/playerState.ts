// The recorded-playback player's state machine. Transitions are data: an event not listed for a
// state is ignored (a late "waiting" after the player was stopped, a duplicate "playing", …).

export type RecordedState =
  /** Nothing loaded (no time chosen yet, or stopped). */
  | 'idle'
  /** Asking for the playlist, or loading its first fragments. */
  | 'loading'
  | 'playing'
  | 'paused'
  /** Stalled waiting for data, or seeking. */
  | 'buffering'
  /** Played to the end of what is recorded. */
  | 'ended'
  /** The server has no recording in the requested range (404). */
  | 'noRecording'
  | 'error';

export type RecordedEvent =
  /** A playlist is being requested and attached. */
  | 'load'
  /** Frames are being rendered. */
  | 'playing'
  | 'pause'
  /** Playback stalled, or a seek started. */
  | 'waiting'
  /** Reached the end of the playlist. */
  | 'ended'
  /** Nothing recorded in the requested range. */
  | 'notFound'
  /** Could not play (forbidden, network, media), after recovery gave up. */
  | 'fail'
  /** The player was stopped (placeholder shown, or torn down). */
  | 'stop';

export const RECORDED_TRANSITIONS: Readonly<Record<RecordedState, Readonly<Partial<Record<RecordedEvent, RecordedState>>>>> = {
  idle: { load: 'loading', notFound: 'noRecording', fail: 'error' },
  loading: { load: 'loading', playing: 'playing', pause: 'paused', notFound: 'noRecording', fail: 'error', stop: 'idle' },
  playing: { load: 'loading', pause: 'paused', waiting: 'buffering', ended: 'ended', fail: 'error', stop: 'idle' },
  paused: { load: 'loading', playing: 'playing', ended: 'ended', fail: 'error', stop: 'idle' },
  buffering: { load: 'loading', playing: 'playing', pause: 'paused', ended: 'ended', fail: 'error', stop: 'idle' },
  ended: { load: 'loading', playing: 'playing', stop: 'idle' },
  noRecording: { load: 'loading', stop: 'idle' },
  error: { load: 'loading', stop: 'idle' },
};

export function nextRecordedState(state: RecordedState, event: RecordedEvent): RecordedState {
  return RECORDED_TRANSITIONS[state][event] ?? state;
}

/** What the overlay says in each state; null while the picture speaks for itself. */
export const RECORDED_STATE_LABELS: Readonly<Record<RecordedState, string | null>> = {
  idle: null,
  loading: 'Loading recording…',
  playing: null,
  paused: null,
  buffering: 'Buffering…',
  ended: 'End of recording',
  noRecording: 'Nothing recorded here',
  error: 'Playback failed',
};

/** States in which the player holds a playlist it can seek in. */
export function hasMedia(state: RecordedState): boolean {
  return state === 'playing' || state === 'paused' || state === 'buffering' || state === 'ended';
}
