// Alerts drawn on the recordings timeline: each alert is a range from when it opened to when it
// resolved (still open: to now), placed on the visible window, and the window the alerts are
// fetched for. Pure.
import { stateRank, type AlertState, type Severity } from './model';

export interface MarkerAlert {
  id: string;
  severity: Severity;
  state: AlertState;
  openedAt: string;
  resolvedAt: string | null;
}

export interface AlertMarker<A extends MarkerAlert = MarkerAlert> {
  alert: A;
  /** Fractions of the visible window (0..1). */
  left: number;
  width: number;
  /** The alert started before the window (its range is cut on the left). */
  clippedStart: boolean;
  /** Still open (or acknowledged): the range runs up to now. */
  ongoing: boolean;
}

const SEVERITY_ORDER: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Markers for the alerts that overlap the window [start, end), at least `minWidth` wide so an
 * alert of a second still shows. More severe alerts come last, so they are drawn on top.
 */
export function alertMarkers<A extends MarkerAlert>(
  alerts: readonly A[],
  view: { start: number; end: number },
  now: number,
  minWidth = 0.004,
): AlertMarker<A>[] {
  const span = view.end - view.start;
  if (!(span > 0)) return [];
  const out: AlertMarker<A>[] = [];
  for (const alert of alerts) {
    const from = Date.parse(alert.openedAt);
    if (Number.isNaN(from)) continue;
    const resolved = alert.resolvedAt === null ? NaN : Date.parse(alert.resolvedAt);
    const ongoing = stateRank(alert.state) < stateRank('resolved') || Number.isNaN(resolved);
    const to = ongoing ? Math.max(from, now) : Math.max(from, resolved);
    if (to < view.start || from >= view.end) continue;
    const left = Math.max(0, (from - view.start) / span);
    const right = Math.min(1, (to - view.start) / span);
    const width = Math.max(minWidth, right - left);
    out.push({ alert, left: Math.min(left, 1 - width), width, clippedStart: from < view.start, ongoing });
  }
  return out.sort(
    (a, b) =>
      SEVERITY_ORDER[a.alert.severity] - SEVERITY_ORDER[b.alert.severity] || Date.parse(a.alert.openedAt) - Date.parse(b.alert.openedAt),
  );
}

/**
 * The time range to ask the API for, for a visible window: whole minutes around it, so small pans
 * don't each make a new request.
 */
export function alertFetchWindow(view: { start: number; end: number }): { from: string; to: string } {
  const minute = 60_000;
  const from = Math.floor(view.start / minute) * minute;
  const to = Math.ceil(view.end / minute) * minute;
  return { from: new Date(from).toISOString(), to: new Date(Math.max(to, from + minute)).toISOString() };
}
