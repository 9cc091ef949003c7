import { useId } from 'react';
import { MediaIcon } from './icons';
import { formatClock, formatJump, localDateOf } from './timeScale';
import { JUMPS_MS, SPEEDS, type Speed } from './windows';

interface PlaybackControlsProps {
  /** Wall-clock time of the picture (or of the shared clock), null before anything plays. */
  wallMs: number | null;
  playing: boolean;
  /** Nothing to control yet (no time chosen). */
  disabled?: boolean;
  onPlayPause: () => void;
  onJump: (deltaMs: number) => void;
  speed: Speed;
  onSpeed: (speed: Speed) => void;
}

const JUMP_NAMES: Record<number, string> = {
  [-60_000]: 'Back 1 minute',
  [-10_000]: 'Back 10 seconds',
  [10_000]: 'Forward 10 seconds',
  [60_000]: 'Forward 1 minute',
};

/** Play/pause, jumps, speed and the wall-clock time of what is on screen. */
export function PlaybackControls({ wallMs, playing, disabled = false, onPlayPause, onJump, speed, onSpeed }: PlaybackControlsProps) {
  const speedId = useId();
  const today = localDateOf(Date.now());
  const back = JUMPS_MS.filter((j) => j < 0);
  const forward = JUMPS_MS.filter((j) => j > 0);
  const jumpButton = (delta: number) => (
    <button
      key={delta}
      type="button"
      className="btn btn-ghost btn-sm playback-jump"
      aria-label={JUMP_NAMES[delta]}
      title={JUMP_NAMES[delta]}
      disabled={disabled}
      onClick={() => onJump(delta)}
    >
      {formatJump(delta)}
    </button>
  );

  return (
    <div className="playback-controls" role="group" aria-label="Playback controls">
      <div className="playback-buttons">
        {back.map(jumpButton)}
        <button
          type="button"
          className="btn btn-secondary btn-sm btn-icon playback-play"
          aria-label={playing ? 'Pause' : 'Play'}
          disabled={disabled}
          onClick={onPlayPause}
        >
          <MediaIcon name={playing ? 'pause' : 'play'} />
        </button>
        {forward.map(jumpButton)}
      </div>
      <output className="playback-clock" data-testid="playback-clock" aria-live="off" aria-label="Time of the picture">
        {wallMs === null ? (
          '--:--:--'
        ) : (
          <>
            {localDateOf(wallMs) !== today && <span className="playback-clock-date">{localDateOf(wallMs)}</span>}
            {formatClock(wallMs)}
          </>
        )}
      </output>
      <div className="playback-speed">
        <label htmlFor={speedId}>Speed</label>
        <select
          id={speedId}
          className="select select-sm"
          value={speed}
          disabled={disabled}
          onChange={(event) => onSpeed(Number(event.target.value) as Speed)}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
