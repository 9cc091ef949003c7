// How `export:progress` events change what the app shows about exports. Pure and structurally
// typed, so the unit tests need neither the server's event module nor the generated client.

export const EXPORT_STATES = ['queued', 'running', 'complete', 'failed', 'expired'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

const TERMINAL: readonly ExportState[] = ['complete', 'failed', 'expired'];

/** Done, one way or another: no more progress will come. */
export function isFinished(state: ExportState): boolean {
  return TERMINAL.includes(state);
}

export interface ExportProgressEvent {
  exportId: string;
  cameraId: string;
  state: ExportState;
  progress: number;
  error: string | null;
  at: string;
}

interface ExportLike {
  id: string;
  state: ExportState;
  progress: number;
  error: string | null;
}

/**
 * The export with the event applied, or the same object when the event is about another export
 * or changes nothing. A finished export never goes back to queued or running (a late event of the
 * run that finished it); a complete one may still expire.
 */
export function applyExportEvent<E extends ExportLike>(item: E, event: ExportProgressEvent): E {
  if (item.id !== event.exportId) return item;
  if (isFinished(item.state) && !isFinished(event.state)) return item;
  if (item.state === 'expired' || (item.state === 'failed' && event.state !== 'failed')) return item;
  const progress = event.state === 'complete' ? 1 : clamp01(event.progress);
  if (item.state === event.state && item.progress === progress && item.error === event.error) return item;
  return { ...item, state: event.state, progress, error: event.error };
}

/** A list page with the event applied; the same object when no export on it changed. */
export function applyExportEventToList<E extends ExportLike, L extends { items: E[] }>(list: L, event: ExportProgressEvent): L {
  let changed = false;
  const items = list.items.map((item) => {
    const next = applyExportEvent(item, event);
    if (next !== item) changed = true;
    return next;
  });
  return changed ? { ...list, items } : list;
}

export function listHasExport(list: { items: readonly { id: string }[] } | undefined, exportId: string): boolean {
  return list !== undefined && list.items.some((item) => item.id === exportId);
}

/**
 * What an event calls for besides patching cached data: the events carry state and progress only,
 * so a finished export is fetched again (size, expiry), and a new export (queued, on no cached list
 * page) makes the lists refetch so it shows up.
 */
export function followUp(event: ExportProgressEvent, onACachedList: boolean): { refetchLists: boolean; refetchDetail: boolean } {
  const finished = isFinished(event.state);
  return { refetchLists: finished || (event.state === 'queued' && !onACachedList), refetchDetail: finished };
}

/**
 * The time of the last event applied per export, so an event that arrives after a newer one
 * (a reconnect, two server workers) doesn't roll progress back.
 */
export class ExportEventClock {
  private readonly latest = new Map<string, number>();

  /** Whether the event is at least as new as anything seen for its export; records it if so. */
  accept(event: { exportId: string; at: string }): boolean {
    const at = Date.parse(event.at);
    if (Number.isNaN(at)) return true;
    const seen = this.latest.get(event.exportId);
    if (seen !== undefined && at < seen) return false;
    this.latest.set(event.exportId, at);
    return true;
  }

  clear(): void {
    this.latest.clear();
  }
}

function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** Whole percent for a progress bar: 0..100, never 100 before the export is complete. */
export function progressPercent(state: ExportState, progress: number): number {
  if (state === 'complete') return 100;
  return Math.min(99, Math.floor(clamp01(progress) * 100));
}

export const EXPORT_STATE_LABELS: Record<ExportState, string> = {
  queued: 'Queued',
  running: 'Running',
  complete: 'Complete',
  failed: 'Failed',
  expired: 'Expired',
};

/** How often an unfinished export is polled when no event has come in for this long. */
export const EXPORT_POLL_MS = 2000;

/**
 * The refetch interval of an export: poll while it is unfinished. Events write to the same cache
 * entry and each write restarts the interval, so polling only happens when events stop coming.
 */
export function exportPollInterval(state: ExportState | undefined): number | false {
  return state !== undefined && isFinished(state) ? false : EXPORT_POLL_MS;
}
