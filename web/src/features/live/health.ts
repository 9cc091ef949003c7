import type { ChartPoint } from './chart';

/** One point of a camera's health history (GET /api/cameras/{id}/health). */
export interface HealthHistoryPoint {
  at: string;
  fps: number | null;
  bitrateKbps: number | null;
  inputKbps: number | null;
  speed: number | null;
}

/** The part of a health report the history keeps (a `camera:health` event has more). */
export type HealthSample = HealthHistoryPoint;

export interface HealthData<S extends HealthSample> {
  current: S | null;
  history: HealthHistoryPoint[];
}

/** How much history the charts show and the cache keeps. */
export const HEALTH_WINDOW_MS = 10 * 60_000;
export const HEALTH_MAX_POINTS = 900;

/**
 * Health data with a live sample added: it becomes `current` and joins the history, which stays
 * in time order, drops duplicates of the same instant, and is trimmed to the window.
 */
export function appendHealthSample<S extends HealthSample>(
  data: HealthData<S>,
  sample: S,
  { windowMs = HEALTH_WINDOW_MS, maxPoints = HEALTH_MAX_POINTS } = {},
): HealthData<S> {
  const at = Date.parse(sample.at);
  if (Number.isNaN(at)) return data;
  const point: HealthHistoryPoint = {
    at: sample.at,
    fps: sample.fps,
    bitrateKbps: sample.bitrateKbps,
    inputKbps: sample.inputKbps,
    speed: sample.speed,
  };
  const latest = data.history.length ? Date.parse(data.history[data.history.length - 1]!.at) : -Infinity;
  let history: HealthHistoryPoint[];
  if (at > latest) history = [...data.history, point];
  else if (data.history.some((p) => Date.parse(p.at) === at)) history = data.history;
  else history = [...data.history, point].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const newest = Math.max(at, latest);
  history = history.filter((p) => Date.parse(p.at) >= newest - windowMs);
  if (history.length > maxPoints) history = history.slice(history.length - maxPoints);

  const currentAt = data.current ? Date.parse(data.current.at) : -Infinity;
  return { current: at >= currentAt ? sample : data.current, history };
}

export function historySeries(history: readonly HealthHistoryPoint[], key: 'fps' | 'bitrateKbps' | 'inputKbps' | 'speed'): ChartPoint[] {
  return history.map((p) => ({ t: Date.parse(p.at), v: p[key] }));
}

const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

const DASH = '—';

export function formatFps(fps: number | null | undefined): string {
  return fps === null || fps === undefined ? DASH : `${oneDecimal.format(fps)} fps`;
}

/** "850 kbps", "2.4 Mbps". */
export function formatKbps(kbps: number | null | undefined): string {
  if (kbps === null || kbps === undefined) return DASH;
  return kbps >= 1000 ? `${oneDecimal.format(kbps / 1000)} Mbps` : `${whole.format(kbps)} kbps`;
}

/** "1.00×" — processing speed relative to real time. */
export function formatSpeed(speed: number | null | undefined): string {
  return speed === null || speed === undefined ? DASH : `${twoDecimals.format(speed)}×`;
}

export function formatCount(count: number | null | undefined): string {
  return count === null || count === undefined ? DASH : whole.format(count);
}

export function formatResolution(width: number | null | undefined, height: number | null | undefined): string {
  return width && height ? `${width}×${height}` : DASH;
}

/** "h264 / aac", "h264", or a dash. */
export function formatCodecs(video: string | null | undefined, audio: string | null | undefined): string {
  return [video, audio].filter(Boolean).join(' / ') || DASH;
}
