import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { RequestBody, ResponseBody } from '../../api/types';
import { serverNow } from '../live/refresh';
import { parseSpans, type Span } from './spans';
import type { TimeWindow } from './timeScale';

export type Timeline = ResponseBody<'/api/cameras/{id}/timeline', 'get'>;
export type PlaybackUrl = ResponseBody<'/api/cameras/{id}/playback', 'post'>;
type PlaybackRequest = RequestBody<'/api/cameras/{id}/playback', 'post'>;

/** A signed playback playlist as the player uses it. */
export interface PlaybackSource extends PlaybackUrl {
  /** The server's clock when the URL was issued (ms), to time the refresh without trusting ours. */
  issuedAt: number;
  /** The range asked for. */
  requested: TimeWindow;
}

export const playbackKeys = {
  timelinesOf: (cameraId: string) => ['recordings', 'timeline', cameraId] as const,
  timeline: (cameraId: string, window: TimeWindow) => ['recordings', 'timeline', cameraId, window.start, window.end] as const,
};

/** How often the timeline of a day that is still going on is refetched (the writing chunk grows). */
export const TIMELINE_REFRESH_MS = 10_000;

async function fetchTimeline(cameraId: string, window: TimeWindow, signal: AbortSignal): Promise<Timeline> {
  return unwrap(
    api.GET('/api/cameras/{id}/timeline', {
      params: { path: { id: cameraId }, query: { from: new Date(window.start).toISOString(), to: new Date(window.end).toISOString() } },
      signal,
    }),
  );
}

function timelineQuery(cameraId: string, window: TimeWindow | null, live: boolean) {
  return {
    queryKey: playbackKeys.timeline(cameraId, window ?? { start: 0, end: 0 }),
    queryFn: ({ signal }: { signal: AbortSignal }) => fetchTimeline(cameraId, window!, signal),
    enabled: window !== null,
    refetchInterval: live ? TIMELINE_REFRESH_MS : (false as const),
    select: withSpans,
  };
}

export type TimelineData = Timeline & { spans: Span[] };

/** Module-level, so the query runs it only when the data changes. */
const withSpans = (data: Timeline): TimelineData => ({ ...data, spans: parseSpans(data.ranges) });

/** Recorded ranges and gaps of a camera over a window (a day); refetched while `live` (today). */
export function useTimeline(cameraId: string, window: TimeWindow | null, live: boolean) {
  return useQuery(timelineQuery(cameraId, window, live));
}

/** The timelines of several cameras over the same window. */
export function useTimelines(cameraIds: readonly string[], window: TimeWindow | null, live: boolean) {
  return useQueries({ queries: cameraIds.map((id) => timelineQuery(id, window, live)) });
}

/**
 * A signed HLS playlist of what a camera recorded in [from, to). Throws ApiError: 404 when
 * nothing is recorded there, 403 without permission.
 */
export async function fetchPlaybackSource(cameraId: string, range: TimeWindow, signal?: AbortSignal): Promise<PlaybackSource> {
  const body: PlaybackRequest = { from: new Date(range.start).toISOString(), to: new Date(range.end).toISOString() };
  const { data, error, response } = await api.POST('/api/cameras/{id}/playback', { params: { path: { id: cameraId } }, body, signal });
  if (!response.ok || !data) throw ApiError.fromResponse(response, error);
  return { ...data, issuedAt: serverNow(response.headers.get('date')), requested: range };
}
