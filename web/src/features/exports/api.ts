import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { QueryParams } from '../../api/types';
import { useRealtime } from '../../realtime/RealtimeProvider';
import { exportKeys, type Export } from './cache';
import { exportPollInterval, isFinished } from './progress';

export type ExportListQuery = QueryParams<'/api/exports', 'get'>;

/**
 * One export, kept current by `export:progress` events; polled every 2 s while unfinished. Each
 * event writes this cache entry, which restarts the poll interval, so the poll only runs when
 * events stop coming (no realtime connection, a missed event).
 */
export function useExport(id: string | null) {
  return useQuery({
    queryKey: exportKeys.detail(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/exports/{id}', { params: { path: { id: id! } } })),
    enabled: id !== null,
    refetchInterval: (query) => exportPollInterval(query.state.data?.state),
  });
}

/** A page of exports, newest first; unfinished ones are polled when events can't keep them current. */
export function useExports(query: ExportListQuery) {
  const { connected } = useRealtime();
  return useQuery({
    queryKey: exportKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/exports', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => {
      const busy = q.state.data?.items.some((item) => !isFinished(item.state)) ?? false;
      if (!busy) return false;
      return connected ? 15_000 : 2000;
    },
  });
}

export function useCreateExport(cameraId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (range: { from: Date; to: Date }) =>
      unwrap(
        api.POST('/api/cameras/{id}/exports', {
          params: { path: { id: cameraId } },
          body: { from: range.from.toISOString(), to: range.to.toISOString() },
        }),
      ),
    onSuccess: (created) => {
      // Events may already have moved it on; don't overwrite a newer state with the 202 body.
      queryClient.setQueryData<Export>(exportKeys.detail(created.id), (current) => current ?? created);
      void queryClient.invalidateQueries({ queryKey: exportKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

/**
 * Download a finished export: ask for a pre-signed URL, then navigate to it. nginx serves the
 * file as an attachment, so the browser saves it and the page stays where it is.
 */
export function useDownloadExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/exports/{id}/download', { params: { path: { id } } })),
    onSuccess: (download) => {
      window.location.assign(download.url);
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}

export function useDeleteExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/exports/{id}', { params: { path: { id } } })),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: exportKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: exportKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
}
