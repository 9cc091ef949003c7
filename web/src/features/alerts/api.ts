import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useRealtime } from '../../realtime/RealtimeProvider';
import { alertKeys, notificationKeys } from './cache';
import type { AlertQuery } from './live';
import type { AlertDetail, AlertListQuery, AlertRule, AlertRuleBody, DeliveryQuery, NotificationChannelBody } from './types';

/** How often alert data is polled when no live connection keeps it current. */
const POLL_WITHOUT_EVENTS_MS = 15_000;

/** A page of alerts, newest first; kept current by `alert:changed` events, polled without them. */
export function useAlerts(query: AlertQuery, options: { enabled?: boolean } = {}) {
  const { connected } = useRealtime();
  return useQuery({
    queryKey: alertKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/alerts', { params: { query: query as AlertListQuery } })),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    refetchInterval: connected ? false : POLL_WITHOUT_EVENTS_MS,
  });
}

/** Counts of open and acknowledged alerts (the bell). */
export function useAlertSummary(enabled = true) {
  const { connected } = useRealtime();
  return useQuery({
    queryKey: alertKeys.summary,
    queryFn: () => unwrap(api.GET('/api/alerts/summary')),
    enabled,
    refetchInterval: connected ? 60_000 : POLL_WITHOUT_EVENTS_MS,
  });
}

/** One alert with its history. */
export function useAlert(id: string | null) {
  return useQuery({
    queryKey: alertKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/alerts/{id}', { params: { path: { id: id! } } })),
    enabled: id !== null,
  });
}

/** After acknowledging or resolving: the answer goes into the cache at once, then everything alert is refetched. */
function useAlertAction(action: 'acknowledge' | 'resolve') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, comment }: { id: string; comment?: string | null }) => {
      const body = { comment: comment?.trim() ? comment.trim() : null };
      const options = { params: { path: { id } }, body };
      return unwrap(
        action === 'acknowledge' ? api.POST('/api/alerts/{id}/acknowledge', options) : api.POST('/api/alerts/{id}/resolve', options),
      );
    },
    onSuccess: (alert) => {
      queryClient.setQueryData<AlertDetail>(alertKeys.detail(alert.id), (detail) => detail && { ...detail, ...alert });
      void queryClient.invalidateQueries({ queryKey: alertKeys.lists });
      void queryClient.invalidateQueries({ queryKey: alertKeys.summary });
      void queryClient.invalidateQueries({ queryKey: alertKeys.detail(alert.id) });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function useAcknowledgeAlert() {
  return useAlertAction('acknowledge');
}

export function useResolveAlert() {
  return useAlertAction('resolve');
}

// ------------------------------------------------------------------ rules

export function useAlertRules(enabled = true) {
  return useQuery({
    queryKey: alertKeys.rules,
    queryFn: () => unwrap(api.GET('/api/alert-rules')),
    enabled,
    staleTime: 30_000,
  });
}

function useInvalidateRules() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: alertKeys.rules }),
      // Deleting or disabling a rule resolves its alerts.
      queryClient.invalidateQueries({ queryKey: alertKeys.lists }),
      queryClient.invalidateQueries({ queryKey: alertKeys.summary }),
      queryClient.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}

export function useCreateRule() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: (body: AlertRuleBody) => unwrap(api.POST('/api/alert-rules', { body })),
    onSuccess: () => invalidate(),
  });
}

/** Saves a rule; the list shows the change at once (the on/off switch) and goes back if the server refuses it. */
export function useUpdateRule() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: AlertRuleBody }) =>
      unwrap(api.PUT('/api/alert-rules/{id}', { params: { path: { id } }, body })),
    onMutate: async ({ id, body }) => {
      await queryClient.cancelQueries({ queryKey: alertKeys.rules });
      const before = queryClient.getQueryData<AlertRule[]>(alertKeys.rules);
      queryClient.setQueryData<AlertRule[]>(alertKeys.rules, (rules) => rules?.map((r) => (r.id === id ? { ...r, ...body } : r)));
      return { before };
    },
    onError: (_error, _vars, context) => {
      if (context?.before) queryClient.setQueryData(alertKeys.rules, context.before);
    },
    onSettled: () => invalidate(),
  });
}

export function useDeleteRule() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/alert-rules/{id}', { params: { path: { id } } })),
    onSuccess: () => invalidate(),
  });
}

// ------------------------------------------------------------------ snoozes

/** Active snoozes; refreshed every 30 s so ended ones drop off. */
export function useSnoozes(enabled = true) {
  return useQuery({
    queryKey: alertKeys.snoozes,
    queryFn: () => unwrap(api.GET('/api/alert-snoozes')),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useCreateSnooze() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ruleId: string | null; subject: string | null; until: string; reason: string | null }) =>
      unwrap(api.POST('/api/alert-snoozes', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.snoozes });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function useEndSnooze() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/alert-snoozes/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.snoozes });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

// ------------------------------------------------------------------ notification channels (admins)

export function useChannels(enabled = true) {
  return useQuery({
    queryKey: notificationKeys.channels,
    queryFn: () => unwrap(api.GET('/api/notification-channels')),
    enabled,
    // Failing state and last error change as deliveries are tried.
    refetchInterval: enabled ? 30_000 : false,
  });
}

function useInvalidateChannels() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
      queryClient.invalidateQueries({ queryKey: alertKeys.rules }),
      queryClient.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}

export function useCreateChannel() {
  const invalidate = useInvalidateChannels();
  return useMutation({
    mutationFn: (body: NotificationChannelBody) => unwrap(api.POST('/api/notification-channels', { body })),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateChannel() {
  const invalidate = useInvalidateChannels();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: NotificationChannelBody }) =>
      unwrap(api.PUT('/api/notification-channels/{id}', { params: { path: { id } }, body })),
    onSuccess: () => invalidate(),
  });
}

export function useDeleteChannel() {
  const invalidate = useInvalidateChannels();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/notification-channels/{id}', { params: { path: { id } } })),
    onSuccess: () => invalidate(),
  });
}

/** Sends a test message now; answers what the peer said (a failed delivery is an answer, not an error). */
export function useTestChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/notification-channels/{id}/test', { params: { path: { id } } })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.channels });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

/** The delivery log: every queued notification with its attempts and errors. */
export function useDeliveries(query: DeliveryQuery, enabled = true) {
  return useQuery({
    queryKey: notificationKeys.deliveries(query),
    queryFn: () => unwrap(api.GET('/api/notification-deliveries', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
    refetchInterval: enabled ? 10_000 : false,
  });
}
