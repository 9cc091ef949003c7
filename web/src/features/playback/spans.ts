// Recorded ranges as the web app handles them: parsed from the timeline endpoint, looked up by
// time, merged across cameras and laid out on the track. Pure.
import { timeToFraction, type TimeWindow } from './timeScale';

/** A recorded range, [start, end) in epoch milliseconds. */
export type Span = TimeWindow;

/** `{from, to}` ISO pairs from the API, as sorted spans; unparseable or empty ones are dropped. */
export function parseSpans(list: readonly { from: string; to: string }[]): Span[] {
  return list
    .map((s) => ({ start: Date.parse(s.from), end: Date.parse(s.to) }))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start);
}

/** The span containing `t` (start inclusive, end exclusive), or null. Spans must be sorted. */
export function spanAt(spans: readonly Span[], t: number): Span | null {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (t < s.start) hi = mid - 1;
    else if (t >= s.end) lo = mid + 1;
    else return s;
  }
  return null;
}

/** The first span starting after `t`. */
export function nextSpanAfter(spans: readonly Span[], t: number): Span | null {
  return spans.find((s) => s.start > t) ?? null;
}

/** The last span ending at or before `t`. */
export function prevSpanBefore(spans: readonly Span[], t: number): Span | null {
  for (let i = spans.length - 1; i >= 0; i--) if (spans[i]!.end <= t) return spans[i]!;
  return null;
}

/** Everything recorded by any of several cameras, merged into sorted, non-overlapping spans. */
export function unionSpans(lists: readonly (readonly Span[])[], joinMs = 0): Span[] {
  const all = lists.flat().sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.start - last.end <= joinMs) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Total recorded time of the spans inside a window. */
export function recordedWithin(spans: readonly Span[], window: TimeWindow): number {
  return spans.reduce((n, s) => n + Math.max(0, Math.min(s.end, window.end) - Math.max(s.start, window.start)), 0);
}

export interface SpanBox {
  span: Span;
  /** Left edge as a fraction of the track (0…1). */
  left: number;
  /** Width as a fraction of the track, at least `minWidth`. */
  width: number;
}

/**
 * Boxes for the spans visible in `view`, clipped to it. A box is at least `minWidth` wide (one
 * pixel's worth), so a few seconds of recording still show on a day view.
 */
export function layoutSpans(spans: readonly Span[], view: TimeWindow, minWidth = 0): SpanBox[] {
  const out: SpanBox[] = [];
  for (const span of spans) {
    if (span.end <= view.start || span.start >= view.end) continue;
    const left = Math.max(0, timeToFraction(span.start, view));
    const right = Math.min(1, timeToFraction(span.end, view));
    const width = Math.max(minWidth, right - left);
    out.push({ span, left: Math.min(left, 1 - width), width });
  }
  return out;
}
