import type Hls from 'hls.js';
import type { ErrorData, HlsConfig } from 'hls.js';
import { ApiError } from '../../api/errors';
import { chooseEngine } from '../live/engine';
import { refreshDelayMs } from '../live/refresh';
import { resignUrl } from '../live/resign';
import type { PlaybackSource } from './api';
import { playbackErrorMessage } from './messages';
import { coveredWindow, mediaTimeAt, wallClockAt, type FragmentTime } from './mediaTime';
import type { RecordedEvent } from './playerState';
import { SECOND, type TimeWindow } from './timeScale';

const HLS_MIME = 'application/vnd.apple.mpegurl';
/** Failed recoveries in a row before the player gives up. */
const MAX_RECOVERIES = 3;
/** How many earlier signed URLs requests may still be built from. */
const URL_HISTORY = 8;

/**
 * hls.js settings for recorded playback: a VOD playlist of 1 s fMP4 fragments addressed by byte
 * range. Starts where #EXT-X-START points (the requested second), keeps some buffer either side
 * of the playhead so short jumps back and forth don't reload.
 */
export const PLAYBACK_HLS_CONFIG = {
  startPosition: -1,
  maxBufferLength: 30,
  backBufferLength: 30,
  enableWorker: true,
} as const satisfies Partial<HlsConfig>;

type HlsClass = typeof Hls;
type Engine = { kind: 'native' } | { kind: 'hls.js'; Hls: HlsClass } | { kind: 'none' };

/** Native HLS (Safari) or hls.js, which is loaded only when it is needed. */
async function pickEngine(video: HTMLVideoElement): Promise<Engine> {
  const nativeHls = video.canPlayType(HLS_MIME) !== '';
  const apple = /Apple/.test(navigator.vendor);
  if (nativeHls && apple) return { kind: 'native' };
  const { default: HlsClass } = await import('hls.js/light');
  const engine = chooseEngine({ nativeHls, mse: HlsClass.isSupported(), apple });
  if (engine === 'hls.js') return { kind: 'hls.js', Hls: HlsClass };
  return { kind: engine };
}

export interface RecordedPlaybackOptions {
  video: HTMLVideoElement;
  /** A signed playlist of the range; throws ApiError (404: nothing recorded there). */
  fetchSource: (range: TimeWindow, signal: AbortSignal) => Promise<PlaybackSource>;
  onEvent: (event: RecordedEvent, message?: string) => void;
}

/**
 * Plays recordings of one camera in a <video>: asks for a signed VOD playlist of a time range,
 * plays it with hls.js (or natively), and knows the wall-clock time of what is on screen from
 * the playlist's program dates. Seeks inside the loaded playlist; the owner opens another one
 * for times outside it. Swaps in a freshly signed URL before the current one expires.
 */
export class RecordedPlayback {
  private readonly video: HTMLVideoElement;
  private readonly fetchSource: RecordedPlaybackOptions['fetchSource'];
  private readonly emit: RecordedPlaybackOptions['onEvent'];
  private engine: Engine | null = null;
  private hls: Hls | null = null;
  private source: PlaybackSource | null = null;
  /** The playlist's fragments as hls.js keeps them (their `start` moves as media is parsed). */
  private fragments: readonly FragmentTime[] = [];
  private destroyed = false;
  private fetching: AbortController | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped whenever the media is torn down, so work still awaiting something gives up. */
  private generation = 0;
  private recoveries = 0;
  private wantPlaying = true;
  private rate = 1;
  /** Native playback: where to start once the metadata is in (hls.js uses #EXT-X-START). */
  private nativeStartMs: number | null = null;
  private currentUrl = '';
  private previousUrls: string[] = [];

  constructor({ video, fetchSource, onEvent }: RecordedPlaybackOptions) {
    this.video = video;
    this.fetchSource = fetchSource;
    this.emit = onEvent;
    video.muted = true;
    video.addEventListener('playing', this.onPlaying);
    video.addEventListener('waiting', this.onWaiting);
    video.addEventListener('seeking', this.onWaiting);
    video.addEventListener('canplay', this.onCanPlay);
    video.addEventListener('ended', this.onEnded);
    video.addEventListener('loadedmetadata', this.onMetadata);
    video.addEventListener('error', this.onNativeError);
  }

  /** Ask for a playlist of `range` and play it from its start. */
  open(range: TimeWindow): void {
    if (this.destroyed) return;
    this.teardown();
    this.emit('load');
    void this.begin(range, this.generation);
  }

  /**
   * Seek to wall-clock time `wallMs` inside the loaded playlist (a time in a gap goes to where
   * recording resumes). False when it isn't loaded there: the owner opens another playlist.
   */
  seekWithin(wallMs: number): boolean {
    if (!this.source || this.video.readyState === 0) return false;
    if (this.engine?.kind === 'hls.js') {
      const position = mediaTimeAt(this.fragments, wallMs);
      if (!position) return false;
      this.video.currentTime = position.time;
      return true;
    }
    const start = Date.parse(this.source.startAt);
    const end = Date.parse(this.source.endAt);
    if (!(wallMs >= start && wallMs < end)) return false;
    this.video.currentTime = (wallMs - this.nativeOrigin()) / 1000;
    return true;
  }

  /** Wall-clock time (ms) of the frame on screen, or null while nothing is loaded. */
  wallClock(): number | null {
    if (!this.source || this.video.readyState === 0) return null;
    if (this.engine?.kind === 'hls.js') return wallClockAt(this.fragments, this.video.currentTime);
    return Math.round(this.nativeOrigin() + this.video.currentTime * 1000);
  }

  /** The wall-clock span of the loaded playlist. */
  loaded(): TimeWindow | null {
    if (!this.source) return null;
    const fromFragments = this.engine?.kind === 'hls.js' ? coveredWindow(this.fragments) : null;
    return fromFragments ?? { start: Date.parse(this.source.startAt), end: Date.parse(this.source.endAt) };
  }

  /** It has data to play at its position. */
  ready(): boolean {
    return this.source !== null && this.video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA && !this.video.seeking;
  }

  isPlaying(): boolean {
    return this.wantPlaying;
  }

  /** Play or pause; idempotent (the sync loop says it every tick). An ended player stays ended. */
  setPlaying(playing: boolean): void {
    const changed = this.wantPlaying !== playing;
    this.wantPlaying = playing;
    if (!this.source || this.video.readyState === 0) return;
    if (playing) {
      if (this.video.paused && !this.video.ended) this.play();
    } else if (changed || !this.video.paused) {
      this.video.pause();
      this.emit('pause');
    }
  }

  setRate(rate: number): void {
    this.rate = rate;
    this.video.defaultPlaybackRate = rate;
    this.video.playbackRate = rate;
  }

  /** Let go of the playlist (the owner shows a placeholder). */
  stop(): void {
    if (this.destroyed) return;
    this.teardown();
    this.emit('stop');
  }

  destroy(): void {
    if (this.destroyed) return;
    this.teardown();
    this.destroyed = true;
    const video = this.video;
    video.removeEventListener('playing', this.onPlaying);
    video.removeEventListener('waiting', this.onWaiting);
    video.removeEventListener('seeking', this.onWaiting);
    video.removeEventListener('canplay', this.onCanPlay);
    video.removeEventListener('ended', this.onEnded);
    video.removeEventListener('loadedmetadata', this.onMetadata);
    video.removeEventListener('error', this.onNativeError);
  }

  private async begin(range: TimeWindow, generation: number): Promise<void> {
    const source = await this.acquire(range, generation);
    if (!source || this.destroyed || generation !== this.generation) return;
    this.useSource(source);
    this.engine ??= await pickEngine(this.video);
    if (this.destroyed || generation !== this.generation) return;
    if (this.engine.kind === 'none') {
      this.emit('fail', 'This browser cannot play recorded video.');
      return;
    }
    this.video.defaultPlaybackRate = this.rate;
    this.video.playbackRate = this.rate;
    if (this.engine.kind === 'native') {
      this.nativeStartMs = range.start;
      this.video.src = this.currentUrl;
      return;
    }
    const HlsClass = this.engine.Hls;
    const hls = new HlsClass({
      ...PLAYBACK_HLS_CONFIG,
      // Requests built from an expired URL go out on the current one.
      xhrSetup: (xhr, url) => {
        const target = resignUrl(url, this.previousUrls, this.currentUrl);
        if (target !== url) xhr.open('GET', target, true);
      },
    });
    this.hls = hls;
    hls.on(HlsClass.Events.LEVEL_LOADED, (_event, data) => {
      this.fragments = data.details.fragments;
    });
    hls.on(HlsClass.Events.MANIFEST_PARSED, () => {
      if (this.wantPlaying) this.play();
    });
    hls.on(HlsClass.Events.ERROR, (_event, data) => this.onHlsError(data));
    hls.attachMedia(this.video);
    hls.loadSource(this.currentUrl);
  }

  /** The signed playlist, or null after reporting why there is none. */
  private async acquire(range: TimeWindow, generation: number): Promise<PlaybackSource | null> {
    this.fetching?.abort();
    const controller = new AbortController();
    this.fetching = controller;
    try {
      return await this.fetchSource(range, controller.signal);
    } catch (error) {
      if (this.destroyed || controller.signal.aborted || generation !== this.generation) return null;
      if (error instanceof ApiError && error.status === 404) this.emit('notFound', playbackErrorMessage(error));
      else this.emit('fail', playbackErrorMessage(error));
      return null;
    } finally {
      if (this.fetching === controller) this.fetching = null;
    }
  }

  private useSource(source: PlaybackSource): void {
    const url = new URL(source.url, window.location.href).href;
    if (this.currentUrl && this.currentUrl !== url) this.previousUrls = [this.currentUrl, ...this.previousUrls].slice(0, URL_HISTORY);
    this.currentUrl = url;
    this.source = source;
    this.scheduleRefresh(refreshDelayMs(source.expiresAt, source.issuedAt));
  }

  /** Before the signed URL expires: a new one for the same range, which requests move onto. */
  private async refresh(): Promise<void> {
    const source = this.source;
    if (!source || this.destroyed) return;
    const generation = this.generation;
    const controller = new AbortController();
    this.fetching = controller;
    try {
      const fresh = await this.fetchSource(source.requested, controller.signal);
      if (this.destroyed || generation !== this.generation) return;
      this.useSource(fresh);
      // hls.js picks the new URL up in xhrSetup; native playback has to be pointed at it.
      if (this.engine?.kind === 'native') {
        this.nativeStartMs = this.wallClock();
        this.video.src = this.currentUrl;
      }
    } catch {
      if (!this.destroyed && generation === this.generation && !controller.signal.aborted) this.scheduleRefresh(10 * SECOND);
    } finally {
      if (this.fetching === controller) this.fetching = null;
    }
  }

  private onHlsError(data: ErrorData): void {
    if (!data.fatal || this.destroyed) return;
    if (++this.recoveries > MAX_RECOVERIES) {
      this.teardown();
      this.emit('fail', 'The recording could not be played.');
      return;
    }
    if (data.type === 'mediaError') {
      this.hls?.recoverMediaError();
      return;
    }
    // A network error (an expired signature, a chunk removed by retention): ask again from here.
    const requested = this.source?.requested;
    if (!requested) return;
    const from = this.wallClock() ?? requested.start;
    const recoveries = this.recoveries;
    this.open({ start: from, end: Math.max(from + SECOND, requested.end) });
    this.recoveries = recoveries;
  }

  /** Where media time 0 is on the wall clock, for native playback. */
  private nativeOrigin(): number {
    const startDate = (this.video as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.();
    const t = startDate ? startDate.getTime() : NaN;
    return Number.isFinite(t) ? t : Date.parse(this.source?.startAt ?? '');
  }

  private readonly onMetadata = () => {
    if (this.engine?.kind !== 'native' || this.nativeStartMs === null || !this.source) return;
    const offset = (this.nativeStartMs - this.nativeOrigin()) / 1000;
    this.nativeStartMs = null;
    if (offset > 0.05 && Number.isFinite(offset)) this.video.currentTime = offset;
    if (this.wantPlaying) this.play();
  };

  private readonly onNativeError = () => {
    if (this.engine?.kind !== 'native' || this.destroyed || !this.video.getAttribute('src')) return;
    this.teardown();
    this.emit('fail', 'The recording could not be played.');
  };

  private readonly onPlaying = () => {
    if (!this.source) return;
    this.recoveries = 0;
    this.emit('playing');
  };

  private readonly onWaiting = () => {
    if (this.source && !this.video.paused) this.emit('waiting');
  };

  private readonly onCanPlay = () => {
    if (this.source && !this.wantPlaying) this.emit('pause');
  };

  private readonly onEnded = () => {
    if (this.source) this.emit('ended');
  };

  private play(): void {
    // Muted autoplay is allowed everywhere.
    this.video.play().catch(() => undefined);
  }

  private teardown(): void {
    this.generation++;
    this.fetching?.abort();
    this.fetching = null;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.hls?.destroy();
    this.hls = null;
    this.source = null;
    this.fragments = [];
    this.nativeStartMs = null;
    this.recoveries = 0;
    if (this.video.hasAttribute('src')) {
      this.video.removeAttribute('src');
      this.video.load();
    }
  }

  private scheduleRefresh(ms: number): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, ms);
  }
}
