export type PlaybackEngine = 'native' | 'hls.js' | 'none';

export interface EngineSupport {
  /** `video.canPlayType('application/vnd.apple.mpegurl')` is not "". */
  nativeHls: boolean;
  /** Media Source Extensions are available (hls.js can play). */
  mse: boolean;
  /** An Apple WebKit browser (Safari, and every browser on iOS). */
  apple: boolean;
}

/**
 * Which player to use. Safari plays HLS natively, and best so. Recent Chromium also answers
 * "maybe" for HLS, but its built-in player has no latency control and can't swap a signed URL
 * without reloading, so everywhere else hls.js is preferred whenever it can run.
 */
export function chooseEngine({ nativeHls, mse, apple }: EngineSupport): PlaybackEngine {
  if (nativeHls && apple) return 'native';
  if (mse) return 'hls.js';
  return nativeHls ? 'native' : 'none';
}
