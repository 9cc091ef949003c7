import type Hls from 'hls.js';
import type { ErrorData } from 'hls.js';
import { ApiError } from '../../api/errors';
import { backoffDelay } from '../../lib/backoff';
import { chooseEngine } from './engine';
import { HLS_CONFIG } from './hlsConfig';
import type { PlayerEvent } from './playerState';
import { refreshDelayMs } from './refresh';
import { resignUrl } from './resign';
import type { LiveSource } from './types';

const HLS_MIME = 'application/vnd.apple.mpegurl';
/** Failed recoveries in a row before the player gives up and shows an error. */
const MAX_RECOVERIES = 6;
/** How often an offline player checks quietly whether the camera is live again. */
const OFFLINE_RECHECK_MS = 10_000;
/** How many earlier signed URLs requests may still be built from. */
const URL_HISTORY = 8;

export interface PlaybackOptions {
  video: HTMLVideoElement;
  /** A fresh signed URL; throws ApiError 409 when the camera is not live. */
  fetchSource: (signal: AbortSignal) => Promise<LiveSource>;
  onEvent: (event: PlayerEvent, message?: string) => void;
}

type HlsClass = typeof Hls;

/** Native HLS (Safari) or hls.js, which is loaded only when it is needed. */
async function pickEngine(video: HTMLVideoElement): Promise<{ kind: 'native' } | { kind: 'hls.js'; Hls: HlsClass } | { kind: 'none' }> {
  const nativeHls = video.canPlayType(HLS_MIME) !== '';
  const apple = /Apple/.test(navigator.vendor);
  // Safari gets native playback whatever MSE says (see chooseEngine): no need to load hls.js.
  if (nativeHls && apple) return { kind: 'native' };
  const { default: HlsClass } = await import('hls.js/light');
  const engine = chooseEngine({ nativeHls, mse: HlsClass.isSupported(), apple });
  if (engine === 'hls.js') return { kind: 'hls.js', Hls: HlsClass };
  return { kind: engine };
}

/**
 * Plays one camera's live stream in a <video>: fetches the signed URL, plays it with hls.js (or
 * natively), swaps in a new URL before the old one expires, and recovers from errors. Created
 * when a player comes on screen, destroyed when it leaves.
 */
export class LivePlayback {
  private readonly video: HTMLVideoElement;
  private readonly fetchSource: PlaybackOptions['fetchSource'];
  private readonly emit: PlaybackOptions['onEvent'];
  private engine: Awaited<ReturnType<typeof pickEngine>> | null = null;
  private hls: Hls | null = null;
  private destroyed = false;
  private fetching: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private recoveries = 0;
  private lastMediaRecovery = 0;
  /** Bumped whenever the media is torn down, so a start still awaiting something gives up. */
  private generation = 0;
  /** The URL requests should use now, and the earlier ones they may still be built from. */
  private currentUrl = '';
  private previousUrls: string[] = [];

  constructor({ video, fetchSource, onEvent }: PlaybackOptions) {
    this.video = video;
    this.fetchSource = fetchSource;
    this.emit = onEvent;
    video.muted = true;
    video.addEventListener('playing', this.onPlaying);
    video.addEventListener('waiting', this.onWaiting);
    video.addEventListener('error', this.onNativeError);
  }

  private get native(): boolean {
    return this.engine?.kind === 'native';
  }

  start(): void {
    this.emit('load');
    void this.begin();
  }

  /** Start over after an error or while offline, with a fresh recovery budget. */
  retry(): void {
    this.recoveries = 0;
    this.clearTimer();
    this.teardownMedia();
    this.start();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.clearTimer();
    this.fetching?.abort();
    this.video.removeEventListener('playing', this.onPlaying);
    this.video.removeEventListener('waiting', this.onWaiting);
    this.video.removeEventListener('error', this.onNativeError);
    this.teardownMedia();
  }

  /**
   * Fetch a URL and attach it. An offline player calls this quietly every few seconds, so it
   * says "Connecting…" only once there is something to connect to.
   */
  private async begin(): Promise<void> {
    const generation = this.generation;
    const source = await this.acquire();
    if (source === 'gone' || this.destroyed || generation !== this.generation) return;
    if (source === 'offline') return this.goOffline();
    if (source === 'failed') return this.recover();
    this.emit('load');
    this.useSource(source);
    await this.attach(generation);
  }

  private async acquire(): Promise<LiveSource | 'offline' | 'failed' | 'gone'> {
    this.fetching?.abort();
    const controller = new AbortController();
    this.fetching = controller;
    try {
      return await this.fetchSource(controller.signal);
    } catch (error) {
      if (this.destroyed || controller.signal.aborted) return 'gone';
      return error instanceof ApiError && error.status === 409 ? 'offline' : 'failed';
    } finally {
      if (this.fetching === controller) this.fetching = null;
    }
  }

  private useSource(source: LiveSource): void {
    const url = new URL(source.hlsUrl, window.location.href).href;
    if (this.currentUrl && this.currentUrl !== url) this.previousUrls = [this.currentUrl, ...this.previousUrls].slice(0, URL_HISTORY);
    this.currentUrl = url;
    this.schedule(refreshDelayMs(source.expiresAt, source.issuedAt), () => void this.refresh());
  }

  private async attach(generation: number): Promise<void> {
    this.engine ??= await pickEngine(this.video);
    if (this.destroyed || generation !== this.generation) return;
    if (this.engine.kind === 'none') {
      this.emit('fail', 'This browser cannot play live video.');
      return;
    }
    if (this.engine.kind === 'native') {
      this.video.src = this.currentUrl;
      this.play();
      return;
    }
    const HlsClass = this.engine.Hls;
    const hls = new HlsClass({
      ...HLS_CONFIG,
      // Requests built from an expired URL go out on the current one: a seamless swap.
      xhrSetup: (xhr, url) => {
        const target = resignUrl(url, this.previousUrls, this.currentUrl);
        if (target !== url) xhr.open('GET', target, true);
      },
    });
    this.hls = hls;
    hls.on(HlsClass.Events.MANIFEST_PARSED, () => this.play());
    hls.on(HlsClass.Events.ERROR, (_event, data) => this.onHlsError(data));
    hls.attachMedia(this.video);
    hls.loadSource(this.currentUrl);
  }

  /** Before the URL expires: fetch a new one and move playback onto it. */
  private async refresh(): Promise<void> {
    const source = await this.acquire();
    if (source === 'gone' || this.destroyed) return;
    // Offline: the stream is ending anyway and the player will notice. Failed: try again soon.
    if (source === 'offline') return;
    if (source === 'failed') return this.schedule(10_000, () => void this.refresh());
    this.useSource(source);
    // hls.js picks the new URL up in xhrSetup; native playback has to be pointed at it.
    if (this.native) {
      this.video.src = this.currentUrl;
      this.play();
    }
  }

  private onHlsError(data: ErrorData): void {
    if (!data.fatal || this.destroyed) return;
    if (data.type === 'mediaError') {
      if (++this.recoveries > MAX_RECOVERIES) return this.fail();
      this.emit('recover');
      // A second media error soon after the first: the audio codec guess may be wrong.
      const now = Date.now();
      if (now - this.lastMediaRecovery < 3000) this.hls?.swapAudioCodec();
      this.lastMediaRecovery = now;
      this.hls?.recoverMediaError();
      return;
    }
    // Network errors (an expired signature, the server restarting) and anything else: start
    // again with a fresh URL.
    this.recover();
  }

  /** hls.js reports its errors itself; the <video> error event matters for native playback. */
  private readonly onNativeError = () => {
    if (this.native && !this.destroyed && this.video.getAttribute('src')) this.recover();
  };

  private readonly onPlaying = () => {
    this.recoveries = 0;
    this.emit('playing');
  };

  private readonly onWaiting = () => this.emit('waiting');

  private recover(): void {
    if (this.destroyed) return;
    if (++this.recoveries > MAX_RECOVERIES) return this.fail();
    this.emit('recover');
    this.teardownMedia();
    this.schedule(backoffDelay(this.recoveries - 1, { baseMs: 1000, maxMs: 15_000 }), () => void this.begin());
  }

  private goOffline(): void {
    this.teardownMedia();
    this.emit('notLive');
    this.schedule(OFFLINE_RECHECK_MS, () => void this.begin());
  }

  private fail(): void {
    this.teardownMedia();
    this.clearTimer();
    this.emit('fail', 'The stream could not be played.');
  }

  private play(): void {
    // Muted autoplay is allowed everywhere; a refusal (power saving) leaves the poster up.
    this.video.play().catch(() => undefined);
  }

  private teardownMedia(): void {
    this.generation++;
    this.hls?.destroy();
    this.hls = null;
    if (this.video.hasAttribute('src')) {
      this.video.removeAttribute('src');
      this.video.load();
    }
  }

  private schedule(ms: number, task: () => void): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.destroyed) task();
    }, ms);
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
