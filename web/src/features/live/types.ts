import type { ResponseBody } from '../../api/types';

export type LiveUrl = ResponseBody<'/api/cameras/{id}/live', 'get'>;
export type CameraHealthHistory = ResponseBody<'/api/cameras/{id}/health', 'get'>;
export type StreamSessionList = ResponseBody<'/api/cameras/{id}/sessions', 'get'>;
export type StreamSession = StreamSessionList['items'][number];
export type PublishToken = ResponseBody<'/api/cameras/{id}/publish-token', 'post'>;

/** A signed URL as the player uses it. */
export interface LiveSource extends LiveUrl {
  /** The server's clock when the URL was issued (ms), to time the refresh without trusting ours. */
  issuedAt: number;
}
