import { ApiError } from '../../api/errors';

/** What to tell the user when asking for a playback playlist failed. */
export function playbackErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return 'Nothing was recorded at this time.';
    if (error.status === 403) return 'You are not allowed to play back recordings of this camera.';
    return error.message;
  }
  if (error instanceof TypeError) return 'Cannot reach the Argus server.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}
