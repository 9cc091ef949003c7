import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { CameraListQuery, CreateCameraBody, UpdateCameraBody } from '../../api/types';
import { useRealtime } from '../../realtime/RealtimeProvider';

export const cameraKeys = {
  all: ['cameras'] as const,
  lists: ['cameras', 'list'] as const,
  list: (query: CameraListQuery) => ['cameras', 'list', query] as const,
  detail: (id: string) => ['cameras', 'detail', id] as const,
};

/**
 * Camera status changes on its own. While the realtime connection is up, status events update
 * the cache and a slow poll only catches what events don't carry; without it, poll often.
 */
function useStatusPollMs(): number {
  return useRealtime().connected ? 60_000 : 10_000;
}

export function useCameras(query: CameraListQuery) {
  const refetchInterval = useStatusPollMs();
  return useQuery({
    queryKey: cameraKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/cameras', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

export function useCamera(id: string) {
  const refetchInterval = useStatusPollMs();
  return useQuery({
    queryKey: cameraKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/cameras/{id}', { params: { path: { id } } })),
    refetchInterval,
  });
}

function useInvalidateCameras() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: cameraKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
      queryClient.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}

export function useCreateCamera() {
  const invalidate = useInvalidateCameras();
  return useMutation({
    mutationFn: (body: CreateCameraBody) => unwrap(api.POST('/api/cameras', { body })),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateCamera(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCameras();
  return useMutation({
    mutationFn: (body: UpdateCameraBody) => unwrap(api.PATCH('/api/cameras/{id}', { params: { path: { id } }, body })),
    onSuccess: (camera) => {
      queryClient.setQueryData(cameraKeys.detail(id), camera);
      return invalidate();
    },
  });
}

export function useDeleteCamera(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/cameras/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      // Drop the deleted camera without refetching it (that would only 404), and
      // refresh the lists in the background while the caller navigates away.
      queryClient.removeQueries({ queryKey: cameraKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: cameraKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function useRotateCameraKey(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCameras();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/cameras/{id}/rotate-key', { params: { path: { id } } })),
    onSuccess: (result) => {
      queryClient.setQueryData(cameraKeys.detail(id), result.camera);
      return invalidate();
    },
  });
}
