import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Camera } from '../../api/types';
import { useCan } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/Alert';
import { isLive } from '../live/liveGrid';
import { LivePlaceholder } from '../live/LivePlaceholder';
import { LivePlayer } from '../live/LivePlayer';
import { playbackKeys, useTimeline } from './api';
import { PlaybackControls } from './PlaybackControls';
import type { RecordedEvent } from './playerState';
import { RecordedPlayer, type RecordedPlayerHandle } from './RecordedPlayer';
import { recordedWithin, type Span } from './spans';
import { Timeline } from './Timeline';
import { TimelineToolbar } from './TimelineToolbar';
import { formatClock, MINUTE, type TimeWindow } from './timeScale';
import { useNow, useTimelineView } from './useTimelineView';
import { afterEnd, planJump, planSeek, playbackWindow, resolveSeek, type Speed } from './windows';
import './playback.css';

type Mode = 'live' | 'playback';

/**
 * The video of a camera page: its live stream and, for users who may play recordings, a
 * Live ↔ Playback switch with the player controls and the day's recordings timeline below.
 */
export function CameraViewer({ camera, aside }: { camera: Camera; aside?: ReactNode }) {
  const canPlayback = useCan('recordings:read');
  if (!canPlayback) {
    return (
      <div className="camera-live">
        <section className="card camera-live-media" aria-label={`Live view of ${camera.name}`}>
          <LiveView camera={camera} />
        </section>
        {aside}
      </div>
    );
  }
  return <CameraPlayback camera={camera} aside={aside} />;
}

function LiveView({ camera }: { camera: Camera }) {
  return camera.enabled && isLive(camera.status) ? (
    <LivePlayer cameraId={camera.id} cameraName={camera.name} controls />
  ) : (
    <LivePlaceholder status={camera.status} reason={camera.statusReason} enabled={camera.enabled} />
  );
}

/** "2 h 5 min", "40 s": how much of a day is recorded. */
function formatRecorded(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  if (minutes === 0) return `${Math.round(ms / 1000)} s`;
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h} h ${minutes % 60} min` : `${minutes} min`;
}

function CameraPlayback({ camera, aside }: { camera: Camera; aside?: ReactNode }) {
  const now = useNow();
  const playerRef = useRef<RecordedPlayerHandle>(null);
  const [mode, setMode] = useState<Mode>('live');
  const [playhead, setPlayhead] = useState<number | null>(null);
  const [playing, setPlaying] = useState(true);
  const [speed, setSpeed] = useState<Speed>(1);
  const [notice, setNotice] = useState<string | null>(null);
  /** Played to the end of the recordings: the button offers to play again. */
  const [ended, setEnded] = useState(false);
  const spansRef = useRef<{ day: TimeWindow; spans: Span[] } | null>(null);

  const view = useTimelineView(now, mode === 'playback' ? playhead : null, (day) => {
    if (day.end > now) return now;
    const last = spansRef.current?.spans.at(-1);
    return last ? last.end : (day.start + day.end) / 2;
  });
  const timeline = useTimeline(camera.id, view.day, view.isToday);
  const spans = timeline.data?.spans ?? null;
  useEffect(() => {
    spansRef.current = spans ? { day: view.day, spans } : null;
  });

  // A recording that starts or stops changes the timeline now, not at the next poll.
  const queryClient = useQueryClient();
  const recordingState = useRef(camera.recordingState);
  useEffect(() => {
    if (recordingState.current === camera.recordingState) return;
    recordingState.current = camera.recordingState;
    void queryClient.invalidateQueries({ queryKey: playbackKeys.timelinesOf(camera.id) });
  }, [camera.recordingState, camera.id, queryClient]);

  /** The day's recordings when `t` is on the day shown (other days: unknown, the server decides). */
  const spansAround = (t: number): Span[] | null => {
    const known = spansRef.current;
    return known && t >= known.day.start && t < known.day.end ? known.spans : null;
  };

  const go = (at: number) => {
    const player = playerRef.current;
    if (!player) return;
    setPlayhead(at);
    if (planSeek(at, player.loaded()).kind === 'seek' && player.seekWithin(at)) return;
    player.open(playbackWindow(at, Date.now()));
  };

  /** Play from `t` (a click on the timeline): the recording there, or the nearest one after it. */
  const playFrom = (t: number) => {
    const target = resolveSeek(t, spansAround(t), Date.now(), 0);
    if (target.kind === 'none') {
      setNotice(`Nothing recorded around ${formatClock(t)}.`);
      return;
    }
    setNotice(
      target.kind === 'snap' && Math.abs(target.at - target.requested) > 5000
        ? `Nothing recorded at ${formatClock(target.requested)}: playing from ${formatClock(target.at)}.`
        : null,
    );
    setMode('playback');
    setPlaying(true);
    playerRef.current?.setPlaying(true);
    go(target.at);
  };

  const jump = (delta: number) => {
    const current = playerRef.current?.wallClock() ?? playhead;
    if (current === null) return;
    const plan = planJump(current, delta, playerRef.current?.loaded() ?? null, spansAround(current + delta), Date.now());
    if (plan.kind === 'none') {
      setNotice(delta < 0 ? 'Nothing recorded before this on the day shown.' : 'Nothing recorded after this yet.');
      return;
    }
    setNotice(null);
    go(plan.at);
  };

  const onPlayerEvent = (event: RecordedEvent) => {
    if (event === 'load' || event === 'playing' || event === 'stop') setEnded(false);
    if (event !== 'ended') return;
    const loaded = playerRef.current?.loaded();
    if (!loaded) return;
    const next = afterEnd(loaded.end, spansAround(loaded.end), Date.now());
    if (next.kind === 'open') playerRef.current?.open(playbackWindow(next.at, Date.now()));
    else {
      setEnded(true);
      setNotice('That was the last recording so far.');
    }
  };

  const togglePlaying = () => {
    const player = playerRef.current;
    if (!player) return;
    const loaded = player.loaded();
    if (player.state() === 'ended' && loaded) {
      // Play again from the start of what was just played.
      player.setPlaying(true);
      setPlaying(true);
      setPlayhead(loaded.start);
      player.open(playbackWindow(loaded.start, Date.now()));
      return;
    }
    player.setPlaying(!playing);
    setPlaying(!playing);
  };

  const switchTo = (next: Mode) => {
    if (next === mode) return;
    setNotice(null);
    if (next === 'live') {
      playerRef.current?.stop();
      setMode('live');
      return;
    }
    if (playhead !== null) return playFrom(playhead);
    const last = spans?.at(-1);
    if (last) return playFrom(Math.max(last.start, Math.min(last.end, now) - MINUTE));
    setMode('playback');
    setNotice('Nothing recorded on this day. Choose another day or a time on the timeline.');
  };

  const recordedMs = spans ? recordedWithin(spans, view.day) : 0;

  return (
    <>
      <div className="camera-live">
        <section className="card camera-live-media" aria-label={`Video of ${camera.name}`}>
          {mode === 'live' && <LiveView camera={camera} />}
          <RecordedPlayer
            ref={playerRef}
            cameraId={camera.id}
            cameraName={camera.name}
            hidden={mode !== 'playback'}
            onEvent={onPlayerEvent}
            onTime={setPlayhead}
            placeholder={<span className="live-overlay-text">Choose a time on the timeline</span>}
          />
          <div className="viewer-bar">
            <div className="segmented" role="group" aria-label="Live or recorded">
              <button
                type="button"
                className="segmented-option"
                aria-pressed={mode === 'live'}
                data-testid="mode-live"
                onClick={() => switchTo('live')}
              >
                Live
              </button>
              <button
                type="button"
                className="segmented-option"
                aria-pressed={mode === 'playback'}
                data-testid="mode-playback"
                onClick={() => switchTo('playback')}
              >
                Playback
              </button>
            </div>
            {mode === 'playback' && (
              <PlaybackControls
                wallMs={playhead}
                playing={playing && !ended}
                disabled={playhead === null}
                onPlayPause={togglePlaying}
                onJump={jump}
                speed={speed}
                onSpeed={(s) => {
                  setSpeed(s);
                  playerRef.current?.setRate(s);
                }}
              />
            )}
          </div>
        </section>
        {aside}
      </div>

      <section className="card card-padded recordings-card" aria-labelledby="recordings-title">
        <div className="card-title-row">
          <h2 id="recordings-title" className="card-title">
            Recordings
          </h2>
          <span className="muted small" data-testid="recorded-total">
            {timeline.isPending ? 'Loading…' : spans && spans.length > 0 ? `${formatRecorded(recordedMs)} recorded` : 'Nothing recorded'}
            {!camera.recordingEnabled && ' · recording is off for this camera'}
          </span>
        </div>
        <TimelineToolbar
          date={view.date}
          today={view.today}
          onDate={view.setDate}
          zoom={view.zoom}
          onZoom={view.setZoom}
          onPan={view.pan}
        />
        {timeline.isError && <ErrorAlert error={timeline.error} title="Could not load the recordings" />}
        <Timeline
          label={`Recordings of ${camera.name}`}
          rows={[{ id: camera.id, label: camera.name, spans: spans ?? [], loading: timeline.isPending, error: timeline.isError }]}
          view={view.view}
          day={view.day}
          now={now}
          playhead={mode === 'playback' ? playhead : null}
          onSeek={playFrom}
        />
        <p className="timeline-notice" role="status">
          {notice}
        </p>
      </section>
    </>
  );
}
