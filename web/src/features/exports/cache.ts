import type { QueryClient } from '@tanstack/react-query';
import type { ResponseBody } from '../../api/types';
import {
  applyExportEvent,
  applyExportEventToList,
  followUp,
  listHasExport,
  type ExportEventClock,
  type ExportProgressEvent,
} from './progress';

export type Export = ResponseBody<'/api/exports/{id}', 'get'>;
export type ExportList = ResponseBody<'/api/exports', 'get'>;

export const exportKeys = {
  all: ['exports'] as const,
  lists: ['exports', 'list'] as const,
  list: (query: object) => ['exports', 'list', query] as const,
  detail: (id: string) => ['exports', 'detail', id] as const,
};

/**
 * An `export:progress` event applied to the cached exports: the list pages and the export's own
 * entry are patched in place (progress bars move without a refetch); a finished export is
 * refetched for what the event doesn't carry (size, expiry), and a new one makes the lists refetch.
 */
export function applyExportEventToCache(queryClient: QueryClient, clock: ExportEventClock, event: ExportProgressEvent): void {
  if (!clock.accept(event)) return;
  let onACachedList = false;
  queryClient.setQueriesData<ExportList>({ queryKey: exportKeys.lists }, (list) => {
    if (!list) return list;
    if (listHasExport(list, event.exportId)) onACachedList = true;
    return applyExportEventToList(list, event);
  });
  queryClient.setQueryData<Export>(exportKeys.detail(event.exportId), (item) => item && applyExportEvent(item, event));
  const next = followUp(event, onACachedList);
  if (next.refetchLists) void queryClient.invalidateQueries({ queryKey: exportKeys.lists });
  if (next.refetchDetail) void queryClient.invalidateQueries({ queryKey: exportKeys.detail(event.exportId) });
}
