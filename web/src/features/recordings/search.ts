// The recordings search as it lives in the page URL, so a search can be bookmarked and shared:
// `?camera=a,b&from=ISO&to=ISO&minDuration=5m&state=recovered&sort=-bytes&limit=50&offset=100`.
// Times are absolute (ISO, UTC) in the URL, so a shared link means the same moment everywhere.
import { formatDurationInput, parseDuration } from './units';

export const RECORDING_STATES = ['writing', 'complete', 'recovered', 'corrupt', 'missing'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

export const RECORDING_SORTS = ['-startAt', 'startAt', '-durationMs', 'durationMs', '-bytes', 'bytes'] as const;
export type RecordingSort = (typeof RECORDING_SORTS)[number];
export type RecordingSortField = 'startAt' | 'durationMs' | 'bytes';

export const DEFAULT_SORT: RecordingSort = '-startAt';
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;
/** The server accepts durations up to a day. */
export const MAX_DURATION_FILTER_MS = 86_400_000;
/** The server accepts up to 50 camera ids. */
export const MAX_CAMERAS = 50;

export interface RecordingSearch {
  cameraIds: string[];
  /** ISO time, or null for open. */
  from: string | null;
  to: string | null;
  minDurationMs: number | null;
  state: RecordingState | null;
  sort: RecordingSort;
  limit: number;
  offset: number;
}

/** The query of GET /api/recordings (structurally the generated client's type). */
export interface RecordingsApiQuery {
  cameraId?: string;
  from?: string;
  to?: string;
  minDurationMs?: number;
  state?: RecordingState;
  sort: RecordingSort;
  limit: number;
  offset: number;
}

function isoOrNull(raw: string | null): string | null {
  if (!raw) return null;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function intIn(raw: string | null, fallback: number, min: number, max: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}

/** Read a search from the URL. Anything unreadable is dropped rather than failing the page. */
export function parseRecordingSearch(params: URLSearchParams): RecordingSearch {
  const cameraIds = [
    ...new Set(
      (params.get('camera') ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id)),
    ),
  ].slice(0, MAX_CAMERAS);
  const minRaw = params.get('minDuration');
  const minDurationMs = minRaw ? parseDuration(minRaw) : null;
  const state = params.get('state');
  const sort = params.get('sort');
  return {
    cameraIds,
    from: isoOrNull(params.get('from')),
    to: isoOrNull(params.get('to')),
    minDurationMs: minDurationMs !== null && minDurationMs > 0 && minDurationMs <= MAX_DURATION_FILTER_MS ? minDurationMs : null,
    state: (RECORDING_STATES as readonly (string | null)[]).includes(state) ? (state as RecordingState) : null,
    sort: (RECORDING_SORTS as readonly (string | null)[]).includes(sort) ? (sort as RecordingSort) : DEFAULT_SORT,
    limit: intIn(params.get('limit'), DEFAULT_LIMIT, 1, MAX_LIMIT),
    offset: intIn(params.get('offset'), 0, 0, 10_000_000),
  };
}

/** The URL form of a search: defaults left out, keys in a fixed order (so equal searches give equal URLs). */
export function recordingSearchParams(search: RecordingSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.cameraIds.length > 0) params.set('camera', search.cameraIds.join(','));
  if (search.from) params.set('from', search.from);
  if (search.to) params.set('to', search.to);
  if (search.minDurationMs) params.set('minDuration', formatDurationInput(search.minDurationMs));
  if (search.state) params.set('state', search.state);
  if (search.sort !== DEFAULT_SORT) params.set('sort', search.sort);
  if (search.limit !== DEFAULT_LIMIT) params.set('limit', String(search.limit));
  if (search.offset > 0) params.set('offset', String(search.offset));
  return params;
}

/** A changed search; any change but paging goes back to the first page. */
export function changeSearch(search: RecordingSearch, changes: Partial<RecordingSearch>): RecordingSearch {
  const next = { ...search, ...changes };
  if (!('offset' in changes)) next.offset = 0;
  return next;
}

/** Whether any filter (not sort or paging) is set. */
export function hasFilters(search: RecordingSearch): boolean {
  return (
    search.cameraIds.length > 0 || search.from !== null || search.to !== null || search.minDurationMs !== null || search.state !== null
  );
}

/** The search without its filters (sort and page size kept). */
export function clearFilters(search: RecordingSearch): RecordingSearch {
  return changeSearch(search, { cameraIds: [], from: null, to: null, minDurationMs: null, state: null });
}

/** Whether from is after to, so nothing can match. */
export function rangeIsInverted(search: RecordingSearch): boolean {
  return search.from !== null && search.to !== null && Date.parse(search.from) > Date.parse(search.to);
}

/** What GET /api/recordings is asked. */
export function recordingsApiQuery(search: RecordingSearch): RecordingsApiQuery {
  return {
    ...(search.cameraIds.length > 0 ? { cameraId: search.cameraIds.join(',') } : {}),
    ...(search.from ? { from: search.from } : {}),
    ...(search.to ? { to: search.to } : {}),
    ...(search.minDurationMs ? { minDurationMs: search.minDurationMs } : {}),
    ...(search.state ? { state: search.state } : {}),
    sort: search.sort,
    limit: search.limit,
    offset: search.offset,
  };
}

/** The column and direction a sort shows as. */
export function sortState(sort: RecordingSort): { field: RecordingSortField; direction: 'asc' | 'desc' } {
  return { field: sort.replace(/^-/, '') as RecordingSortField, direction: sort.startsWith('-') ? 'desc' : 'asc' };
}

/**
 * Sorting by a column: a new column starts with the largest / newest first (what one looks for in
 * recordings); the current column flips.
 */
export function toggleSort(current: RecordingSort, field: RecordingSortField): RecordingSort {
  const { field: active, direction } = sortState(current);
  if (active !== field) return `-${field}`;
  return direction === 'desc' ? field : `-${field}`;
}
