import { useEffect, useReducer, useRef, useState } from 'react';
import { Icon } from '../../components/Icon';
import { fetchLiveSource } from './api';
import { LivePlayback } from './playback';
import { nextPlayerState, PLAYER_STATE_LABELS } from './playerState';

interface LivePlayerProps {
  cameraId: string;
  cameraName: string;
  /** Native video controls (full screen, picture-in-picture); tiles leave them off. */
  controls?: boolean;
}

/**
 * A camera's live stream: muted autoplay, hls.js (or the browser's own HLS in Safari). The
 * stream is torn down when the player unmounts.
 */
export function LivePlayer({ cameraId, cameraName, controls = false }: LivePlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const playbackRef = useRef<LivePlayback | null>(null);
  const [state, dispatch] = useReducer(nextPlayerState, 'idle');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const playback = new LivePlayback({
      video,
      fetchSource: (signal) => fetchLiveSource(cameraId, signal),
      onEvent: (event, detail) => {
        if (event === 'fail') setMessage(detail ?? null);
        dispatch(event);
      },
    });
    playbackRef.current = playback;
    playback.start();
    return () => {
      playback.destroy();
      playbackRef.current = null;
      dispatch('stop');
    };
  }, [cameraId]);

  const label = PLAYER_STATE_LABELS[state];
  const busy = state === 'idle' || state === 'connecting' || state === 'buffering' || state === 'reconnecting';

  return (
    <div className="live-player" data-state={state}>
      <video
        ref={videoRef}
        className="live-video"
        data-testid={`player-${cameraId}`}
        aria-label={`Live video of ${cameraName}`}
        muted
        autoPlay
        playsInline
        controls={controls}
      />
      {state === 'playing' && (
        <span className="live-pill" aria-hidden="true">
          Live
        </span>
      )}
      <div className={`live-overlay${label ? '' : ' live-overlay-hidden'}`} role="status">
        {label && (
          <>
            {busy && <span className="spinner spinner-sm" aria-hidden="true" />}
            {state === 'offline' && <Icon name="camera" size={22} />}
            {state === 'error' && <Icon name="alert" size={22} />}
            <span className="live-overlay-text">{label}</span>
            {state === 'error' && message && <span className="live-overlay-detail">{message}</span>}
            {state === 'error' && (
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => playbackRef.current?.retry()}>
                <Icon name="refresh" size={16} />
                Retry<span className="visually-hidden"> {cameraName}</span>
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}
