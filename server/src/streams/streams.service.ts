import { Inject, Injectable, Logger } from '@nestjs/common';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { type CameraStatus, CAMERA_STATUSES, type LiveProfile } from '../cameras/camera.schemas';
import { CamerasService, publishUrl as rtmpPublishUrl, toCamera } from '../cameras/cameras.service';
import { parseStringList } from '../common/json';
import { CLOCK, type Clock, iso, isoNN } from '../common/clock';
import { newId, sha256Hex } from '../common/crypto';
import { conflict, notFound } from '../common/errors';
import { ipAllowed, normalizeIp } from '../common/ip';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DB, type Db, num } from '../db/database';
import type { CamerasTable } from '../db/schema';
import { pipelineArgs, pullerArgs, testSourceArgs } from '../media/ffmpeg-args';
import { buildMasterPlaylist, probeSegment } from '../media/hls-master';
import { RTMP_APP, signLivePath } from '../media/nginx-config';
import type { RtmpStat, RtmpStreamStat } from '../media/nginx-stat';
import type { NginxSupervisor } from '../media/nginx.supervisor';
import type { ManagedProcess, ProcessRunner } from '../media/process';
import { ProgressParser } from '../media/progress';
import { RestartPolicy } from '../media/restart-policy';
import type { CameraHealth } from '../realtime/events';
import { RealtimeService } from '../realtime/realtime.service';
import { CameraRecorder } from '../recordings/recorder';
import { RecordingsService } from '../recordings/recordings.service';
import { PUBLISH_TOKENS, type PublishTokens, urlSafeToken } from './publish-tokens';
import { judgeHealth, type StreamEvent, transition } from './stream-state';

/** What nginx-rtmp posts on its callbacks (form fields; stream URL query args arrive as extra fields). */
export interface RtmpCallback {
  call?: string;
  app?: string;
  name?: string;
  addr?: string;
  clientid?: string;
  token?: string;
}

export type PublishDecision = { allow: true; renameTo: string | null } | { allow: false; reason: string };

interface LiveStream {
  cameraId: string;
  sessionId: string;
  source: 'push' | 'pull';
  clientId: string | null;
  publisherIp: string | null;
  startedAt: number;
  pipeline: ManagedProcess | null;
  policy: RestartPolicy;
  timers: Set<NodeJS.Timeout>;
  progress: ProgressParser;
  health: CameraHealth;
  lastBytesIn: number;
  lastBytesChangeAt: number;
  badStreak: number;
  goodStreak: number;
  acc: { n: number; fps: number; kbps: number; inKbps: number; speed: number; lastAt: number };
  ended: boolean;
  hasAudio: boolean | null;
  recorder: CameraRecorder | null;
  /** The camera's health thresholds, refreshed when the camera changes (not read per sample). */
  thresholds: { minFps: number | null; minBitrateKbps: number | null };
}

interface Puller {
  cameraId: string;
  /** The source URL the running puller uses (a changed URL restarts it). */
  url: string | null;
  proc: ManagedProcess | null;
  policy: RestartPolicy;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
}

/** Media adapters; absent when streaming is off (API-only mode). */
export interface MediaDeps {
  runner: ProcessRunner;
  /** nginx is built once the API's loopback port is known (its callbacks and proxy target). */
  createNginx(apiUpstream: string, onStateChange: (state: string, reason?: string) => void): NginxSupervisor;
}
export const MEDIA_DEPS = Symbol('MEDIA_DEPS');

const STALE_PUBLISHER_MS = 5_000;
const HEALTH_STREAK = 3;
const HEALTH_PERSIST_MS = 10_000;
const HEALTH_RETENTION_MS = 24 * 3_600_000;
const LIST_SIZE = 6;

/** ffmpeg stderr lines that mean the camera sends something RTMP/FLV cannot carry. */
export function unsupportedSourceReason(stderr: string[]): string | null {
  const text = stderr.join('\n');
  const codec =
    /codec (\w+) (?:is )?not (?:currently )?supported in container|Video codec (\w+) not compatible with flv|Could not find tag for codec (\w+)/i.exec(
      text,
    );
  if (codec) {
    const name = (codec[1] ?? codec[2] ?? codec[3] ?? 'unknown').toUpperCase();
    return `The camera sends ${name} video, which RTMP/FLV cannot carry; configure the camera for H.264`;
  }
  if (/401 Unauthorized|authorization failed/i.test(text)) return 'The camera refused the credentials in the source URL (401 Unauthorized)';
  if (/404 Not Found/i.test(text)) return 'The camera has no stream at that path (404 Not Found)';
  return null;
}

/**
 * Stream management: decides publishes (nginx callbacks), keeps each camera's session and
 * state machine, runs one FFmpeg pipeline per live camera and one puller per enabled pull
 * camera, gathers health (ffmpeg -progress + nginx /stat) and pushes changes to browsers.
 */
@Injectable()
export class StreamsService {
  private readonly log = new Logger('Streams');
  private readonly live = new Map<string, LiveStream>();
  private readonly pullers = new Map<string, Puller>();
  private readonly demo = new Map<string, { proc: ManagedProcess | null; timer: NodeJS.Timeout | null }>();
  private readonly statusCache = new Map<string, { status: CameraStatus; reason: string | null }>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly draining = new Set<Promise<void>>();
  private statCache: { at: number; stat: RtmpStat } | null = null;
  private statInFlight: Promise<RtmpStat | null> | null = null;
  /** A camera's previous recorder still closing its last chunk; the next one waits for it. */
  private readonly drainingByCamera = new Map<string, Promise<void>>();
  private statTimer: NodeJS.Timeout | null = null;
  private maintenanceTimer: NodeJS.Timeout | null = null;
  private running = false;
  private nginxSupervisor: NginxSupervisor | null = null;
  private liveDir: string;

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PUBLISH_TOKENS) private readonly publishTokens: PublishTokens,
    @Inject(RealtimeService) private readonly realtime: RealtimeService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(MEDIA_DEPS) private readonly media: MediaDeps | null,
    @Inject(CamerasService) private readonly cameras: CamerasService,
    @Inject(RecordingsService) private readonly recordings: RecordingsService,
  ) {
    this.liveDir = join(config.dataDir, 'live');
  }

  get streaming(): boolean {
    return this.media !== null;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Marks what a previous run left "live" as offline and closes its sessions (no process survives a restart). */
  async reconcile(reason = 'server restarted'): Promise<void> {
    const now = this.clock.now();
    await this.db.updateTable('streamSessions').set({ endedAt: now, endReason: reason }).where('endedAt', 'is', null).execute();
    await this.db
      .updateTable('cameras')
      .set({ status: 'offline', statusReason: reason, statusSince: now })
      .where('status', 'in', ['starting', 'online', 'degraded'])
      .execute();
    this.statusCache.clear();
  }

  /** Starts the media side once the API listens: reap orphans, nginx, pullers, stat polling, demo publishers. */
  async startMedia(apiUpstream: string): Promise<void> {
    if (!this.media) return;
    this.nginxSupervisor = this.media.createNginx(apiUpstream, (state) => {
      // A crashed nginx sends no on_publish_done: every session through it is over.
      if (state === 'restarting' || state === 'failed') void this.endAll('ingest server restarted');
    });
    // nginx workers run as an unprivileged user when Argus runs as root: they must be able to reach the HLS files.
    await chmod(this.config.dataDir, 0o755).catch(() => undefined);
    const reaped = await this.media.runner.reapOrphans();
    for (const r of reaped) this.log.warn(`reaped ${r.name} (pid ${r.pid}) left by a previous run`);
    // Sessions and statuses a previous run left were reconciled when the app was created (createArgus).
    await this.db
      .updateTable('cameras')
      .set({ recordingState: 'idle', recordingReason: null })
      .where('recordingState', '!=', 'idle')
      .execute();
    await this.recordings.recoverInterrupted();
    await rm(this.liveDir, { recursive: true, force: true });
    await mkdir(this.liveDir, { recursive: true });
    await this.nginxSupervisor.start();
    this.running = true;
    void this.recordings.reconcileDisk().catch((e: Error) => this.log.error(`reconciling recordings failed: ${e.message}`));
    // Every 2 s: enough for the 5 s stale-publisher rule and the 10 s silent-pull rule.
    this.statTimer = setInterval(() => void this.pollStat(), 2000);
    this.statTimer.unref();
    this.maintenanceTimer = setInterval(() => {
      void this.pruneHealth();
      // Playback playlists are small files Argus wrote; once their URLs have expired they go.
      void this.recordings.prunePlaylists(this.config.liveUrlTtlSeconds * 2000);
    }, 3_600_000);
    this.maintenanceTimer.unref();
    const pulls = await this.db.selectFrom('cameras').selectAll().where('sourceType', '=', 'pull').where('enabled', '=', 1).execute();
    for (const cam of pulls) this.startPuller(cam.id);
  }

  async stopMedia(): Promise<void> {
    if (!this.media || !this.running) return;
    this.running = false;
    if (this.statTimer) clearInterval(this.statTimer);
    if (this.maintenanceTimer) clearInterval(this.maintenanceTimer);
    for (const d of this.demo.values()) if (d.timer) clearTimeout(d.timer);
    for (const p of this.pullers.values()) {
      p.stopped = true;
      if (p.timer) clearTimeout(p.timer);
    }
    for (const ls of this.live.values()) {
      ls.ended = true;
      for (const t of ls.timers) clearTimeout(t);
    }
    await Promise.allSettled([
      ...[...this.demo.values()].map((d) => d.proc?.stop(2000)),
      ...[...this.pullers.values()].map((p) => p.proc?.stop(2000)),
      ...[...this.live.values()].map((ls) => ls.pipeline?.stop(2000)),
      ...[...this.live.values()].map((ls) => ls.recorder?.stop()),
      ...[...this.draining],
    ]);
    await this.nginxSupervisor?.stop();
    await this.media.runner.stopAll(2000);
    await this.reconcile('server stopped');
    this.live.clear();
    this.pullers.clear();
  }

  // ---------------------------------------------------------------- nginx callbacks

  async onPublish(cb: RtmpCallback): Promise<PublishDecision> {
    const name = cb.name ?? '';
    const addr = normalizeIp(cb.addr ?? '');
    const decision = await this.decidePublish(name, addr, cb.token);
    if (!decision.ok) {
      await this.audit.record({
        actorType: 'anonymous',
        action: 'stream.publish',
        targetType: 'camera',
        targetId: decision.cameraId ?? null,
        ip: addr,
        outcome: 'denied',
        statusCode: 403,
        details: { reason: decision.reason, streamKeyPrefix: cb.token ? null : name.slice(0, 6) },
      });
      this.log.warn(`refused publish from ${addr}: ${decision.reason}`);
      return { allow: false, reason: decision.reason };
    }
    const cam = decision.camera;
    return this.serial(cam.id, async () => {
      const existing = this.live.get(cam.id);
      if (existing && !existing.ended) {
        if (this.clock.now() - existing.lastBytesChangeAt < STALE_PUBLISHER_MS) {
          return { allow: false as const, reason: 'camera already has an active publisher' };
        }
        await this.nginxSupervisor?.dropPublisher(RTMP_APP, cam.id).catch(() => false);
        await this.endStream(existing, 'replaced by a new publisher');
      }
      const now = this.clock.now();
      const sessionId = newId();
      await this.db
        .insertInto('streamSessions')
        .values({
          id: sessionId,
          cameraId: cam.id,
          source: decision.source,
          startedAt: now,
          endedAt: null,
          publisherIp: addr,
          clientId: cb.clientid ?? null,
          endReason: null,
        })
        .execute();
      const ls: LiveStream = {
        cameraId: cam.id,
        sessionId,
        source: decision.source,
        clientId: cb.clientid ?? null,
        publisherIp: addr,
        startedAt: now,
        pipeline: null,
        policy: new RestartPolicy(),
        timers: new Set(),
        progress: new ProgressParser(),
        health: emptyHealth(cam.id, now),
        lastBytesIn: 0,
        lastBytesChangeAt: now,
        badStreak: 0,
        goodStreak: 0,
        acc: { n: 0, fps: 0, kbps: 0, inKbps: 0, speed: 0, lastAt: now },
        ended: false,
        hasAudio: null,
        recorder: null,
        thresholds: thresholdsOf(cam),
      };
      this.live.set(cam.id, ls);
      // The recorder connects before nginx is told to accept, so it records from the first frame.
      if (num(cam.recordingEnabled) && this.media) {
        await this.drainingByCamera.get(cam.id);
        this.startRecorder(ls);
        await this.waitForPlayer(cam.id, 1500);
      }
      await this.apply(cam.id, { type: 'publish_started' });
      await this.audit.record({
        actorType: 'anonymous',
        action: 'stream.publish',
        targetType: 'camera',
        targetId: cam.id,
        ip: addr,
        outcome: 'success',
        statusCode: 200,
        details: { source: decision.source, session: sessionId },
      });
      this.later(ls, 0, () => void this.startPipeline(ls));
      return { allow: true as const, renameTo: name === cam.id ? null : cam.id };
    });
  }

  async onPublishDone(cb: RtmpCallback): Promise<void> {
    const ls = this.findLive(cb);
    if (!ls) return;
    await this.serial(ls.cameraId, () => this.endStream(ls, ls.source === 'pull' ? 'source stopped sending' : 'publisher disconnected'));
  }

  /** RTMP play is for Argus's own pipelines only. */
  onPlay(cb: RtmpCallback): boolean {
    const addr = normalizeIp(cb.addr ?? '');
    return addr === '127.0.0.1' || addr === '::1';
  }

  /** Periodic update from nginx: false drops the publisher (camera disabled or deleted meanwhile). */
  async onUpdate(cb: RtmpCallback): Promise<boolean> {
    if (cb.call && cb.call !== 'update_publish' && cb.call !== 'update') return true;
    const ls = this.findLive(cb);
    if (!ls) return true;
    const cam = await this.db.selectFrom('cameras').select(['enabled']).where('id', '=', ls.cameraId).executeTakeFirst();
    return Boolean(cam && num(cam.enabled));
  }

  private async decidePublish(
    name: string,
    addr: string,
    token: string | undefined,
  ): Promise<{ ok: true; camera: CamerasTable; source: 'push' | 'pull' } | { ok: false; reason: string; cameraId?: string }> {
    let camera: CamerasTable | undefined;
    let source: 'push' | 'pull' = 'push';
    if (token) {
      const claims = await this.publishTokens.verify(token);
      if (!claims || claims.cameraId !== name) return { ok: false, reason: 'invalid or expired publish token' };
      camera = await this.db.selectFrom('cameras').selectAll().where('id', '=', claims.cameraId).executeTakeFirst();
      if (!camera) return { ok: false, reason: 'unknown camera' };
      if (claims.source === 'pull') {
        if (camera.sourceType !== 'pull' || (addr !== '127.0.0.1' && addr !== '::1'))
          return { ok: false, reason: 'pull token used outside Argus', cameraId: camera.id };
        source = 'pull';
      } else {
        if (camera.sourceType !== 'push') return { ok: false, reason: 'camera is not a push camera', cameraId: camera.id };
        if (claims.keyPrefix !== camera.streamKeyPrefix)
          return { ok: false, reason: 'publish token revoked by a key rotation', cameraId: camera.id };
      }
    } else {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(name)) return { ok: false, reason: 'unknown stream key' };
      camera = await this.db.selectFrom('cameras').selectAll().where('streamKeyHash', '=', sha256Hex(name)).executeTakeFirst();
      if (!camera) return { ok: false, reason: 'unknown or revoked stream key' };
      if (camera.sourceType !== 'push') return { ok: false, reason: 'camera is not a push camera', cameraId: camera.id };
    }
    if (!num(camera.enabled)) return { ok: false, reason: 'camera is disabled', cameraId: camera.id };
    if (source === 'push' && !ipAllowed(addr, parseStringList(camera.publishAllowlist))) {
      return { ok: false, reason: `publisher address ${addr} is not in the camera's allowlist`, cameraId: camera.id };
    }
    return { ok: true, camera, source };
  }

  /**
   * The session a callback belongs to. nginx-rtmp keeps sending the name that was published
   * (the stream key) after a rename, and a refused duplicate publisher also gets a
   * publish_done with the same name, so only the client id identifies a session.
   */
  private findLive(cb: RtmpCallback): LiveStream | undefined {
    if (!cb.clientid) return undefined;
    for (const ls of this.live.values()) if (!ls.ended && ls.clientId === cb.clientid) return ls;
    return undefined;
  }

  private async endAll(reason: string): Promise<void> {
    for (const ls of [...this.live.values()]) await this.serial(ls.cameraId, () => this.endStream(ls, reason));
  }

  private async endStream(ls: LiveStream, reason: string): Promise<void> {
    if (ls.ended) return;
    ls.ended = true;
    for (const t of ls.timers) clearTimeout(t);
    ls.timers.clear();
    if (this.live.get(ls.cameraId) === ls) this.live.delete(ls.cameraId);
    await this.db
      .updateTable('streamSessions')
      .set({ endedAt: this.clock.now(), endReason: reason })
      .where('id', '=', ls.sessionId)
      .execute();
    await this.apply(ls.cameraId, { type: 'publish_ended', reason });
    const proc = ls.pipeline;
    ls.pipeline = null;
    if (proc) void proc.stop(2000);
    // Closing the players' connections ends the stream for the recorder, which then writes its
    // last chunk out completely (nginx keeps idle players waiting otherwise). Shutdown waits for it.
    if (ls.recorder) await this.nginxSupervisor?.dropSubscribers(RTMP_APP, ls.cameraId).catch(() => false);
    const drain = this.stopRecorder(ls, 3000);
    this.draining.add(drain);
    this.drainingByCamera.set(ls.cameraId, drain);
    void drain.finally(() => {
      this.draining.delete(drain);
      if (this.drainingByCamera.get(ls.cameraId) === drain) this.drainingByCamera.delete(ls.cameraId);
    });
  }

  // ---------------------------------------------------------------- pipelines

  private async startPipeline(ls: LiveStream): Promise<void> {
    if (ls.ended || !this.media) return;
    const cam = await this.db.selectFrom('cameras').selectAll().where('id', '=', ls.cameraId).executeTakeFirst();
    if (!cam) return;
    const profile = toCamera(cam).liveProfile;
    const hasAudio = ls.hasAudio ?? (await this.detectAudio(ls.cameraId));
    ls.hasAudio = hasAudio;
    if (ls.ended) return;
    if (num(cam.recordingEnabled)) this.startRecorder(ls);
    const outDir = join(this.liveDir, ls.cameraId);
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    const args = pipelineArgs({
      inputUrl: `rtmp://127.0.0.1:${this.config.rtmpPort}/${RTMP_APP}/${ls.cameraId}`,
      outDir,
      profile,
      hasAudio,
      segmentSeconds: this.config.hlsSegmentSeconds,
      listSize: LIST_SIZE,
    });
    const proc = this.media.runner.start({ name: `pipeline-${ls.cameraId}`, command: this.config.ffmpegPath, args });
    ls.pipeline = proc;
    ls.progress = new ProgressParser();
    proc.onStdoutLine((line) => {
      const sample = ls.progress.push(line);
      if (sample && !ls.ended) void this.onProgress(ls, sample);
    });
    void proc.exited.then((info) => this.onPipelineExit(ls, proc, info));
    void this.waitReady(ls, proc, outDir, profile);
  }

  /**
   * nginx's /stat, shared: one fetch serves every caller within `maxAgeMs`, and concurrent callers
   * share the request in flight (with many cameras starting at once, per-camera polling of the
   * whole stat page would keep Node too busy to answer nginx's callbacks).
   */
  private async stat(maxAgeMs: number): Promise<RtmpStat | null> {
    if (!this.nginxSupervisor) return null;
    if (this.statCache && this.clock.now() - this.statCache.at <= maxAgeMs) return this.statCache.stat;
    this.statInFlight ??= this.nginxSupervisor
      .fetchStat()
      .then(
        (stat) => {
          this.statCache = { at: this.clock.now(), stat };
          return stat;
        },
        () => null,
      )
      .finally(() => {
        this.statInFlight = null;
      });
    return this.statInFlight;
  }

  /** Waits (bounded) until nginx lists a player waiting on the camera's stream. */
  private async waitForPlayer(cameraId: string, timeoutMs: number): Promise<void> {
    const deadline = this.clock.now() + timeoutMs;
    while (this.clock.now() < deadline) {
      const st = await this.stat(100);
      if (st?.streams.some((x) => x.name === cameraId && x.clients > 0)) return;
      await sleep(100);
    }
    this.log.warn(`recorder of ${cameraId} not connected after ${timeoutMs} ms; the first frames may be missing`);
  }

  /** Audio presence from nginx's view of the stream (the pipeline's -map needs it); assumes audio when unknown. */
  private async detectAudio(cameraId: string): Promise<boolean> {
    const deadline = this.clock.now() + 3000;
    while (this.clock.now() < deadline) {
      const st = await this.stat(250);
      const s = st?.streams.find((x) => x.name === cameraId);
      if (s?.video) return s.audio !== null;
      await sleep(200);
    }
    return true;
  }

  private async waitReady(ls: LiveStream, proc: ManagedProcess, outDir: string, profile: LiveProfile): Promise<void> {
    const variants = profile.type === 'copy' ? 1 : (profile.sourceCopy ? 1 : 0) + profile.renditions.length;
    const deadline = this.clock.now() + 30_000;
    while (!ls.ended && ls.pipeline === proc && this.clock.now() < deadline) {
      const firsts = await Promise.all(Array.from({ length: variants }, (_, i) => firstSegment(join(outDir, `v${i}`))));
      if (firsts.every((f) => f !== null)) {
        try {
          const probes = await Promise.all(firsts.map((f) => probeSegment(this.config.ffprobePath, f!)));
          const master = buildMasterPlaylist(
            probes.map((p, i) => {
              const declared = profile.type === 'abr' ? declaredKbps(profile, i) : null;
              const measured = p.bitRate ?? (ls.health.inputKbps ? ls.health.inputKbps * 1000 : 2_000_000);
              const bandwidth = Math.round(declared ? declared * 1000 * 1.1 : measured * 1.2);
              return {
                uri: `v${i}/index.m3u8`,
                bandwidth,
                averageBandwidth: Math.round(bandwidth / 1.15),
                width: p.width,
                height: p.height,
                frameRate: p.frameRate,
                codecs: p.codecs,
              };
            }),
          );
          const tmp = join(outDir, `.master.${process.pid}.tmp`);
          await writeFile(tmp, master);
          await rename(tmp, join(outDir, 'master.m3u8'));
          ls.health.width = probes[0]!.width;
          ls.health.height = probes[0]!.height;
          await this.serial(ls.cameraId, () => (ls.ended ? Promise.resolve() : this.apply(ls.cameraId, { type: 'pipeline_ready' })));
          return;
        } catch (err) {
          this.log.warn(`probing first segment of ${ls.cameraId} failed: ${(err as Error).message}`);
        }
      }
      await sleep(100);
    }
  }

  private async onPipelineExit(
    ls: LiveStream,
    proc: ManagedProcess,
    info: { code: number | null; signal: string | null; stderrTail: string[]; uptimeMs: number },
  ) {
    if (ls.ended || ls.pipeline !== proc) return;
    ls.pipeline = null;
    const last = info.stderrTail.filter((l) => l.trim()).at(-1) ?? `exit code ${info.code ?? info.signal}`;
    const d = ls.policy.onExit(this.clock.now(), info.uptimeMs);
    ls.health.restarts += 1;
    if (d.action === 'restart') {
      this.log.warn(`pipeline of ${ls.cameraId} exited (${last}); restarting in ${d.delayMs} ms`);
      this.later(ls, d.delayMs, () => void this.startPipeline(ls));
    } else {
      this.log.error(`pipeline of ${ls.cameraId} keeps failing: ${last}`);
      await this.serial(ls.cameraId, () => this.apply(ls.cameraId, { type: 'failed', reason: `live pipeline keeps failing: ${last}` }));
    }
  }

  private async onProgress(
    ls: LiveStream,
    s: { fps: number | null; bitrateKbps: number | null; speed: number | null; dropFrames: number | null; dupFrames: number | null },
  ) {
    const now = this.clock.now();
    const h = ls.health;
    h.at = isoNN(now);
    h.fps = s.fps;
    // The HLS muxer reports no output bitrate; for a remux it equals what nginx measures coming in.
    h.bitrateKbps = s.bitrateKbps ?? h.inputKbps;
    h.speed = s.speed;
    h.droppedFrames = s.dropFrames;
    h.duplicatedFrames = s.dupFrames;
    this.realtime.cameraHealth({ ...h });
    // Downsampled history: one averaged row per camera every 10 s.
    const a = ls.acc;
    a.n += 1;
    a.fps += s.fps ?? 0;
    a.kbps += h.bitrateKbps ?? 0;
    a.inKbps += h.inputKbps ?? 0;
    a.speed += s.speed ?? 0;
    if (now - a.lastAt >= HEALTH_PERSIST_MS) {
      const row = {
        cameraId: ls.cameraId,
        at: now,
        fps: a.fps / a.n,
        bitrateKbps: s.bitrateKbps === null ? null : a.kbps / a.n,
        inputKbps: a.inKbps / a.n,
        speed: a.speed / a.n,
        droppedFrames: s.dropFrames,
        duplicatedFrames: s.dupFrames,
      };
      ls.acc = { n: 0, fps: 0, kbps: 0, inKbps: 0, speed: 0, lastAt: now };
      await this.db
        .insertInto('streamHealth')
        .values(row)
        .execute()
        .catch((e: Error) => this.log.warn(`health sample not stored: ${e.message}`));
    }
    const cur = this.statusCache.get(ls.cameraId)?.status;
    if (cur !== 'online' && cur !== 'degraded') return;
    const verdict = judgeHealth({ fps: s.fps, inputKbps: h.inputKbps, speed: s.speed }, ls.thresholds);
    if (verdict.healthy) {
      ls.goodStreak += 1;
      ls.badStreak = 0;
    } else {
      ls.badStreak += 1;
      ls.goodStreak = 0;
    }
    // Hysteresis: three samples in a row before the state changes either way.
    if ((verdict.healthy && ls.goodStreak >= HEALTH_STREAK && cur === 'degraded') || (!verdict.healthy && ls.badStreak >= HEALTH_STREAK)) {
      await this.serial(ls.cameraId, () => (ls.ended ? Promise.resolve() : this.apply(ls.cameraId, { type: 'health', ...verdict })));
    }
  }

  private async pollStat(): Promise<void> {
    if (!this.media || !this.running || this.live.size === 0) return;
    const st = await this.stat(500);
    if (!st) return;
    const streams: RtmpStreamStat[] = st.streams;
    const now = this.clock.now();
    for (const s of streams) {
      const ls = this.live.get(s.name);
      if (!ls || ls.ended) continue;
      if (s.bytesIn !== ls.lastBytesIn) {
        ls.lastBytesIn = s.bytesIn;
        ls.lastBytesChangeAt = now;
      }
      // nginx reports bw_in as 0 until its first 10 s accounting window has passed.
      ls.health.inputKbps = s.bwInKbps === 0 && now - ls.startedAt < 12_000 ? null : s.bwInKbps;
      ls.health.videoCodec = s.video?.codec ?? null;
      ls.health.audioCodec = s.audio?.codec ?? null;
      if (s.video) {
        ls.health.width = s.video.width || ls.health.width;
        ls.health.height = s.video.height || ls.health.height;
      }
    }
  }

  private async pruneHealth(): Promise<void> {
    await this.db
      .deleteFrom('streamHealth')
      .where('at', '<', this.clock.now() - HEALTH_RETENTION_MS)
      .execute()
      .catch(() => undefined);
  }

  // ---------------------------------------------------------------- pull cameras

  private startPuller(cameraId: string): void {
    if (!this.media || !this.running) return;
    let p = this.pullers.get(cameraId);
    if (p && !p.stopped) return;
    p = {
      cameraId,
      url: null,
      proc: null,
      policy: new RestartPolicy({ maxFailures: 3, failureWindowMs: 60_000 }),
      timer: null,
      stopped: false,
    };
    this.pullers.set(cameraId, p);
    void this.runPuller(p);
  }

  private async runPuller(p: Puller): Promise<void> {
    if (p.stopped || !this.media) return;
    const cam = await this.db.selectFrom('cameras').selectAll().where('id', '=', p.cameraId).executeTakeFirst();
    if (!cam || !num(cam.enabled) || cam.sourceType !== 'pull' || !cam.pullUrl) {
      this.pullers.delete(p.cameraId);
      return;
    }
    p.url = cam.pullUrl;
    const token = await this.publishTokens.sign({ cameraId: cam.id, keyPrefix: null, source: 'pull' }, this.clock.now(), 3600);
    const proc = this.media.runner.start({
      name: `puller-${cam.id}`,
      command: this.config.ffmpegPath,
      args: pullerArgs({
        sourceUrl: cam.pullUrl,
        publishUrl: `rtmp://127.0.0.1:${this.config.rtmpPort}/${RTMP_APP}/${cam.id}?token=${urlSafeToken(token)}`,
      }),
    });
    p.proc = proc;
    const info = await proc.exited;
    if (p.proc !== proc) return;
    p.proc = null;
    if (p.stopped) return;
    const unsupported = unsupportedSourceReason(info.stderrTail);
    const d = p.policy.onExit(this.clock.now(), info.uptimeMs);
    let delay = d.action === 'restart' ? d.delayMs : 30_000;
    if (unsupported || d.action === 'give-up') {
      const last = info.stderrTail.filter((l) => l.trim()).at(-1) ?? 'no output';
      await this.serial(cam.id, () => this.apply(cam.id, { type: 'failed', reason: unsupported ?? `cannot reach the camera: ${last}` }));
      delay = 30_000;
    }
    p.timer = setTimeout(() => void this.runPuller(p), delay);
    p.timer.unref();
  }

  private async stopPuller(cameraId: string): Promise<void> {
    const p = this.pullers.get(cameraId);
    if (!p) return;
    p.stopped = true;
    if (p.timer) clearTimeout(p.timer);
    this.pullers.delete(cameraId);
    await p.proc?.stop(2000);
  }

  /** Called after a camera is changed or deleted through the API. */
  async onCameraChanged(cameraId: string): Promise<void> {
    if (!this.media || !this.running) return;
    const cam = await this.db.selectFrom('cameras').selectAll().where('id', '=', cameraId).executeTakeFirst();
    const ls = this.live.get(cameraId);
    if (!cam || !num(cam.enabled)) {
      await this.stopPuller(cameraId);
      if (ls) {
        await this.nginxSupervisor!.dropPublisher(RTMP_APP, cameraId).catch(() => false);
        await this.serial(cameraId, () => this.endStream(ls, cam ? 'camera disabled' : 'camera deleted'));
      }
      if (cam && cam.status === 'error') await this.serial(cameraId, () => this.apply(cameraId, { type: 'reset' }));
      return;
    }
    if (ls) ls.thresholds = thresholdsOf(cam);
    await this.applyRecordingFlag(cameraId, Boolean(num(cam.recordingEnabled)));
    if (cam.sourceType === 'pull') {
      // A new URL takes effect by restarting the puller; other changes leave it running.
      const p = this.pullers.get(cameraId);
      if (p && p.url !== cam.pullUrl) await this.stopPuller(cameraId);
      this.startPuller(cameraId);
    }
  }

  // ---------------------------------------------------------------- recording

  private startRecorder(ls: LiveStream): void {
    if (ls.recorder || ls.ended || !this.media) return;
    const previous = this.drainingByCamera.get(ls.cameraId);
    if (previous) {
      void previous.then(() => this.startRecorder(ls));
      return;
    }
    const rec = new CameraRecorder(
      {
        runner: this.media.runner,
        recordings: this.recordings,
        clock: this.clock,
        ffmpegPath: this.config.ffmpegPath,
        rtmpPort: this.config.rtmpPort,
        chunkSeconds: this.config.recordingChunkSeconds,
        log: (level, msg) => (level === 'error' ? this.log.error(msg) : level === 'warn' ? this.log.warn(msg) : this.log.log(msg)),
        onState: (state, reason) => void this.setRecordingState(ls.cameraId, state, reason),
      },
      ls.cameraId,
      ls.sessionId,
      ls.hasAudio ?? 'auto',
    );
    ls.recorder = rec;
    rec.start();
  }

  private async stopRecorder(ls: LiveStream, drainMs = 0): Promise<void> {
    const rec = ls.recorder;
    ls.recorder = null;
    if (rec) await rec.stop(drainMs);
  }

  private async setRecordingState(cameraId: string, state: 'idle' | 'recording' | 'error', reason: string | null): Promise<void> {
    await this.db.updateTable('cameras').set({ recordingState: state, recordingReason: reason }).where('id', '=', cameraId).execute();
    this.realtime.cameraRecording({ cameraId, state, reason, at: isoNN(this.clock.now()) });
  }

  /** Recording start/stop control: the flag persists; the recorder follows it while the camera is live. */
  async setRecording(cameraId: string, enabled: boolean) {
    const cam = await this.cameraRow(cameraId);
    await this.db
      .updateTable('cameras')
      .set({ recordingEnabled: enabled ? 1 : 0, updatedAt: this.clock.now() })
      .where('id', '=', cam.id)
      .execute();
    await this.applyRecordingFlag(cameraId, enabled);
    return toCamera(await this.cameraRow(cameraId));
  }

  private async applyRecordingFlag(cameraId: string, enabled: boolean): Promise<void> {
    const ls = this.live.get(cameraId);
    if (!ls || ls.ended) return;
    if (enabled) this.startRecorder(ls);
    else await this.stopRecorder(ls);
  }

  /** A rotated stream key ends the current publish session at once. */
  async onKeyRotated(cameraId: string): Promise<void> {
    const ls = this.live.get(cameraId);
    if (!ls || ls.source !== 'push' || !this.nginxSupervisor) return;
    await this.nginxSupervisor.dropPublisher(RTMP_APP, cameraId).catch(() => false);
    await this.serial(cameraId, () => this.endStream(ls, 'stream key rotated'));
  }

  // ---------------------------------------------------------------- state

  private async currentStatus(cameraId: string): Promise<{ status: CameraStatus; reason: string | null }> {
    const cached = this.statusCache.get(cameraId);
    if (cached) return cached;
    const row = await this.db.selectFrom('cameras').select(['status', 'statusReason']).where('id', '=', cameraId).executeTakeFirst();
    const v = { status: (row?.status ?? 'offline') as CameraStatus, reason: row?.statusReason ?? null };
    this.statusCache.set(cameraId, v);
    return v;
  }

  private async apply(cameraId: string, event: StreamEvent): Promise<void> {
    const cur = await this.currentStatus(cameraId);
    const r = transition(cur.status, cur.reason, event);
    if (!r.changed) return;
    const now = this.clock.now();
    await this.db
      .updateTable('cameras')
      .set({ status: r.status, statusReason: r.reason, statusSince: now })
      .where('id', '=', cameraId)
      .execute();
    this.statusCache.set(cameraId, { status: r.status, reason: r.reason });
    this.realtime.cameraStatus({ cameraId, status: r.status, statusReason: r.reason, at: isoNN(now) });
    void this.pushCounters();
  }

  private async pushCounters(): Promise<void> {
    const rows = await this.db
      .selectFrom('cameras')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(CAMERA_STATUSES.map((s) => [s, 0])) as Record<CameraStatus, number>;
    let total = 0;
    for (const r of rows) {
      total += num(r.n);
      if (r.status in byStatus) byStatus[r.status as CameraStatus] += num(r.n);
    }
    this.realtime.dashboard({ cameras: { total, byStatus }, at: isoNN(this.clock.now()) });
  }

  /** Runs state changes of one camera one at a time. */
  private serial<T>(cameraId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(cameraId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.queues.set(cameraId, settled);
    void settled.then(() => {
      if (this.queues.get(cameraId) === settled) this.queues.delete(cameraId);
    });
    return next;
  }

  private later(ls: LiveStream, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      ls.timers.delete(t);
      if (!ls.ended) fn();
    }, ms);
    t.unref();
    ls.timers.add(t);
  }

  // ---------------------------------------------------------------- API

  private async cameraRow(id: string): Promise<CamerasTable> {
    const cam = await this.db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst();
    if (!cam) throw notFound('Camera');
    return cam;
  }

  /** Current pipeline health of every live camera (for the alert rules). */
  liveHealth(): CameraHealth[] {
    return [...this.live.values()].filter((ls) => !ls.ended).map((ls) => ({ ...ls.health }));
  }

  async liveUrl(cameraId: string, origin: string): Promise<{ hlsUrl: string; expiresAt: string }> {
    const cam = await this.cameraRow(cameraId);
    if (cam.status !== 'online' && cam.status !== 'degraded') throw conflict(`Camera is not live (status: ${cam.status})`);
    const exp = Math.floor(this.clock.now() / 1000) + this.config.liveUrlTtlSeconds;
    return { hlsUrl: `${origin}${signLivePath(cam.id, exp, this.config.linkSecret)}master.m3u8`, expiresAt: isoNN(exp * 1000) };
  }

  async health(cameraId: string, minutes: number) {
    await this.cameraRow(cameraId);
    const since = this.clock.now() - minutes * 60_000;
    const rows = await this.db
      .selectFrom('streamHealth')
      .selectAll()
      .where('cameraId', '=', cameraId)
      .where('at', '>=', since)
      .orderBy('at')
      .limit(2000)
      .execute();
    const ls = this.live.get(cameraId);
    return {
      current: ls && !ls.ended ? { ...ls.health } : null,
      history: rows.map((r) => ({ at: isoNN(r.at), fps: r.fps, bitrateKbps: r.bitrateKbps, inputKbps: r.inputKbps, speed: r.speed })),
    };
  }

  async sessions(cameraId: string, limit: number, offset: number) {
    await this.cameraRow(cameraId);
    const q = this.db.selectFrom('streamSessions').where('cameraId', '=', cameraId);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('startedAt', 'desc').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        source: r.source,
        startedAt: isoNN(r.startedAt),
        endedAt: iso(r.endedAt),
        publisherIp: r.publisherIp,
        endReason: r.endReason,
      })),
      total: num(count.n),
      limit,
      offset,
    };
  }

  async publishToken(cameraId: string, lifetimeSeconds: number, host: string) {
    const cam = await this.cameraRow(cameraId);
    if (cam.sourceType !== 'push') throw conflict('Only push cameras take publish tokens');
    const now = this.clock.now();
    const token = await this.publishTokens.sign({ cameraId: cam.id, keyPrefix: cam.streamKeyPrefix, source: 'push' }, now, lifetimeSeconds);
    return {
      token,
      publishUrl: `${rtmpPublishUrl(host, this.config.rtmpPort, cam.id)}?token=${urlSafeToken(token)}`,
      expiresAt: isoNN(now + lifetimeSeconds * 1000),
    };
  }

  // ---------------------------------------------------------------- demo

  /** `--demo`: synthetic cameras published by FFmpeg test sources, so a newcomer sees video at once. */
  async startDemo(count = 3): Promise<void> {
    if (!this.media || !this.running) return;
    for (let i = 1; i <= count; i++) {
      const name = `Demo camera ${i}`;
      const existing = await this.db.selectFrom('cameras').select('id').where('name', '=', name).executeTakeFirst();
      // Keys are shown once, so the demo takes a fresh one at every start.
      const { camera: cam, streamKey: key } = existing
        ? await this.cameras.rotateKey(existing.id, '127.0.0.1')
        : await this.cameras.create(
            {
              name,
              description: 'Synthetic test pattern published by FFmpeg (--demo)',
              location: 'Demo',
              sourceType: 'push',
              recordingEnabled: false,
              retentionDays: 1,
            },
            null,
            '127.0.0.1',
          );
      if (!cam.enabled) await this.cameras.update(cam.id, { enabled: true });
      const args = testSourceArgs({
        publishUrl: `rtmp://127.0.0.1:${this.config.rtmpPort}/${RTMP_APP}/${key}`,
        width: 1280,
        height: 720,
        fps: 30,
        videoKbps: 1500,
        label: name,
      });
      const slot = { proc: null as ManagedProcess | null, timer: null as NodeJS.Timeout | null };
      this.demo.set(cam.id, slot);
      const run = () => {
        if (!this.running || !this.media) return;
        const proc = this.media.runner.start({ name: `demo-${i}`, command: this.config.ffmpegPath, args });
        slot.proc = proc;
        void proc.exited.then(() => {
          if (!this.running) return;
          slot.timer = setTimeout(run, 2000);
          slot.timer.unref();
        });
      };
      run();
    }
  }
}

function thresholdsOf(cam: CamerasTable) {
  return {
    minFps: cam.minFps === null ? null : num(cam.minFps),
    minBitrateKbps: cam.minBitrateKbps === null ? null : num(cam.minBitrateKbps),
  };
}

function emptyHealth(cameraId: string, now: number): CameraHealth {
  return {
    cameraId,
    at: isoNN(now),
    fps: null,
    bitrateKbps: null,
    speed: null,
    droppedFrames: null,
    duplicatedFrames: null,
    inputKbps: null,
    videoCodec: null,
    audioCodec: null,
    width: null,
    height: null,
    restarts: 0,
  };
}

function declaredKbps(profile: Extract<LiveProfile, { type: 'abr' }>, variant: number): number | null {
  const idx = profile.sourceCopy ? variant - 1 : variant;
  const r = profile.renditions[idx];
  return r ? r.videoKbps + r.audioKbps : null;
}

async function firstSegment(dir: string): Promise<string | null> {
  try {
    const text = await readFile(join(dir, 'index.m3u8'), 'utf8');
    const seg = text.split('\n').find((l) => l.trim() && !l.startsWith('#'));
    return seg ? join(dir, seg.trim()) : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
