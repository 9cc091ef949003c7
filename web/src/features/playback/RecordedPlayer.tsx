import { useEffect, useImperativeHandle, useReducer, useRef, useState, type ReactNode, type Ref } from 'react';
import { Icon } from '../../components/Icon';
import { fetchPlaybackSource } from './api';
import { nextRecordedState, RECORDED_STATE_LABELS, type RecordedEvent, type RecordedState } from './playerState';
import { RecordedPlayback } from './recordedPlayback';
import type { TimeWindow } from './timeScale';
import './playback.css';

/** What the owner of a recorded player can do with it. */
export interface RecordedPlayerHandle {
  /** Ask for a playlist of `range` and play (or stay paused) from its start. */
  open(range: TimeWindow): void;
  /** Seek inside the loaded playlist; false when `wallMs` isn't in it. */
  seekWithin(wallMs: number): boolean;
  wallClock(): number | null;
  loaded(): TimeWindow | null;
  ready(): boolean;
  setPlaying(playing: boolean): void;
  setRate(rate: number): void;
  /** Let go of the playlist (idle: the placeholder shows). */
  stop(): void;
  state(): RecordedState;
}

/** How often the wall-clock time of the picture is read (display, playhead, sync). */
const CLOCK_TICK_MS = 200;

interface RecordedPlayerProps {
  ref?: Ref<RecordedPlayerHandle>;
  cameraId: string;
  cameraName: string;
  /** Every player event, after the state changed (e.g. `ended` to go on with the next recording). */
  onEvent?: (event: RecordedEvent) => void;
  /** The wall-clock time of the picture, a few times a second while it is known. */
  onTime?: (wallMs: number) => void;
  /** Shown while idle (nothing loaded). */
  placeholder?: ReactNode;
  /** Hidden (kept mounted, idle) while the live player is shown instead. */
  hidden?: boolean;
}

/**
 * A camera's recordings in a <video>, driven by its owner through a handle (open a range, seek,
 * pause, speed). The wall-clock time of the picture is on `data-wallclock-ms`. The player is
 * torn down when it unmounts.
 */
export function RecordedPlayer({ ref, cameraId, cameraName, onEvent, onTime, placeholder, hidden = false }: RecordedPlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const playbackRef = useRef<RecordedPlayback | null>(null);
  const [state, dispatch] = useReducer(nextRecordedState, 'idle');
  const stateRef = useRef<RecordedState>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const onEventRef = useRef(onEvent);
  const onTimeRef = useRef(onTime);
  useEffect(() => {
    onEventRef.current = onEvent;
    onTimeRef.current = onTime;
  });

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const playback = new RecordedPlayback({
      video,
      fetchSource: (range, signal) => fetchPlaybackSource(cameraId, range, signal),
      onEvent: (event, detail) => {
        stateRef.current = nextRecordedState(stateRef.current, event);
        if (event === 'fail' || event === 'notFound') setMessage(detail ?? null);
        if (event === 'load') setMessage(null);
        dispatch(event);
        onEventRef.current?.(event);
      },
    });
    playbackRef.current = playback;
    const timer = setInterval(() => {
      const wall = playback.wallClock();
      const root = rootRef.current;
      if (root) {
        if (wall === null) root.removeAttribute('data-wallclock-ms');
        else root.setAttribute('data-wallclock-ms', String(wall));
      }
      if (wall !== null) onTimeRef.current?.(wall);
    }, CLOCK_TICK_MS);
    return () => {
      clearInterval(timer);
      playback.destroy();
      playbackRef.current = null;
      stateRef.current = 'idle';
      dispatch('stop');
    };
  }, [cameraId]);

  useImperativeHandle(
    ref,
    () => ({
      open: (range) => playbackRef.current?.open(range),
      seekWithin: (wallMs) => playbackRef.current?.seekWithin(wallMs) ?? false,
      wallClock: () => playbackRef.current?.wallClock() ?? null,
      loaded: () => playbackRef.current?.loaded() ?? null,
      ready: () => playbackRef.current?.ready() ?? false,
      setPlaying: (playing) => playbackRef.current?.setPlaying(playing),
      setRate: (rate) => playbackRef.current?.setRate(rate),
      stop: () => playbackRef.current?.stop(),
      state: () => stateRef.current,
    }),
    [],
  );

  const label = RECORDED_STATE_LABELS[state];
  const busy = state === 'loading' || state === 'buffering';
  const showPlaceholder = state === 'idle' && placeholder;

  return (
    <div
      ref={rootRef}
      className="live-player recorded-player"
      data-state={state}
      data-testid={`recorded-player-${cameraId}`}
      hidden={hidden}
    >
      <video
        ref={videoRef}
        className="live-video"
        data-testid={`recorded-video-${cameraId}`}
        aria-label={`Recorded video of ${cameraName}`}
        muted
        playsInline
      />
      {showPlaceholder ? (
        <div className="live-overlay recorded-placeholder">{placeholder}</div>
      ) : (
        <div className={`live-overlay${label ? '' : ' live-overlay-hidden'}`} role="status">
          {label && (
            <>
              {busy && <span className="spinner spinner-sm" aria-hidden="true" />}
              {(state === 'error' || state === 'noRecording') && <Icon name={state === 'error' ? 'alert' : 'inbox'} size={22} />}
              <span className="live-overlay-text">{label}</span>
              {state === 'error' && message && <span className="live-overlay-detail">{message}</span>}
            </>
          )}
        </div>
      )}
    </div>
  );
}
