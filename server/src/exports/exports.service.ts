import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, readdir, rename, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLOCK, type Clock, iso, isoNN } from '../common/clock';
import { newId } from '../common/crypto';
import { badRequest, conflict, forbidden, notFound } from '../common/errors';
import type { Principal } from '../common/request';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DB, type Db, num } from '../db/database';
import type { ExportsTable } from '../db/schema';
import { signExportPath } from '../media/nginx-config';
import type { ManagedProcess } from '../media/process';
import { ProgressParser } from '../media/progress';
import type { ExportEvent } from '../realtime/events';
import { RealtimeService } from '../realtime/realtime.service';
import { RecordingsService } from '../recordings/recordings.service';
import { MEDIA_DEPS, type MediaDeps } from '../streams/streams.service';
import { concatList, exportArgs, ExportPlanError, planExport } from './export-plan';

export const EXPORT_STATES = ['queued', 'running', 'complete', 'failed', 'expired'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

/** Longest range one export may cover. */
export const MAX_EXPORT_MS = 24 * 3_600_000;
/** Free space kept on the disk besides the estimated size of the file. */
const DISK_RESERVE_BYTES = 256 * 1024 * 1024;

export interface ExportView {
  id: string;
  cameraId: string;
  requestedBy: string | null;
  requestedByLabel: string;
  from: string;
  to: string;
  startAt: string | null;
  endAt: string | null;
  state: ExportState;
  progress: number;
  fileName: string;
  bytes: number | null;
  durationSec: number | null;
  gaps: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  expiresAt: string | null;
}

function view(r: ExportsTable): ExportView {
  return {
    id: r.id,
    cameraId: r.cameraId,
    requestedBy: r.requestedBy,
    requestedByLabel: r.requestedByLabel,
    from: isoNN(r.fromAt),
    to: isoNN(r.toAt),
    startAt: iso(r.startAt),
    endAt: iso(r.endAt),
    state: r.state as ExportState,
    progress: num(r.progress) / 1000,
    fileName: r.fileName,
    bytes: r.bytes === null ? null : num(r.bytes),
    durationSec: r.durationMs === null ? null : num(r.durationMs) / 1000,
    gaps: num(r.gaps),
    error: r.error,
    createdAt: isoNN(r.createdAt),
    startedAt: iso(r.startedAt),
    completedAt: iso(r.completedAt),
    expiresAt: iso(r.expiresAt),
  };
}

/** `front-door_20261125T010203Z.mp4`: camera name reduced to safe characters, plus the UTC start. */
export function downloadName(cameraName: string, fromMs: number): string {
  const slug =
    cameraName
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'camera';
  const stamp = new Date(fromMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${slug}_${stamp}.mp4`;
}

/**
 * Clip exports: one MP4 of a time range per request, cut from the recorded chunks by FFmpeg (concat, stream
 * copy, faststart) in the background, one at a time. The queue lives in the database: an export queued or
 * running when the server stops is run again at the next start. Finished files are downloadable through
 * nginx with a signed, expiring URL until the export expires; then the file is deleted.
 */
@Injectable()
export class ExportsService {
  private readonly log = new Logger('Exports');
  readonly dir: string;
  private running = false;
  private working: Promise<void> | null = null;
  private current: { id: string; proc: ManagedProcess | null; cancelled: boolean } | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RecordingsService) private readonly recordings: RecordingsService,
    @Inject(RealtimeService) private readonly realtime: RealtimeService,
    @Inject(MEDIA_DEPS) private readonly media: MediaDeps | null,
  ) {
    this.dir = join(config.dataDir, 'exports');
  }

  /** Starts the worker: exports a stopped server left queued or running are (re)done; expired files go. */
  async start(): Promise<void> {
    if (!this.media) return;
    await mkdir(this.dir, { recursive: true });
    await this.db
      .updateTable('exports')
      .set({ state: 'queued', progress: 0, updatedAt: this.clock.now() })
      .where('state', '=', 'running')
      .execute();
    // Partial outputs and lists of runs that did not finish.
    for (const f of await readdir(this.dir).catch(() => [] as string[])) {
      if (f.endsWith('.part.mp4') || f.endsWith('.ffconcat')) await unlink(join(this.dir, f)).catch(() => undefined);
    }
    this.running = true;
    await this.pruneExpired();
    this.pruneTimer = setInterval(() => void this.pruneExpired(), 600_000);
    this.pruneTimer.unref();
    this.kick();
  }

  /** Stops the worker; an export in progress goes back to the queue (it is redone at the next start). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.current?.proc?.stop(2000);
    await this.working;
  }

  async create(cameraId: string, fromMs: number, toMs: number, principal: Principal): Promise<ExportView> {
    if (toMs <= fromMs) throw badRequest('"to" must be after "from"', [{ path: 'to', message: 'must be after from' }]);
    if (toMs - fromMs > MAX_EXPORT_MS)
      throw badRequest('An export covers at most 24 hours', [{ path: 'to', message: 'at most 24 hours after from' }]);
    const camera = await this.db.selectFrom('cameras').select(['id', 'name']).where('id', '=', cameraId).executeTakeFirst();
    if (!camera) throw notFound('Camera');
    if (!this.media) throw conflict('Clip export needs the media server, which is off on this server (STREAMING=off)');
    const chunks = await this.recordings.indexedChunks(cameraId, fromMs, toMs);
    let plan;
    try {
      plan = planExport(chunks, fromMs, toMs);
    } catch (e) {
      if (e instanceof ExportPlanError) throw conflict(e.message);
      throw e;
    }
    if (plan.parts.length === 0) throw notFound('Recording in that range');
    // Stream copy: the file is about as large as the recorded bytes it covers.
    const estimate = chunks.reduce((sum, c) => {
      const covered = Math.max(0, Math.min(toMs, c.row.endAt === null ? toMs : num(c.row.endAt)) - Math.max(fromMs, num(c.row.startAt)));
      const bytes = num(c.row.bytes) || 0;
      const dur = c.index.durationSec * 1000 || 1;
      return sum + (bytes * covered) / dur;
    }, 0);
    await mkdir(this.dir, { recursive: true });
    const fs = await statfs(this.dir);
    const free = Number(fs.bavail) * Number(fs.bsize);
    if (free < estimate + DISK_RESERVE_BYTES) {
      throw conflict(
        `Not enough free disk space for this export (about ${Math.ceil(estimate / 1e6)} MB needed, ${Math.floor(free / 1e6)} MB free)`,
      );
    }
    const now = this.clock.now();
    const row: ExportsTable = {
      id: newId(),
      cameraId,
      requestedBy: principal.userId,
      requestedByLabel:
        principal.kind === 'token' ? `${principal.email} (token ${principal.tokenName ?? ''})`.slice(0, 320) : principal.email,
      tokenId: principal.tokenId ?? null,
      fromAt: fromMs,
      toAt: toMs,
      startAt: plan.startMs,
      endAt: plan.endMs,
      state: 'queued',
      progress: 0,
      fileName: downloadName(camera.name, plan.startMs),
      bytes: null,
      durationMs: plan.durationMs,
      gaps: plan.gaps,
      error: null,
      createdAt: now,
      startedAt: null,
      completedAt: null,
      expiresAt: null,
      updatedAt: now,
    };
    await this.db.insertInto('exports').values(row).execute();
    this.emit(row);
    this.kick();
    return view(row);
  }

  async get(id: string): Promise<ExportView> {
    return view(await this.row(id));
  }

  async list(q: { cameraId?: string; state?: ExportState; limit: number; offset: number }) {
    let query = this.db.selectFrom('exports');
    if (q.cameraId) query = query.where('cameraId', '=', q.cameraId);
    if (q.state) query = query.where('state', '=', q.state);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('createdAt', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(view), total: num(count.n), limit: q.limit, offset: q.offset };
  }

  /** A signed download URL path of a finished export, valid for the URL lifetime (never past the export's expiry). */
  async downloadPath(id: string): Promise<{ path: string; expiresAt: string; row: ExportView }> {
    const row = await this.row(id);
    if (row.state !== 'complete') throw conflict(`The export is ${row.state}; only a complete export can be downloaded`);
    const nowSec = Math.floor(this.clock.now() / 1000);
    const exp = Math.min(nowSec + this.config.liveUrlTtlSeconds, Math.floor(num(row.expiresAt ?? 0) / 1000));
    if (exp <= nowSec) throw conflict('The export has expired');
    return { path: signExportPath(row.id, row.fileName, exp, this.config.linkSecret), expiresAt: isoNN(exp * 1000), row: view(row) };
  }

  /** Cancels a queued or running export, or deletes a finished one and its file. The requester or an operator may. */
  async remove(id: string, principal: Principal): Promise<ExportView> {
    const row = await this.row(id);
    if (row.requestedBy !== principal.userId && !principal.permissions.has('cameras:write')) {
      throw forbidden('Only the user who requested an export, or an operator, can delete it');
    }
    await this.db.deleteFrom('exports').where('id', '=', id).execute();
    if (this.current?.id === id) {
      this.current.cancelled = true;
      await this.current.proc?.stop(2000);
    }
    await unlink(join(this.dir, `${id}.mp4`)).catch(() => undefined);
    return view(row);
  }

  /** Deletes the files of exports past their expiry (the rows stay, as `expired`). */
  async pruneExpired(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.db.selectFrom('exports').select(['id']).where('state', '=', 'complete').where('expiresAt', '<', now).execute();
    for (const r of rows) {
      await unlink(join(this.dir, `${r.id}.mp4`)).catch(() => undefined);
      await this.db.updateTable('exports').set({ state: 'expired', updatedAt: now }).where('id', '=', r.id).execute();
      const updated = await this.db.selectFrom('exports').selectAll().where('id', '=', r.id).executeTakeFirst();
      if (updated) this.emit(updated);
    }
    return rows.length;
  }

  private async row(id: string): Promise<ExportsTable> {
    const row = await this.db.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Export');
    return row;
  }

  private emit(r: ExportsTable): void {
    const e: ExportEvent = {
      exportId: r.id,
      cameraId: r.cameraId,
      state: r.state as ExportState,
      progress: num(r.progress) / 1000,
      error: r.error,
      at: isoNN(this.clock.now()),
    };
    this.realtime.exportProgress(e);
  }

  private kick(): void {
    if (!this.running || this.working) return;
    this.working = this.work().finally(() => {
      this.working = null;
    });
  }

  private async work(): Promise<void> {
    while (this.running) {
      const next = await this.db
        .selectFrom('exports')
        .selectAll()
        .where('state', '=', 'queued')
        .orderBy('createdAt')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!next) return;
      try {
        await this.run(next);
      } catch (e) {
        this.log.error(`export ${next.id} failed: ${(e as Error).message}`);
        await this.finish(next.id, { state: 'failed', error: (e as Error).message.slice(0, 1000) });
      }
    }
  }

  private async update(id: string, patch: Partial<ExportsTable>): Promise<ExportsTable | undefined> {
    await this.db
      .updateTable('exports')
      .set({ ...patch, updatedAt: this.clock.now() })
      .where('id', '=', id)
      .execute();
    const row = await this.db.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirst();
    if (row) this.emit(row);
    return row;
  }

  private finish(id: string, patch: Partial<ExportsTable>) {
    return this.update(id, { ...patch, completedAt: this.clock.now() });
  }

  private async run(row: ExportsTable): Promise<void> {
    const id = row.id;
    const now = this.clock.now();
    await this.update(id, { state: 'running', startedAt: now, progress: 0 });
    // Planned again: chunks may have closed (or gone) since the export was queued.
    const chunks = await this.recordings.indexedChunks(row.cameraId, num(row.fromAt), num(row.toAt));
    const plan = planExport(chunks, num(row.fromAt), num(row.toAt));
    if (plan.parts.length === 0) {
      await this.finish(id, { state: 'failed', error: 'Nothing is recorded in that range any more' });
      return;
    }
    await this.update(id, { startAt: plan.startMs, endAt: plan.endMs, durationMs: plan.durationMs, gaps: plan.gaps });
    const list = join(this.dir, `${id}.ffconcat`);
    const part = join(this.dir, `${id}.part.mp4`);
    const out = join(this.dir, `${id}.mp4`);
    await writeFile(list, concatList(plan.parts));
    const cur: { id: string; proc: ManagedProcess | null; cancelled: boolean } = { id, proc: null, cancelled: false };
    this.current = cur;
    try {
      const proc = this.media!.runner.start({ name: `export-${id}`, command: this.config.ffmpegPath, args: exportArgs(list, part) });
      cur.proc = proc;
      const parser = new ProgressParser();
      let lastSent = 0;
      proc.onStdoutLine((line) => {
        const sample = parser.push(line);
        if (!sample || sample.outTimeMs === null || plan.durationMs <= 0) return;
        const permille = Math.max(0, Math.min(999, Math.floor((sample.outTimeMs / plan.durationMs) * 1000)));
        const t = this.clock.now();
        if (t - lastSent < 500) return;
        lastSent = t;
        void this.update(id, { progress: permille }).catch(() => undefined);
      });
      const exit = await proc.exited;
      if (cur.cancelled) return;
      if (!this.running) {
        // Server stopping: back to the queue, redone at the next start.
        await this.update(id, { state: 'queued', progress: 0, startedAt: null });
        return;
      }
      if (exit.code !== 0) {
        const why = exit.stderrTail.slice(-3).join(' | ') || `ffmpeg exited with ${exit.code ?? exit.signal}`;
        await this.finish(id, { state: 'failed', error: `FFmpeg could not make the file: ${why}`.slice(0, 1000) });
        return;
      }
      await rename(part, out);
      const s = await stat(out);
      const done = this.clock.now();
      const finished = await this.finish(id, {
        state: 'complete',
        progress: 1000,
        bytes: s.size,
        expiresAt: done + this.config.exportTtlHours * 3_600_000,
      });
      // Deleted while finishing: remove the file too.
      if (!finished) await unlink(out).catch(() => undefined);
      this.log.log(`export ${id} complete: ${s.size} bytes, ${plan.durationMs / 1000} s in ${((done - now) / 1000).toFixed(1)} s`);
    } finally {
      this.current = null;
      await unlink(list).catch(() => undefined);
      await unlink(part).catch(() => undefined);
    }
  }
}
