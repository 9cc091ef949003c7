import type { HlsConfig } from 'hls.js';

/**
 * hls.js settings for Argus live streams: 1 s segments, no LL-HLS parts. Plays about two
 * segments behind the live edge, catches up (at up to 1.1× speed) when it falls more than five
 * behind, and keeps little buffer so a tile doesn't hold much memory.
 *
 * Exported on its own (no hls.js at run time) so the latency benchmark can print what the web
 * app uses.
 */
export const HLS_CONFIG = {
  lowLatencyMode: false,
  liveSyncDurationCount: 2,
  liveMaxLatencyDurationCount: 5,
  maxLiveSyncPlaybackRate: 1.1,
  backBufferLength: 10,
  maxBufferLength: 10,
  liveDurationInfinity: true,
  capLevelToPlayerSize: true,
  enableWorker: true,
} as const satisfies Partial<HlsConfig>;
