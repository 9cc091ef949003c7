import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { CameraListQuery, ResponseBody } from '../../api/types';
import { cameraKeys } from '../cameras/api';
import type { RecordingsApiQuery } from './search';

export type RecordingPage = ResponseBody<'/api/recordings', 'get'>;
export type Recording = RecordingPage['items'][number];

export const recordingKeys = {
  search: (query: RecordingsApiQuery) => ['recordings', 'search', query] as const,
};

/** Recorded chunks matching a search; refreshed now and then, as chunks close and new ones start. */
export function useRecordings(query: RecordingsApiQuery) {
  return useQuery({
    queryKey: recordingKeys.search(query),
    queryFn: () => unwrap(api.GET('/api/recordings', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

const DIRECTORY_QUERY: CameraListQuery = { limit: 200, sort: 'name' };

export interface CameraDirectory {
  cameras: { id: string; name: string }[];
  nameOf: (id: string) => string | null;
  isPending: boolean;
  error: unknown;
}

/** Every camera's id and name (the first 200 by name), for pickers and for naming rows. */
export function useCameraDirectory(): CameraDirectory {
  const query = useQuery({
    queryKey: cameraKeys.list(DIRECTORY_QUERY),
    queryFn: () => unwrap(api.GET('/api/cameras', { params: { query: DIRECTORY_QUERY } })),
    staleTime: 60_000,
  });
  const cameras = query.data?.items ?? [];
  return {
    cameras,
    nameOf: (id) => cameras.find((camera) => camera.id === id)?.name ?? null,
    isPending: query.isPending,
    error: query.error,
  };
}
