import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import type { CameraList, Camera, Dashboard } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { cameraKeys } from '../features/cameras/api';
import { applyExportEventToCache, exportKeys } from '../features/exports/cache';
import { ExportEventClock } from '../features/exports/progress';
import { liveKeys } from '../features/live/api';
import { appendHealthSample } from '../features/live/health';
import type { CameraHealthHistory } from '../features/live/types';
import { applyCountersToDashboard, applyStatusToCamera, applyStatusToList, StatusClock } from './cacheUpdates';
import { connectRealtime, type ConnectionState } from './connection';
import type { CameraHealth } from './events';
import { LatestHealthStore } from './healthStore';

export type RealtimeState = ConnectionState | 'off';

interface RealtimeContextValue {
  state: RealtimeState;
  health: LatestHealthStore<CameraHealth>;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

/**
 * The app's live connection: open while someone is signed in, closed on logout. Status events
 * update the cached camera list pages and camera details in place (badges change without a
 * refetch), health reports extend the cached health history, and dashboard counters replace
 * the dashboard's camera numbers.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const queryClient = useQueryClient();
  const [state, setState] = useState<RealtimeState>('off');
  const [health] = useState(() => new LatestHealthStore<CameraHealth>());
  const signedIn = status === 'authenticated';

  useEffect(() => {
    if (!signedIn) return;
    const clock = new StatusClock();
    const exportClock = new ExportEventClock();
    setState('connecting');
    const connection = connectRealtime({
      fetchTicket: async () => (await unwrap(api.POST('/api/realtime/ticket'))).ticket,
      onState: setState,
      onResync: () => {
        void queryClient.invalidateQueries({ queryKey: cameraKeys.all });
        void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
        void queryClient.invalidateQueries({ queryKey: exportKeys.all });
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
  }, [signedIn, queryClient, health]);

  const value = useMemo(() => ({ state, health }), [state, health]);
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
