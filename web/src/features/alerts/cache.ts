import type { QueryClient } from '@tanstack/react-query';
import {
  applyAlertEvent,
  applyAlertEventToPage,
  applyAlertEventToSummary,
  type AlertChange,
  type AlertEventClock,
  type AlertQuery,
} from './live';
import type { AlertDetail, AlertList, AlertSummaryBody } from './types';

export const alertKeys = {
  all: ['alerts'] as const,
  lists: ['alerts', 'list'] as const,
  list: (query: AlertQuery) => ['alerts', 'list', query] as const,
  summary: ['alerts', 'summary'] as const,
  detail: (id: string) => ['alerts', 'detail', id] as const,
  rules: ['alerts', 'rules'] as const,
  snoozes: ['alerts', 'snoozes'] as const,
};

export const notificationKeys = {
  all: ['notifications'] as const,
  channels: ['notifications', 'channels'] as const,
  deliveries: (query: object) => ['notifications', 'deliveries', query] as const,
};

/**
 * An `alert:changed` event applied to the cached alerts: every cached page (alerts page, bell
 * dropdown, camera timelines) is patched in place — a new alert appears, an acknowledged one leaves
 * a page of open alerts — and the bell's count is set from the event at once. Then the lists, the
 * summary and the alert's detail are refetched for what the event doesn't carry (history, counts by
 * severity, later pages).
 */
export function applyAlertEventToCache(queryClient: QueryClient, clock: AlertEventClock, event: AlertChange): void {
  if (!clock.accept(event)) return;
  for (const [key, page] of queryClient.getQueriesData<AlertList>({ queryKey: alertKeys.lists })) {
    if (!page) continue;
    const query = (key[2] ?? {}) as AlertQuery;
    const next = applyAlertEventToPage(page, event, query);
    if (next !== page) queryClient.setQueryData(key, next);
  }
  queryClient.setQueryData<AlertDetail>(alertKeys.detail(event.id), (detail) => detail && applyAlertEvent(detail, event));
  queryClient.setQueryData<AlertSummaryBody>(alertKeys.summary, (summary) => summary && applyAlertEventToSummary(summary, event));
  void queryClient.invalidateQueries({ queryKey: alertKeys.lists });
  void queryClient.invalidateQueries({ queryKey: alertKeys.summary });
  void queryClient.invalidateQueries({ queryKey: alertKeys.detail(event.id) });
}
