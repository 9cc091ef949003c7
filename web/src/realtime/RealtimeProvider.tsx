import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import type { CameraList, Camera, Dashboard } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { alertKeys, applyAlertEventToCache } from '../features/alerts/cache';
import { AlertEventClock } from '../features/alerts/live';
import { cameraKeys } from '../features/cameras/api';
import { applyExportEventToCache, exportKeys } from '../features/exports/cache';
import { ExportEventClock } from '../features/exports/progress';
import { liveKeys } from '../features/live/api';
import { appendHealthSample } from '../features/live/health';
import type { CameraHealthHistory } from '../features/live/types';
import { applyCountersToDashboard, applyStatusToCamera, applyStatusToList, StatusClock } from './cacheUpdates';
import { connectRealtime, type ConnectionState } from './connection';
import type { AlertEvent, CameraHealth } from './events';
import { LatestHealthStore } from './healthStore';

export type RealtimeState = ConnectionState | 'off';

type AlertListener = (event: AlertEvent) => void;

interface RealtimeContextValue {
  state: RealtimeState;
  health: LatestHealthStore<CameraHealth>;
  /** Who hears `alert:changed` after the caches took it in (the alert toasts). */
  alertListeners: Set<AlertListener>;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

/**
 * The app's live connection: open while someone is signed in, closed on logout. Status events
 * update the cached camera list pages and camera details in place (badges change without a
 * refetch), health reports extend the cached health history, and dashboard counters replace
 * the dashboard's camera numbers. Alert changes update the cached alerts and the bell's count,
 * then go to whoever listens through `useAlertEvents` (the alert toasts).
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const queryClient = useQueryClient();
  const [state, setState] = useState<RealtimeState>('off');
  const [health] = useState(() => new LatestHealthStore<CameraHealth>());
  const [alertListeners] = useState(() => new Set<AlertListener>());
  const signedIn = status === 'authenticated';

  useEffect(() => {
    if (!signedIn) return;
    const clock = new StatusClock();
    const exportClock = new ExportEventClock();
    const alertClock = new AlertEventClock();
    setState('connecting');
    const connection = connectRealtime({
      fetchTicket: async () => (await unwrap(api.POST('/api/realtime/ticket'))).ticket,
      onState: setState,
      onResync: () => {
        void queryClient.invalidateQueries({ queryKey: cameraKeys.all });
        void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
        void queryClient.invalidateQueries({ queryKey: exportKeys.all });
        void queryClient.invalidateQueries({ queryKey: alertKeys.all });
      },
      events: {
        'camera:status': (event) => {
          if (!clock.accept(event)) return;
          queryClient.setQueriesData<CameraList>({ queryKey: cameraKeys.lists }, (list) => list && applyStatusToList(list, event));
          queryClient.setQueryData<Camera>(cameraKeys.detail(event.cameraId), (camera) => camera && applyStatusToCamera(camera, event));
          // Going live or offline opens or closes a stream session.
          void queryClient.invalidateQueries({ queryKey: liveKeys.sessionsOf(event.cameraId) });
        },
        'camera:health': (report) => {
          health.set(report);
          queryClient.setQueriesData<CameraHealthHistory>(
            { queryKey: liveKeys.healthOf(report.cameraId) },
            (data) => data && appendHealthSample(data, report),
          );
        },
        'camera:recording': (event) => {
          const patch = { recordingState: event.state, recordingReason: event.reason };
          queryClient.setQueriesData<CameraList>(
            { queryKey: cameraKeys.lists },
            (list) => list && { ...list, items: list.items.map((c) => (c.id === event.cameraId ? { ...c, ...patch } : c)) },
          );
          queryClient.setQueryData<Camera>(cameraKeys.detail(event.cameraId), (camera) => camera && { ...camera, ...patch });
        },
        'export:progress': (event) => applyExportEventToCache(queryClient, exportClock, event),
        'alert:changed': (event) => {
          applyAlertEventToCache(queryClient, alertClock, event);
          for (const listener of alertListeners) listener(event);
        },
        'dashboard:counters': (counters) => {
          queryClient.setQueryData<Dashboard>(['dashboard'], (dashboard) => dashboard && applyCountersToDashboard(dashboard, counters));
        },
      },
    });
    return () => {
      connection.close();
      health.clear();
      setState('off');
    };
  }, [signedIn, queryClient, health, alertListeners]);

  const value = useMemo(() => ({ state, health, alertListeners }), [state, health, alertListeners]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

function useRealtimeContext(): RealtimeContextValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime must be used inside <RealtimeProvider>');
  return value;
}

/** The live connection's state; `connected` is when cached camera data is kept fresh by events. */
export function useRealtime(): { state: RealtimeState; connected: boolean } {
  const { state } = useRealtimeContext();
  return { state, connected: state === 'connected' };
}

/** The latest health report received for a camera since the page loaded, or null. */
export function useLatestHealth(cameraId: string): CameraHealth | null {
  const { health } = useRealtimeContext();
  const subscribe = useCallback((listener: () => void) => health.subscribe(cameraId, listener), [health, cameraId]);
  return useSyncExternalStore(subscribe, () => health.get(cameraId));
}

/** Calls `listener` for every `alert:changed` event (after the cached alerts were updated). */
export function useAlertEvents(listener: AlertListener): void {
  const { alertListeners } = useRealtimeContext();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    const forward: AlertListener = (event) => latest.current(event);
    alertListeners.add(forward);
    return () => {
      alertListeners.delete(forward);
    };
  }, [alertListeners]);
}
