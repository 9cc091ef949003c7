import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client';
import { useCameraDirectory } from '../recordings/api';
import type { PolicyRules } from './policy';
import type { CreateHoldBody, CreateTierBody, ManualActionBody, UpdateTierBody } from './types';

export const storageKeys = {
  all: ['storage'] as const,
  usage: ['storage', 'usage'] as const,
  tiers: ['storage', 'tiers'] as const,
  policies: ['storage', 'policy'] as const,
  defaultPolicy: ['storage', 'policy', 'default'] as const,
  cameraPolicy: (cameraId: string) => ['storage', 'policy', 'camera', cameraId] as const,
  holds: (activeOnly: boolean) => ['storage', 'holds', { activeOnly }] as const,
  allHolds: ['storage', 'holds'] as const,
};

/** Usage per tier and camera, free space, problems and the last pass; refreshed every 15 s. */
export function useStorageUsage() {
  return useQuery({
    queryKey: storageKeys.usage,
    queryFn: () => unwrap(api.GET('/api/storage')),
    refetchInterval: 15_000,
  });
}

export function useStorageTiers() {
  return useQuery({
    queryKey: storageKeys.tiers,
    queryFn: () => unwrap(api.GET('/api/storage/tiers')),
  });
}

/** Tiers, usage and policies all depend on each other; refresh everything storage, and the audit log. */
function useInvalidateStorage() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: storageKeys.all }), queryClient.invalidateQueries({ queryKey: ['audit'] })]);
}

export function useCreateTier() {
  const invalidate = useInvalidateStorage();
  return useMutation({
    mutationFn: (body: CreateTierBody) => unwrap(api.POST('/api/storage/tiers', { body })),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateTier() {
  const invalidate = useInvalidateStorage();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTierBody }) =>
      unwrap(api.PATCH('/api/storage/tiers/{id}', { params: { path: { id } }, body })),
    onSuccess: () => invalidate(),
  });
}

export function useDeleteTier() {
  const invalidate = useInvalidateStorage();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/storage/tiers/{id}', { params: { path: { id } } })),
    onSuccess: () => invalidate(),
  });
}

export function useDefaultPolicy() {
  return useQuery({
    queryKey: storageKeys.defaultPolicy,
    queryFn: () => unwrap(api.GET('/api/storage/policies/default')),
  });
}

export function usePutDefaultPolicy() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateStorage();
  return useMutation({
    mutationFn: (body: PolicyRules) => unwrap(api.PUT('/api/storage/policies/default', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(storageKeys.defaultPolicy, saved);
      return invalidate();
    },
  });
}

/**
 * The policy of each camera (its own, or the default it inherits). The API has no list of the
 * cameras' own policies, so this asks once per camera.
 */
export function useCameraPolicies(cameraIds: readonly string[], enabled: boolean) {
  return useQueries({
    queries: cameraIds.map((id) => ({
      queryKey: storageKeys.cameraPolicy(id),
      queryFn: () => unwrap(api.GET('/api/cameras/{id}/storage-policy', { params: { path: { id } } })),
      enabled,
      staleTime: 30_000,
    })),
  });
}

export function usePutCameraPolicy() {
  const invalidate = useInvalidateStorage();
  return useMutation({
    mutationFn: ({ cameraId, body }: { cameraId: string; body: PolicyRules }) =>
      unwrap(api.PUT('/api/cameras/{id}/storage-policy', { params: { path: { id: cameraId } }, body })),
    onSuccess: () => invalidate(),
  });
}

export function useDeleteCameraPolicy() {
  const invalidate = useInvalidateStorage();
  return useMutation({
    mutationFn: (cameraId: string) => unwrap(api.DELETE('/api/cameras/{id}/storage-policy', { params: { path: { id: cameraId } } })),
    onSuccess: () => invalidate(),
  });
}

export function useHolds(activeOnly: boolean) {
  return useQuery({
    queryKey: storageKeys.holds(activeOnly),
    queryFn: () => unwrap(api.GET('/api/storage/holds', { params: { query: { active: activeOnly ? 'true' : 'false' } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateHold() {
  const invalidate = useInvalidateStorage();
  return useMutation({
    mutationFn: (body: Required<CreateHoldBody>) => unwrap(api.POST('/api/storage/holds', { body })),
    onSuccess: () => invalidate(),
  });
}

export function useReleaseHold() {
  const invalidate = useInvalidateStorage();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/storage/holds/{id}/release', { params: { path: { id } } })),
    onSuccess: () => invalidate(),
  });
}

/** A manual move or delete: a dry run lists what would happen; a real one starts it in the background. */
export function useManualAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ManualActionBody) => unwrap(api.POST('/api/storage/actions', { body })),
    onSuccess: (result) => {
      if (result.dryRun) return;
      void queryClient.invalidateQueries({ queryKey: storageKeys.usage });
      void queryClient.invalidateQueries({ queryKey: ['recordings'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

/** Runs a storage pass now; answers with its report. */
export function useRunPass() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/storage/run')),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: storageKeys.usage });
      void queryClient.invalidateQueries({ queryKey: ['recordings'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

/** Every camera (the first 200 by name) and a lookup of names by id that stays the same while the list does. */
export function useCameraNames() {
  const directory = useCameraDirectory();
  const cameras = directory.cameras;
  const nameOf = useMemo(() => {
    const names = new Map(cameras.map((c) => [c.id, c.name]));
    return (id: string) => names.get(id) ?? null;
  }, [cameras]);
  return { cameras, nameOf, isPending: directory.isPending, error: directory.error };
}
