// The alerts page's filters, as kept in the URL, and the API query they make. Pure.
import { parseLocalInput } from '../exports/range';
import type { AlertQuery } from './live';
import { isAlertState, isSeverity } from './model';

export const ALERT_FILTER_KEYS = ['state', 'severity', 'camera', 'rule', 'q', 'from', 'to'] as const;
export type AlertFilterKey = (typeof ALERT_FILTER_KEYS)[number];
export type AlertFilters = Record<AlertFilterKey, string>;

/**
 * The query for GET /api/alerts: unknown states and severities and times that aren't dates are
 * left out rather than sent (the URL may have been typed by hand).
 */
export function alertSearchQuery(filters: AlertFilters, limit: number, offset: number): AlertQuery {
  const query: AlertQuery = { limit, offset };
  if (isAlertState(filters.state)) query.state = filters.state;
  if (isSeverity(filters.severity)) query.severity = filters.severity;
  if (filters.camera) query.cameraId = filters.camera;
  if (filters.rule) query.ruleId = filters.rule;
  const q = filters.q.trim().slice(0, 200);
  if (q) query.q = q;
  const from = filters.from ? parseLocalInput(filters.from) : null;
  const to = filters.to ? parseLocalInput(filters.to) : null;
  if (from) query.from = from.toISOString();
  if (to) query.to = to.toISOString();
  return query;
}

export function hasAlertFilters(filters: AlertFilters): boolean {
  return ALERT_FILTER_KEYS.some((key) => filters[key] !== '');
}

/** A "to" before "from" finds nothing; the page says so instead of showing an empty table. */
export function timeRangeInverted(filters: AlertFilters): boolean {
  const from = filters.from ? parseLocalInput(filters.from) : null;
  const to = filters.to ? parseLocalInput(filters.to) : null;
  return from !== null && to !== null && to.getTime() <= from.getTime();
}
