import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Camera } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { useCameras } from '../cameras/api';
import { useTimelines } from './api';
import { PlaybackControls } from './PlaybackControls';
import { RecordedPlayer, type RecordedPlayerHandle } from './RecordedPlayer';
import { unionSpans, type Span } from './spans';
import {
  clockAt,
  planPlayer,
  setClockRate,
  setClockRunning,
  setClockTime,
  shouldHold,
  skipGap,
  startClock,
  tickClock,
  type SharedClock,
  type SyncPlayer,
} from './sync';
import { Timeline, type TimelineRow } from './Timeline';
import { TimelineToolbar } from './TimelineToolbar';
import { formatClock, type TimeWindow } from './timeScale';
import { useNow, useTimelineView } from './useTimelineView';
import { LIVE_EDGE_MS, playbackWindow, resolveSeek, type Speed } from './windows';
import './playback.css';

/** At most this many cameras play side by side. */
export const MAX_SYNC_CAMERAS = 9;
/** How often the players are checked against the shared clock. */
const SYNC_TICK_MS = 250;

function parseSelection(value: string | null): string[] {
  return [...new Set((value ?? '').split(',').filter((id) => /^[0-9a-f-]{36}$/.test(id)))].slice(0, MAX_SYNC_CAMERAS);
}

function gridColumns(count: number): string {
  return count <= 1 ? '1' : count <= 4 ? '2' : '3';
}

/** Several cameras' recordings side by side, on one timeline and one clock. */
export function MultiPlaybackPage() {
  const [params, setParams] = useSearchParams();
  const selected = parseSelection(params.get('cameras'));
  const cameras = useCameras({ sort: 'name', limit: 100 });

  const setSelected = (ids: string[]) => {
    const next = new URLSearchParams(params);
    if (ids.length) next.set('cameras', ids.join(','));
    else next.delete('cameras');
    setParams(next, { replace: true });
  };

  const byId = new Map((cameras.data?.items ?? []).map((c) => [c.id, c]));
  const chosen = selected.map((id) => byId.get(id)).filter((c): c is Camera => c !== undefined);

  return (
    <>
      <PageHeader title="Playback" description="Play back several cameras side by side, in step, on one timeline." />
      {cameras.isError && <ErrorAlert error={cameras.error} title="Could not load cameras" />}
      {cameras.isPending ? (
        <LoadingBlock label="Loading cameras…" />
      ) : cameras.data && cameras.data.items.length === 0 ? (
        <div className="card">
          <EmptyState title="No cameras yet" icon="camera" description="Recordings appear here once cameras are added and recording." />
        </div>
      ) : (
        <>
          <CameraPicker cameras={cameras.data?.items ?? []} selected={selected} onChange={setSelected} />
          {chosen.length === 0 ? (
            <div className="card">
              <EmptyState
                title="Choose cameras"
                icon="camera"
                description="Pick one or more cameras above to play their recordings together."
              />
            </div>
          ) : (
            <SyncedPlayback key={chosen.map((c) => c.id).join(',')} cameras={chosen} />
          )}
        </>
      )}
    </>
  );
}

function CameraPicker({ cameras, selected, onChange }: { cameras: Camera[]; selected: string[]; onChange: (ids: string[]) => void }) {
  const full = selected.length >= MAX_SYNC_CAMERAS;
  return (
    <fieldset className="card card-padded sync-picker">
      <legend className="card-title sync-picker-legend">Cameras</legend>
      <p className="muted small">
        Up to {MAX_SYNC_CAMERAS} cameras. {selected.length} chosen.
      </p>
      <div className="sync-picker-list">
        {cameras.map((camera) => {
          const checked = selected.includes(camera.id);
          return (
            <label key={camera.id} className="scope-option sync-picker-option">
              <input
                type="checkbox"
                className="checkbox"
                checked={checked}
                disabled={!checked && full}
                onChange={() => onChange(checked ? selected.filter((id) => id !== camera.id) : [...selected, camera.id])}
              />
              <span className="sync-picker-name">{camera.name}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

interface Bookkeeping {
  lastActionAt: number | null;
  notReadySince: number | null;
}

function SyncedPlayback({ cameras }: { cameras: Camera[] }) {
  const now = useNow();
  const handles = useRef(new Map<string, RecordedPlayerHandle>());
  const books = useRef(new Map<string, Bookkeeping>());
  const clockRef = useRef<SharedClock | null>(null);
  const [playhead, setPlayhead] = useState<number | null>(null);
  const [running, setRunning] = useState(true);
  const [speed, setSpeed] = useState<Speed>(1);
  const [notice, setNotice] = useState<string | null>(null);

  const view = useTimelineView(now, playhead, (day) => (day.end > now ? now : (day.start + day.end) / 2));
  const ids = cameras.map((c) => c.id);
  const timelines = useTimelines(ids, view.day, view.isToday);
  const spansOf = timelines.map((t) => t.data?.spans ?? null);
  const spansKey = spansOf.map((s) => (s ? s.map((x) => `${x.start}-${x.end}`).join(',') : '?')).join('|');
  // Keyed on the content: the per-camera arrays are rebuilt on every render.
  const union = useMemo(() => unionSpans(spansOf.filter((s): s is Span[] => s !== null)), [spansKey]);
  const allKnown = spansOf.every((s) => s !== null);

  // What the sync loop reads; refreshed every render.
  const latest = useRef({ cameras, spansOf, union, allKnown, day: view.day });
  useEffect(() => {
    latest.current = { cameras, spansOf, union, allKnown, day: view.day };
  });

  useEffect(() => {
    const timer = setInterval(() => {
      const clock = clockRef.current;
      if (!clock) return;
      const at = performance.now();
      const { cameras, spansOf, union, allKnown, day } = latest.current;
      const inDay = (t: number) => t >= day.start && t < day.end;
      const players: SyncPlayer[] = cameras.map((camera, i) => {
        const handle = handles.current.get(camera.id);
        const book = books.current.get(camera.id) ?? { lastActionAt: null, notReadySince: null };
        books.current.set(camera.id, book);
        const ready = handle?.ready() ?? false;
        book.notReadySince = ready ? null : (book.notReadySince ?? at);
        const state = handle?.state() ?? 'idle';
        return {
          spans: inDay(clock.wall) ? (spansOf[i] ?? null) : null,
          loaded: handle?.loaded() ?? null,
          wallMs: handle?.wallClock() ?? null,
          ready,
          failed: state === 'error' || state === 'noRecording',
          lastActionAt: book.lastActionAt,
          notReadySince: book.notReadySince,
        };
      });

      const hold = clock.running && shouldHold(clock.wall, players, at);
      let next = tickClock(clock, at, hold);
      if (next.running && !hold && allKnown && inDay(next.wall)) {
        const skip = skipGap(next.wall, union);
        if (skip !== null) next = setClockTime(next, skip, at);
      }
      const edge = Date.now() - LIVE_EDGE_MS;
      if (next.wall > edge) next = setClockTime(next, edge, at);
      clockRef.current = next;

      cameras.forEach((camera, i) => {
        const handle = handles.current.get(camera.id);
        const book = books.current.get(camera.id)!;
        if (!handle) return;
        const action = planPlayer(next.wall, { ...players[i]!, spans: inDay(next.wall) ? (spansOf[i] ?? null) : null }, at);
        if (action.kind === 'placeholder') {
          if (handle.state() !== 'idle') handle.stop();
        } else if (action.kind === 'open') {
          handle.open(playbackWindow(action.at, Date.now()));
          book.lastActionAt = at;
        } else if (action.kind === 'seek') {
          if (!handle.seekWithin(action.at)) handle.open(playbackWindow(action.at, Date.now()));
          book.lastActionAt = at;
        }
        handle.setPlaying(next.running && !hold);
      });
      setPlayhead(Math.round(next.wall));
    }, SYNC_TICK_MS);
    return () => clearInterval(timer);
  }, []);

  /** Move the shared clock; every player follows at the next tick. */
  const moveTo = (t: number, direction: number) => {
    const nowMs = Date.now();
    const target = resolveSeek(t, latest.current.allKnown && inWindow(t, view.day) ? union : null, nowMs, direction);
    if (target.kind === 'none') {
      setNotice(`No camera recorded ${direction < 0 ? 'before' : 'after'} ${formatClock(t)} on this day.`);
      return;
    }
    setNotice(
      target.kind === 'snap' && Math.abs(target.at - target.requested) > 5000
        ? `No camera recorded at ${formatClock(target.requested)}: playing from ${formatClock(target.at)}.`
        : null,
    );
    const at = performance.now();
    clockRef.current = clockRef.current ? setClockTime(clockRef.current, target.at, at) : startClock(target.at, at, speed, running);
    for (const book of books.current.values()) book.lastActionAt = null;
    setPlayhead(target.at);
  };

  const togglePlaying = () => {
    const next = !running;
    setRunning(next);
    if (clockRef.current) clockRef.current = setClockRunning(clockRef.current, next, performance.now());
    for (const handle of handles.current.values()) handle.setPlaying(next);
  };

  const changeSpeed = (s: Speed) => {
    setSpeed(s);
    if (clockRef.current) clockRef.current = setClockRate(clockRef.current, s, performance.now());
    for (const handle of handles.current.values()) handle.setRate(s);
  };

  const rows: TimelineRow[] = [
    ...(cameras.length > 1 ? [{ id: 'all', label: 'All cameras', spans: union, summary: true }] : []),
    ...cameras.map((camera, i) => ({
      id: camera.id,
      label: camera.name,
      spans: spansOf[i] ?? [],
      loading: timelines[i]?.isPending,
      error: timelines[i]?.isError,
    })),
  ];
  const clockNow = clockRef.current ? clockAt(clockRef.current, performance.now()) : null;

  return (
    <div className="sync-playback" data-testid="sync-playback" data-clock-ms={playhead ?? undefined}>
      <section className="card card-padded recordings-card" aria-labelledby="sync-timeline-title">
        <div className="card-title-row">
          <h2 id="sync-timeline-title" className="card-title">
            Timeline
          </h2>
          <PlaybackControls
            wallMs={playhead}
            playing={running}
            disabled={playhead === null}
            onPlayPause={togglePlaying}
            onJump={(delta) => {
              const from = clockNow ?? playhead;
              if (from !== null) moveTo(from + delta, Math.sign(delta));
            }}
            speed={speed}
            onSpeed={changeSpeed}
          />
        </div>
        <TimelineToolbar
          date={view.date}
          today={view.today}
          onDate={view.setDate}
          zoom={view.zoom}
          onZoom={view.setZoom}
          onPan={view.pan}
        />
        <Timeline
          label="Recordings of the chosen cameras"
          rows={rows}
          view={view.view}
          day={view.day}
          now={now}
          playhead={playhead}
          onSeek={(t) => moveTo(t, 0)}
          showLabels
        />
        <p className="timeline-notice" role="status">
          {notice}
        </p>
      </section>

      <div className="live-grid-wrap">
        <ul className="live-grid" data-columns={gridColumns(cameras.length)} aria-label="Cameras">
          {cameras.map((camera) => (
            <li key={camera.id}>
              <article className="live-tile" aria-label={camera.name}>
                <div className="live-tile-media">
                  <RecordedPlayer
                    ref={(handle) => {
                      if (handle) handles.current.set(camera.id, handle);
                      else handles.current.delete(camera.id);
                    }}
                    cameraId={camera.id}
                    cameraName={camera.name}
                    placeholder={
                      <>
                        <Icon name="camera" size={22} />
                        <span className="live-overlay-text">{playhead === null ? 'Choose a time on the timeline' : 'No recording'}</span>
                        {playhead !== null && <span className="live-overlay-detail">at {formatClock(playhead)}</span>}
                      </>
                    }
                  />
                </div>
                <div className="live-tile-bar">
                  <div className="live-tile-text">
                    <Link to={`/cameras/${camera.id}`} className="live-tile-name">
                      {camera.name}
                    </Link>
                    {camera.location && <span className="live-tile-meta">{camera.location}</span>}
                  </div>
                </div>
              </article>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function inWindow(t: number, w: TimeWindow): boolean {
  return t >= w.start && t < w.end;
}
