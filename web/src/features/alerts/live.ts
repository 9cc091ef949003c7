// How `alert:changed` events change what the app shows: cached alert lists, an alert's detail, the
// bell's count, and which events deserve a toast. Pure and structurally typed, so the unit tests
// need neither the server's event module nor the generated client.
import { stateRank, type AlertState, type Severity } from './model';

/** The `alert:changed` event (server/src/realtime/events.ts AlertEvent). */
export interface AlertChange {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: string;
  subject: string;
  cameraId: string | null;
  severity: Severity;
  state: AlertState;
  message: string;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  /** Open alerts nobody has acknowledged yet (the bell's number). */
  unacknowledged: number;
  at: string;
}

/** An alert as `GET /api/alerts` lists it. */
export interface AlertItem {
  id: string;
  ruleId: string;
  ruleName: string | null;
  kind: string;
  subject: string;
  cameraId: string | null;
  severity: Severity;
  state: AlertState;
  message: string;
  value: string | null;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  ackComment: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolveReason: string | null;
}

export interface AlertPage<A extends AlertItem = AlertItem> {
  items: A[];
  total: number;
  limit: number;
  offset: number;
}

/** The filters of `GET /api/alerts` (times as ISO strings). */
export interface AlertQuery {
  state?: AlertState;
  cameraId?: string;
  ruleId?: string;
  severity?: Severity;
  from?: string;
  to?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface AlertSummary {
  open: number;
  acknowledged: number;
  unacknowledged: number;
  bySeverity: Record<Severity, number>;
}

/** The server's page size when none is asked for. */
export const DEFAULT_ALERT_LIMIT = 50;

/**
 * The alert with the event applied, or the same object when the event is about another alert or
 * changes nothing. An alert never moves back along open → acknowledged → resolved (a late event).
 */
export function applyAlertEvent<A extends AlertItem>(item: A, event: AlertChange): A {
  if (item.id !== event.id) return item;
  if (stateRank(event.state) < stateRank(item.state)) return item;
  const next: A = {
    ...item,
    state: event.state,
    severity: event.severity,
    message: event.message,
    ruleName: event.ruleName || item.ruleName,
    acknowledgedAt: event.acknowledgedAt ?? item.acknowledgedAt,
    acknowledgedBy: event.acknowledgedBy ?? item.acknowledgedBy,
    resolvedAt: event.resolvedAt ?? item.resolvedAt,
  };
  const same = (Object.keys(next) as (keyof A)[]).every((key) => next[key] === item[key]);
  return same ? item : next;
}

/** An alert made from an event alone (a new alert that no list has yet); what the event lacks is empty. */
export function alertFromEvent(event: AlertChange): AlertItem {
  return {
    id: event.id,
    ruleId: event.ruleId,
    ruleName: event.ruleName || null,
    kind: event.kind,
    subject: event.subject,
    cameraId: event.cameraId,
    severity: event.severity,
    state: event.state,
    message: event.message,
    value: null,
    openedAt: event.openedAt,
    acknowledgedAt: event.acknowledgedAt,
    acknowledgedBy: event.acknowledgedBy,
    ackComment: null,
    resolvedAt: event.resolvedAt,
    resolvedBy: null,
    resolveReason: null,
  };
}

/** Whether the server would list this alert for the query's filters (paging aside). */
export function matchesQuery(item: AlertItem, query: AlertQuery): boolean {
  if (query.state && item.state !== query.state) return false;
  if (query.cameraId && item.cameraId !== query.cameraId) return false;
  if (query.ruleId && item.ruleId !== query.ruleId) return false;
  if (query.severity && item.severity !== query.severity) return false;
  if (query.q && !item.message.toLowerCase().includes(query.q.toLowerCase())) return false;
  if (query.from && item.resolvedAt !== null && Date.parse(item.resolvedAt) < Date.parse(query.from)) return false;
  if (query.to && !(Date.parse(item.openedAt) < Date.parse(query.to))) return false;
  return true;
}

/** Newest first, then by id: the server's order. */
function before(a: AlertItem, b: AlertItem): boolean {
  const ta = Date.parse(a.openedAt);
  const tb = Date.parse(b.openedAt);
  return ta !== tb ? ta > tb : a.id < b.id;
}

/**
 * A cached page with the event applied; the same object when nothing on it changes.
 * - An alert on the page is patched, or taken off when it no longer matches the filters
 *   (acknowledged, on a page of open alerts).
 * - A newly opened alert that matches is put on the first page in its place (newest first); a full
 *   page drops its last row. Other pages are left for the refetch to fix.
 */
export function applyAlertEventToPage<A extends AlertItem, P extends AlertPage<A>>(page: P, event: AlertChange, query: AlertQuery): P {
  const index = page.items.findIndex((item) => item.id === event.id);
  if (index >= 0) {
    const item = page.items[index]!;
    const next = applyAlertEvent(item, event);
    if (next === item) return page;
    if (!matchesQuery(next, query)) {
      return { ...page, items: page.items.filter((_, i) => i !== index), total: Math.max(0, page.total - 1) };
    }
    return { ...page, items: page.items.map((a, i) => (i === index ? next : a)) };
  }
  if (event.state !== 'open' || (query.offset ?? 0) !== 0) return page;
  const created = alertFromEvent(event) as A;
  if (!matchesQuery(created, query)) return page;
  const limit = query.limit ?? DEFAULT_ALERT_LIMIT;
  let at = page.items.findIndex((item) => before(created, item));
  if (at < 0) at = page.items.length;
  // It sorts after a full page: it belongs on a later one.
  if (at >= limit) return { ...page, total: page.total + 1 };
  const items = [...page.items.slice(0, at), created, ...page.items.slice(at)].slice(0, limit);
  return { ...page, items, total: page.total + 1 };
}

/** The summary with the event's count of unacknowledged alerts (the per-severity counts are refetched). */
export function applyAlertEventToSummary<S extends AlertSummary>(summary: S, event: AlertChange): S {
  const n = Math.max(0, event.unacknowledged);
  if (summary.unacknowledged === n && summary.open === n) return summary;
  return { ...summary, unacknowledged: n, open: n };
}

/** The bell's badge text: nothing for 0, "1"…"99", then "99+". */
export function bellLabel(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > 99 ? '99+' : String(Math.floor(count));
}

/**
 * The time of the last event applied per alert, so an event that arrives after a newer one
 * (a reconnect replay, two server workers) doesn't roll an alert back.
 */
export class AlertEventClock {
  private readonly latest = new Map<string, number>();

  accept(event: { id: string; at: string }): boolean {
    const at = Date.parse(event.at);
    if (Number.isNaN(at)) return true;
    const seen = this.latest.get(event.id);
    if (seen !== undefined && at < seen) return false;
    this.latest.set(event.id, at);
    return true;
  }
}

export type ToastKind = 'opened' | 'resolved';

/** Events older than this when they arrive (replayed after a reconnect) are not toasted. */
export const TOAST_MAX_AGE_MS = 5 * 60_000;
const REMEMBER = 500;

/**
 * Decides which events get a toast: an alert that opened (once per alert), and, more quietly, one
 * that resolved (once). Acknowledgements and stale replays get none.
 */
export class AlertAnnouncer {
  private readonly told = new Map<string, ToastKind>();

  decide(event: Pick<AlertChange, 'id' | 'state' | 'at'>, now: number): ToastKind | null {
    const at = Date.parse(event.at);
    if (!Number.isNaN(at) && now - at > TOAST_MAX_AGE_MS) return null;
    const kind: ToastKind | null = event.state === 'open' ? 'opened' : event.state === 'resolved' ? 'resolved' : null;
    if (kind === null) return null;
    const previous = this.told.get(event.id);
    if (previous === kind || (previous === 'resolved' && kind === 'opened')) return null;
    this.told.delete(event.id);
    this.told.set(event.id, kind);
    if (this.told.size > REMEMBER) this.told.delete(this.told.keys().next().value!);
    return kind;
  }
}

/** How long a toast stays: critical alerts until dismissed, other openings 15 s, resolves 6 s. */
export function toastLifetimeMs(kind: ToastKind, severity: Severity): number | null {
  if (kind === 'resolved') return 6000;
  return severity === 'critical' ? null : 15_000;
}
