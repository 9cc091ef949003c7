// Time on the recordings timeline: local calendar days, the visible window (zoom), the mapping
// between a time and a position on the track, and the tick marks. Pure; local time is the
// browser's time zone (the tests pin one with TZ).

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** A span of time in epoch milliseconds, [start, end). */
export interface TimeWindow {
  start: number;
  end: number;
}

const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local calendar day of a time, as an `<input type="date">` value ("2026-03-29"). */
export function localDateOf(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of a "YYYY-MM-DD" day, or null when it isn't a real date. */
function localMidnight(value: string, addDays = 0): number | null {
  const m = DATE_INPUT.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  date.setDate(date.getDate() + addDays);
  return date.getTime();
}

/**
 * A local day from midnight to the next midnight: 24 h, or 23 h / 25 h when the clocks change
 * that day. Null for a value that isn't a date.
 */
export function dayWindow(value: string): TimeWindow | null {
  const start = localMidnight(value);
  const end = localMidnight(value, 1);
  return start === null || end === null ? null : { start, end };
}

/** The day `days` after (or before) a "YYYY-MM-DD" day; the value itself when it isn't a date. */
export function shiftDate(value: string, days: number): string {
  const t = localMidnight(value, days);
  return t === null ? value : localDateOf(t);
}

export interface Zoom {
  id: string;
  label: string;
  /** Visible span; the whole day for the widest. */
  spanMs: number;
}

export const ZOOMS: readonly Zoom[] = [
  { id: '15m', label: '15 min', spanMs: 15 * MINUTE },
  { id: '1h', label: '1 h', spanMs: HOUR },
  { id: '6h', label: '6 h', spanMs: 6 * HOUR },
  { id: '24h', label: '24 h', spanMs: 24 * HOUR },
];

export const DEFAULT_ZOOM = '24h';

export function zoomSpan(id: string): number {
  return (ZOOMS.find((z) => z.id === id) ?? ZOOMS[ZOOMS.length - 1]!).spanMs;
}

/**
 * The visible window of `spanMs` centred on `center`, kept inside the day. A span as long as
 * the day (or longer: a 25 h day in the 24 h zoom) shows the whole day.
 */
export function viewAround(day: TimeWindow, spanMs: number, center: number): TimeWindow {
  const dayLength = day.end - day.start;
  if (spanMs >= dayLength - HOUR) return { ...day };
  const start = Math.min(day.end - spanMs, Math.max(day.start, Math.round(center - spanMs / 2)));
  return { start, end: start + spanMs };
}

/** The view moved by `fraction` of its width (negative: earlier), kept inside the day. */
export function panView(view: TimeWindow, day: TimeWindow, fraction: number): TimeWindow {
  const span = view.end - view.start;
  return viewAround(day, span, view.start + span / 2 + span * fraction);
}

/**
 * Keeps a moving playhead in sight: unchanged while `t` is inside the view's inner 90 %,
 * otherwise the next page, with `t` a tenth of the way in (or centred when it jumped far).
 */
export function followPlayhead(view: TimeWindow, day: TimeWindow, t: number): TimeWindow {
  const span = view.end - view.start;
  if (t < day.start || t >= day.end) return view;
  if (t >= view.start && t <= view.end - span * 0.05) return view;
  if (t > view.end - span * 0.05 && t < view.end + span * 0.5) return viewAround(day, span, t + span * 0.4);
  return viewAround(day, span, t);
}

/** Where `t` is across the view: 0 at its start, 1 at its end (not clamped). */
export function timeToFraction(t: number, view: TimeWindow): number {
  return (t - view.start) / (view.end - view.start);
}

/** The time at `x` pixels into a track `width` pixels wide showing `view` (clamped to the view). */
export function xToTime(x: number, width: number, view: TimeWindow): number {
  if (!(width > 0)) return view.start;
  const fraction = Math.min(1, Math.max(0, x / width));
  return Math.round(view.start + fraction * (view.end - view.start));
}

/** The x position (pixels) of `t` on a track `width` pixels wide showing `view`. */
export function timeToX(t: number, width: number, view: TimeWindow): number {
  return timeToFraction(t, view) * width;
}

export interface Tick {
  t: number;
  /** "14:00"; empty for an unlabelled minor tick. */
  label: string;
  /** On a full hour. */
  hour: boolean;
}

/** Tick steps that divide an hour or a day. */
const STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR];

/**
 * Tick marks for a view on a track `widthPx` wide, counted from local midnight (`dayStart`) so
 * they fall on whole local hours and minutes: labelled ticks at least `labelPx` apart, with
 * minor ticks between them at least `minorPx` apart.
 */
export function ticks(view: TimeWindow, dayStart: number, widthPx: number, { labelPx = 64, minorPx = 12 } = {}): Tick[] {
  const span = view.end - view.start;
  if (!(span > 0) || !(widthPx > 0)) return [];
  const pxPer = (step: number) => (step / span) * widthPx;
  const labelStep = STEPS.find((s) => pxPer(s) >= labelPx) ?? STEPS[STEPS.length - 1]!;
  const minorStep = STEPS.find((s) => pxPer(s) >= minorPx && labelStep % s === 0) ?? labelStep;
  const out: Tick[] = [];
  const first = Math.ceil((view.start - dayStart) / minorStep);
  for (let k = first; ; k++) {
    const t = dayStart + k * minorStep;
    if (t > view.end) break;
    const labelled = (t - dayStart) % labelStep === 0;
    out.push({ t, label: labelled ? formatClock(t, false) : '', hour: new Date(t).getMinutes() === 0 });
  }
  return out;
}

/** Local wall-clock time, 24 h: "14:05:09", or "14:05" without seconds. */
export function formatClock(ms: number, seconds = true): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return seconds ? `${hm}:${pad(d.getSeconds())}` : hm;
}

/** "−1 min", "+10 s": a signed jump for button labels. */
export function formatJump(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const abs = Math.abs(ms);
  return abs >= MINUTE && abs % MINUTE === 0 ? `${sign}${abs / MINUTE} min` : `${sign}${Math.round(abs / SECOND)} s`;
}
