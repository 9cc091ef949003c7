/**
 * Pure timeline arithmetic: recorded spans → covered ranges and explicit gaps over [from, to).
 * Spans closer than `joinMs` are one range (chunk boundaries of one session butt together).
 */
export interface Span {
  startMs: number;
  endMs: number;
}

export interface Timeline {
  from: number;
  to: number;
  ranges: Span[];
  gaps: Span[];
  recordedMs: number;
}

export function buildTimeline(spans: Span[], from: number, to: number, joinMs = 1500): Timeline {
  const sorted = spans
    .map((s) => ({ startMs: Math.max(s.startMs, from), endMs: Math.min(s.endMs, to) }))
    .filter((s) => s.endMs > s.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const ranges: Span[] = [];
  for (const s of sorted) {
    const last = ranges.at(-1);
    if (last && s.startMs - last.endMs <= joinMs) last.endMs = Math.max(last.endMs, s.endMs);
    else ranges.push({ ...s });
  }
  const gaps: Span[] = [];
  let cursor = from;
  for (const r of ranges) {
    if (r.startMs > cursor) gaps.push({ startMs: cursor, endMs: r.startMs });
    cursor = Math.max(cursor, r.endMs);
  }
  if (cursor < to) gaps.push({ startMs: cursor, endMs: to });
  return { from, to, ranges, gaps, recordedMs: ranges.reduce((n, r) => n + (r.endMs - r.startMs), 0) };
}
