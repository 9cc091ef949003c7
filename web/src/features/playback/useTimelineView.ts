import { useEffect, useRef, useState } from 'react';
import { dayWindow, DEFAULT_ZOOM, followPlayhead, localDateOf, panView, viewAround, zoomSpan, type TimeWindow } from './timeScale';

/** The clock, re-read every `intervalMs` (for "today", the shaded future, the live edge). */
export function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface TimelineView {
  date: string;
  today: string;
  setDate: (date: string) => void;
  day: TimeWindow;
  isToday: boolean;
  zoom: string;
  setZoom: (zoom: string) => void;
  view: TimeWindow;
  /** Move a zoomed view; undefined in the whole-day view. */
  pan?: (fraction: number) => void;
}

/**
 * The chosen day and zoom of a timeline, and the visible window: centred on the playhead when
 * zooming, following it while it plays, moving to the next day when playback crosses midnight.
 */
export function useTimelineView(now: number, playhead: number | null, fallbackCenter: (day: TimeWindow) => number): TimelineView {
  const today = localDateOf(now);
  const [date, setDateState] = useState(today);
  const [zoom, setZoomState] = useState(DEFAULT_ZOOM);
  const [center, setCenter] = useState<number | null>(null);
  const day = dayWindow(date) ?? dayWindow(today)!;
  const span = zoomSpan(zoom);
  const inDay = (t: number | null): t is number => t !== null && t >= day.start && t < day.end;
  const view = viewAround(day, span, center ?? (inDay(playhead) ? playhead : fallbackCenter(day)));

  const setDate = (next: string) => {
    if (!dayWindow(next) || next === date) return;
    setDateState(next);
    setCenter(null);
  };
  const setZoom = (next: string) => {
    setZoomState(next);
    setCenter(inDay(playhead) ? playhead : null);
  };

  // Follow the playhead: page the zoomed view, and turn the day over at midnight. A playhead the
  // user panned away from is left alone until it jumps (a seek).
  const previous = useRef<number | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = playhead;
    if (playhead === null || playhead === before) return;
    if (before !== null && before < day.end && playhead >= day.end && playhead - before < 5 * 60_000) {
      setDateState(localDateOf(playhead));
      setCenter(null);
      return;
    }
    const wasInView = before !== null && before >= view.start && before <= view.end;
    const jumped = before === null || Math.abs(playhead - before) > 2000;
    if (!wasInView && !jumped) return;
    const next = followPlayhead(view, day, playhead);
    if (next !== view) setCenter((next.start + next.end) / 2);
    // Only a moving playhead moves the view; reading view and day from this render is enough.
  }, [playhead]);

  const zoomed = view.end - view.start < day.end - day.start;
  return {
    date,
    today,
    setDate,
    day,
    isToday: date === today,
    zoom,
    setZoom,
    view,
    pan: zoomed ? (fraction) => setCenter((v) => panCenter(v, view, day, fraction)) : undefined,
  };
}

function panCenter(_current: number | null, view: TimeWindow, day: TimeWindow, fraction: number): number {
  const next = panView(view, day, fraction);
  return (next.start + next.end) / 2;
}
