import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../common/clock';
import type { ManagedProcess, ProcessRunner } from '../media/process';
import { ProgressParser } from '../media/progress';
import { RestartPolicy } from '../media/restart-policy';
import {
  chunkPathForListedFile,
  dayDirsToPrepare,
  parseOpenedChunk,
  parseSegmentListLine,
  RECORDER_ENV,
  recorderArgs,
} from './recorder-args';
import type { RecordingsService } from './recordings.service';

export interface RecorderDeps {
  runner: ProcessRunner;
  recordings: RecordingsService;
  clock: Clock;
  ffmpegPath: string;
  rtmpPort: number;
  chunkSeconds: number;
  log: (level: 'info' | 'warn' | 'error', msg: string) => void;
  onState: (state: 'recording' | 'idle' | 'error', reason: string | null) => void;
}

/**
 * One camera's recorder: its own FFmpeg process reading the camera's RTMP stream (so neither the
 * live output nor the recorder can take the other down), writing fragmented-MP4 chunks that the
 * index learns about as they open (stderr) and close (the segment list).
 */
export class CameraRecorder {
  private proc: ManagedProcess | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private listTimer: NodeJS.Timeout | null = null;
  private readonly policy = new RestartPolicy();
  private anchorMs: number | null = null;
  private lastEndSec = 0;
  private listOffset = 0;
  private listPath = '';
  private readonly openRows = new Map<string, string>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: RecorderDeps,
    readonly cameraId: string,
    private readonly sessionId: string,
    private readonly hasAudio: boolean | 'auto',
  ) {}

  get dir(): string {
    return join(this.deps.recordings.recordingsDir, this.cameraId);
  }

  start(): void {
    this.stopped = false;
    this.runSafely();
  }

  private runSafely(): void {
    this.run().catch((e: Error) => {
      this.deps.log('error', `recorder of ${this.cameraId} could not start: ${e.message}`);
      this.deps.onState('error', `recorder could not start: ${e.message}`);
      if (!this.stopped) {
        this.timer = setTimeout(() => this.runSafely(), 5000);
        this.timer.unref();
      }
    });
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    const now = this.deps.clock.now();
    await this.prepareDays();
    this.listPath = join(this.deps.recordings.recordingsDir, `.lists`, `${this.cameraId}-${now}.csv`);
    await mkdir(join(this.deps.recordings.recordingsDir, '.lists'), { recursive: true });
    this.listOffset = 0;
    this.anchorMs = null;
    this.lastEndSec = 0;
    const proc = this.deps.runner.start({
      name: `recorder-${this.cameraId}`,
      command: this.deps.ffmpegPath,
      args: recorderArgs({
        inputUrl: `rtmp://127.0.0.1:${this.deps.rtmpPort}/live/${this.cameraId}`,
        dir: this.dir,
        chunkSeconds: this.deps.chunkSeconds,
        hasAudio: this.hasAudio,
        segmentListPath: this.listPath,
        runTag: now.toString(36),
      }),
      env: { ...RECORDER_ENV },
    });
    this.proc = proc;
    const progress = new ProgressParser();
    proc.onStdoutLine((line) => {
      const s = progress.push(line);
      if (s && this.anchorMs === null && s.outTimeMs !== null) this.anchorMs = this.deps.clock.now() - s.outTimeMs;
    });
    proc.onStderrLine((line) => {
      const file = parseOpenedChunk(line);
      if (file) {
        // The previous chunk's list row is written just before the next chunk opens.
        void this.enqueue(() => this.readList());
        void this.enqueue(() => this.opened(file));
      }
    });
    this.listTimer = setInterval(() => void this.enqueue(() => this.readList()), 1000);
    this.listTimer.unref();
    this.deps.onState('recording', null);
    const info = await proc.exited;
    if (this.listTimer) clearInterval(this.listTimer);
    await this.enqueue(() => this.readList());
    await this.enqueue(() => this.recoverOpen());
    if (this.proc !== proc) return;
    this.proc = null;
    if (this.stopped) {
      this.deps.log(
        'info',
        `recorder of ${this.cameraId} stopped (exit ${info.code ?? info.signal}: ${info.stderrTail.filter((l) => l.trim()).at(-1) ?? ''})`,
      );
      this.deps.onState('idle', null);
      return;
    }
    const last = info.stderrTail.filter((l) => l.trim() && !parseOpenedChunk(l)).at(-1) ?? `exit ${info.code ?? info.signal}`;
    const d = this.policy.onExit(this.deps.clock.now(), info.uptimeMs);
    if (d.action === 'give-up') {
      this.deps.log('error', `recorder of ${this.cameraId} keeps failing: ${last}`);
      this.deps.onState('error', `recorder keeps failing: ${last}`);
      this.timer = setTimeout(() => this.runSafely(), 30_000);
    } else {
      this.deps.log('warn', `recorder of ${this.cameraId} exited (${last}); restarting in ${d.delayMs} ms`);
      this.timer = setTimeout(() => this.runSafely(), d.delayMs);
    }
    this.timer.unref();
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch((e: Error) => this.deps.log('warn', `recording index (${this.cameraId}): ${e.message}`));
    return next;
  }

  private startOf(sec: number): number {
    return (this.anchorMs ?? this.deps.clock.now()) + Math.round(sec * 1000);
  }

  /** The segment muxer does not create folders: today's and tomorrow's exist before a chunk needs them. */
  private async prepareDays(): Promise<void> {
    for (const d of dayDirsToPrepare(this.dir, new Date(this.deps.clock.now()))) await mkdir(d, { recursive: true });
  }

  private async opened(file: string): Promise<void> {
    await this.prepareDays();
    if (this.openRows.has(file)) return;
    const id = await this.deps.recordings.chunkOpened(this.cameraId, this.sessionId, file, this.startOf(this.lastEndSec));
    this.openRows.set(file, id);
  }

  /** Completed chunks from the segment list (rows appear as each chunk closes). */
  private async readList(): Promise<void> {
    let fh;
    try {
      fh = await open(this.listPath, 'r');
    } catch {
      return;
    }
    try {
      const { size } = await fh.stat();
      if (size <= this.listOffset) return;
      const buf = Buffer.alloc(size - this.listOffset);
      await fh.read(buf, 0, buf.length, this.listOffset);
      const text = buf.toString('utf8');
      const complete = text.lastIndexOf('\n');
      if (complete < 0) return;
      this.listOffset += Buffer.byteLength(text.slice(0, complete + 1));
      for (const line of text.slice(0, complete).split('\n')) {
        const row = parseSegmentListLine(line);
        if (!row) continue;
        const abs = chunkPathForListedFile(this.dir, row.file);
        if (!abs) continue;
        await this.deps.recordings.chunkClosed(
          this.cameraId,
          this.sessionId,
          abs,
          this.startOf(row.startSec),
          this.startOf(row.endSec),
          this.openRows.get(abs),
        );
        this.openRows.delete(abs);
        this.lastEndSec = row.endSec;
      }
    } finally {
      await fh.close();
    }
  }

  /** A chunk still open when the recorder died: keep what its complete fragments hold. */
  private async recoverOpen(): Promise<void> {
    for (const [file, id] of this.openRows) {
      const row = await this.deps.recordings.rowById(id);
      if (row && row.state === 'writing') await this.deps.recordings.recover(row);
      this.openRows.delete(file);
    }
  }

  /**
   * Stops recording. When the publisher has left, FFmpeg sees the end of the stream and closes
   * the last chunk itself (trailer + list row); `drainMs` gives it that chance before a signal.
   */
  async stop(drainMs = 0): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const p = this.proc;
    if (p && drainMs > 0) await Promise.race([p.exited, new Promise((r) => setTimeout(r, drainMs).unref())]);
    if (p) await p.stop(5000);
    await this.chain;
  }
}
