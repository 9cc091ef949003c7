// Scaling for the small health charts: pure functions from samples to SVG path data.

export interface ChartPoint {
  /** Time in ms since the epoch. */
  t: number;
  /** The value, or null for a gap (no reading). */
  v: number | null;
}

export interface ChartFrame {
  width: number;
  height: number;
  /** Time at the left and right edges. */
  t0: number;
  t1: number;
  /** Value at the top edge; the bottom is 0. */
  yMax: number;
}

const STEPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest "round" number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) at or above `value`; 1 for nothing to show. */
export function niceCeil(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = STEPS.find((s) => s * magnitude >= value * (1 - 1e-9)) ?? 10;
  return round(step * magnitude);
}

/** A y-axis top that leaves some headroom above the highest value (and `floor`, e.g. a threshold). */
export function chartMax(points: readonly ChartPoint[], floor = 0): number {
  let max = floor;
  for (const p of points) if (p.v !== null && p.v > max) max = p.v;
  return niceCeil(max * 1.1);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function xFor(t: number, frame: ChartFrame): number {
  const span = frame.t1 - frame.t0;
  return round(span <= 0 ? frame.width : ((t - frame.t0) / span) * frame.width);
}

export function yFor(v: number, frame: ChartFrame): number {
  const clamped = Math.min(Math.max(v, 0), frame.yMax);
  return round(frame.height - (clamped / frame.yMax) * frame.height);
}

/**
 * SVG path data through the points inside the frame's time range, in time order. A null
 * value breaks the line; a lone point between gaps becomes a dot-sized segment so it still shows.
 */
export function linePath(points: readonly ChartPoint[], frame: ChartFrame): string {
  const visible = points.filter((p) => p.t >= frame.t0 && p.t <= frame.t1).sort((a, b) => a.t - b.t);
  const runs: string[][] = [];
  let run: string[] = [];
  for (const p of visible) {
    if (p.v === null || !Number.isFinite(p.v)) {
      if (run.length) runs.push(run);
      run = [];
      continue;
    }
    run.push(`${xFor(p.t, frame)} ${yFor(p.v, frame)}`);
  }
  if (run.length) runs.push(run);
  return runs
    .map((r) =>
      r.length === 1
        ? `M${r[0]}h0.01`
        : `M${r[0]}` +
          r
            .slice(1)
            .map((xy) => `L${xy}`)
            .join(''),
    )
    .join('');
}

/** Evenly spaced tick values from 0 to `max` (inclusive), `count` intervals. */
export function ticks(max: number, count = 2): number[] {
  return Array.from({ length: count + 1 }, (_, i) => round((max / count) * i));
}

/** Latest, lowest and highest values of a series (null when it has none). */
export function seriesSummary(points: readonly ChartPoint[]): { latest: number; min: number; max: number } | null {
  let latest: ChartPoint | null = null;
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    if (p.v === null || !Number.isFinite(p.v)) continue;
    if (!latest || p.t >= latest.t) latest = p;
    min = Math.min(min, p.v);
    max = Math.max(max, p.v);
  }
  return latest && latest.v !== null ? { latest: latest.v, min, max } : null;
}
