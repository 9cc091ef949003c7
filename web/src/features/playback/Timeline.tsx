import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { TimelineAlerts } from '../alerts/TimelineAlerts';
import { layoutSpans, type Span } from './spans';
import { keyTarget } from './timelineKeys';
import { formatClock, ticks, timeToFraction, xToTime, type TimeWindow } from './timeScale';
import './playback.css';

export interface TimelineRow {
  id: string;
  /** Shown in the label column (multi-camera), and in the row's accessible name. */
  label: string;
  spans: readonly Span[];
  loading?: boolean;
  /** The row's recordings could not be loaded. */
  error?: boolean;
  /** A summary row (all cameras together), drawn quieter. */
  summary?: boolean;
}

interface TimelineProps {
  /** What the timeline is about, for its accessible name: "Recordings of Gate". */
  label: string;
  rows: readonly TimelineRow[];
  /** The visible window (zoom), and the day it belongs to. */
  view: TimeWindow;
  day: TimeWindow;
  /** The clock, to shade the future. */
  now: number;
  /** Where playback is, or null. */
  playhead: number | null;
  /** A click, the end of a drag, or a key: play from `t`. */
  onSeek: (t: number) => void;
  /** Show labels in a column on the left (several rows). */
  showLabels?: boolean;
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(4)}%`;
/** Whether a centred axis label at `fraction` of a track `width` px wide stays inside it. */
const labelFits = (fraction: number, width: number) => width === 0 || (fraction * width >= 16 && (1 - fraction) * width >= 16);

/**
 * A day (or a zoomed part of it) of recordings: recorded ranges per row, hour ticks, the
 * playhead, the time under the pointer. Click or drag to choose a time; the arrow keys, Page
 * Up/Down, Home and End move it from the keyboard.
 */
export function Timeline({ label, rows, view, day, now, playhead, onSeek, showLabels = false }: TimelineProps) {
  const trackRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<number | null>(null);
  const [scrub, setScrub] = useState<number | null>(null);
  const [lastSeek, setLastSeek] = useState<number | null>(null);
  /** A drag in progress (a ref too, so a quick click's pointerup sees its pointerdown). */
  const dragging = useRef(false);

  useEffect(() => {
    const track = trackRef.current;
    if (!track) return;
    setWidth(track.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(track.clientWidth));
    observer.observe(track);
    return () => observer.disconnect();
  }, []);

  const timeAt = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return xToTime(event.clientX - rect.left, rect.width, view);
  };

  const seek = (t: number) => {
    setLastSeek(t);
    onSeek(t);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus({ preventScroll: true });
    dragging.current = true;
    setScrub(timeAt(event));
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const t = timeAt(event);
    setHover(t);
    if (dragging.current) setScrub(t);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    dragging.current = false;
    setScrub(null);
    seek(timeAt(event));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = playhead ?? Math.min(now, view.start + (view.end - view.start) / 2);
    const t = keyTarget(event.key, event.shiftKey, current, day, now);
    if (t === null) return;
    event.preventDefault();
    seek(t);
  };

  const shown = scrub ?? playhead;
  const minWidth = width > 0 ? 2 / width : 0.002;
  const tickList = ticks(view, day.start, width || 600);
  const futureFrom = timeToFraction(now, view);
  const inView = (t: number | null): t is number => t !== null && t >= view.start && t <= view.end;

  return (
    <div className={`timeline${showLabels ? ' timeline-with-labels' : ''}`}>
      {showLabels && (
        <div className="timeline-labels" aria-hidden="true">
          <div className="timeline-axis-spacer" />
          {rows.map((row) => (
            <div key={row.id} className={`timeline-label${row.summary ? ' timeline-label-summary' : ''}`} title={row.label}>
              {row.label}
            </div>
          ))}
        </div>
      )}
      <div
        ref={trackRef}
        className={`timeline-track${scrub !== null ? ' timeline-scrubbing' : ''}`}
        role="slider"
        tabIndex={0}
        aria-label={label}
        aria-valuemin={day.start}
        aria-valuemax={day.end}
        aria-valuenow={shown ?? view.start}
        aria-valuetext={shown !== null ? formatClock(shown) : 'No time chosen'}
        data-testid="timeline"
        data-view-start={view.start}
        data-view-end={view.end}
        data-last-seek-ms={lastSeek ?? undefined}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          dragging.current = false;
          setScrub(null);
        }}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKeyDown}
      >
        <div className="timeline-axis" aria-hidden="true">
          {tickList
            // A label that would stick out of the track is left off.
            .filter((tick) => tick.label && labelFits(timeToFraction(tick.t, view), width))
            .map((tick) => (
              <span key={tick.t} className="timeline-axis-label" style={{ left: pct(timeToFraction(tick.t, view)) }}>
                {tick.label}
              </span>
            ))}
        </div>
        <div className="timeline-rows">
          {tickList.map((tick) => (
            <span
              key={tick.t}
              className={`timeline-gridline${tick.label ? ' timeline-gridline-major' : ''}`}
              style={{ left: pct(timeToFraction(tick.t, view)) }}
              aria-hidden="true"
            />
          ))}
          {futureFrom < 1 && (
            <span className="timeline-future" style={{ left: pct(Math.max(0, futureFrom)) }} aria-hidden="true" title="Not yet recorded" />
          )}
          {rows.map((row) => (
            <div
              key={row.id}
              className={`timeline-row${row.summary ? ' timeline-row-summary' : ''}${row.loading ? ' timeline-row-loading' : ''}`}
              data-testid={`timeline-row-${row.id}`}
            >
              {row.error && <span className="timeline-row-error">Recordings could not be loaded</span>}
              {layoutSpans(row.spans, view, minWidth).map((box) => (
                <span
                  key={box.span.start}
                  className="timeline-range"
                  data-testid="timeline-range"
                  data-from={box.span.start}
                  data-to={box.span.end}
                  style={{ left: pct(box.left), width: pct(box.width) }}
                />
              ))}
              {!row.summary && <TimelineAlerts cameraId={row.id} view={view} now={now} />}
            </div>
          ))}
          {inView(shown) && <span className="timeline-playhead" style={{ left: pct(timeToFraction(shown, view)) }} aria-hidden="true" />}
        </div>
        {inView(hover) && (
          <span className="timeline-hover" style={{ left: pct(timeToFraction(hover, view)) }} aria-hidden="true">
            <span className="timeline-tooltip">{formatClock(hover)}</span>
          </span>
        )}
      </div>
    </div>
  );
}
