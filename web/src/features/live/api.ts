import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useRealtime } from '../../realtime/RealtimeProvider';
import { HEALTH_WINDOW_MS } from './health';
import { serverNow } from './refresh';
import type { LiveSource } from './types';

export const liveKeys = {
  healthOf: (id: string) => ['cameras', 'health', id] as const,
  health: (id: string, minutes: number) => ['cameras', 'health', id, { minutes }] as const,
  sessionsOf: (id: string) => ['cameras', 'sessions', id] as const,
  sessions: (id: string, page: { limit: number; offset: number }) => ['cameras', 'sessions', id, page] as const,
};

/**
 * A fresh signed HLS URL for a camera. Not cached: each player asks for its own when it starts
 * and before the last one expires. Throws ApiError (409 when the camera is not live).
 */
export async function fetchLiveSource(cameraId: string, signal?: AbortSignal): Promise<LiveSource> {
  const { data, error, response } = await api.GET('/api/cameras/{id}/live', { params: { path: { id: cameraId } }, signal });
  if (!response.ok || !data) throw ApiError.fromResponse(response, error);
  return { ...data, issuedAt: serverNow(response.headers.get('date')) };
}

const HEALTH_MINUTES = Math.round(HEALTH_WINDOW_MS / 60_000);

/** Current health and recent history; kept current by `camera:health` events while connected. */
export function useCameraHealth(cameraId: string) {
  const { connected } = useRealtime();
  return useQuery({
    queryKey: liveKeys.health(cameraId, HEALTH_MINUTES),
    queryFn: () => unwrap(api.GET('/api/cameras/{id}/health', { params: { path: { id: cameraId }, query: { minutes: HEALTH_MINUTES } } })),
    refetchInterval: connected ? false : 15_000,
  });
}

export function useCameraSessions(cameraId: string, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: liveKeys.sessions(cameraId, page),
    queryFn: () => unwrap(api.GET('/api/cameras/{id}/sessions', { params: { path: { id: cameraId }, query: page } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreatePublishToken(cameraId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (lifetimeSeconds: number) =>
      unwrap(api.POST('/api/cameras/{id}/publish-token', { params: { path: { id: cameraId } }, body: { lifetimeSeconds } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['audit'] }),
  });
}
