import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { CLOCK, type Clock, iso, isoNN } from '../common/clock';
import { newId, randomToken } from '../common/crypto';
import { badRequest, notFound } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DB, type Db, num } from '../db/database';
import type { RecordingsTable } from '../db/schema';
import { signPlaybackPath } from '../media/nginx-config';
import { type FragmentIndex, indexFragments } from './fmp4';
import { RecordingSpans } from './recording-spans';
import { buildTimeline } from './timeline';
import { buildVodPlaylist, type ChunkInput } from './vod-playlist';

export const RECORDING_STATES = ['writing', 'complete', 'recovered', 'corrupt', 'missing'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];
/** No chunk is longer than RECORDING_CHUNK_SECONDS ≤ 86400 s (plus slack). */
const MAX_CHUNK_MS = 86_400_000 + 60_000;
/** States whose bytes can be played. */
const PLAYABLE: RecordingState[] = ['writing', 'complete', 'recovered'];

/** Chunk files are named by their UTC start: 20261125T013000Z.mp4 (a suffix may follow on collisions). */
export function startFromFileName(file: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(basename(file));
  if (!m) return null;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(t) ? null : t;
}

/** Maps with at most `limit` calls in flight, keeping order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface RecordingView {
  id: string;
  cameraId: string;
  sessionId: string | null;
  startAt: string;
  endAt: string | null;
  durationMs: number | null;
  bytes: number;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  state: RecordingState;
  tier: string;
}

function view(r: RecordingsTable): RecordingView {
  return {
    id: r.id,
    cameraId: r.cameraId,
    sessionId: r.sessionId,
    startAt: isoNN(r.startAt),
    endAt: iso(r.endAt),
    durationMs: r.durationMs === null ? null : num(r.durationMs),
    bytes: num(r.bytes),
    videoCodec: r.videoCodec,
    audioCodec: r.audioCodec,
    width: r.width === null ? null : num(r.width),
    height: r.height === null ? null : num(r.height),
    state: r.state as RecordingState,
    tier: r.tier,
  };
}

function splitCodecs(codecs: string | null): { video: string | null; audio: string | null } {
  const parts = (codecs ?? '').split(',').filter(Boolean);
  return {
    video: parts.find((c) => c.startsWith('avc') || c.startsWith('hvc') || c.startsWith('hev')) ?? null,
    audio: parts.find((c) => c.startsWith('mp4a')) ?? null,
  };
}

/** The hot tier: DATA_DIR/recordings, where recorders write. */
export const HOT_TIER = 'local';

/** How chunks on other storage tiers are reached (set by the storage service). */
export interface TierAccess {
  /** URI of a chunk in a playback playlist (relative `t/<tier>/<day>/<file>` for nginx-served tiers, a pre-signed URL for remote ones). */
  playlistUri(row: RecordingsTable, ttlSeconds: number): Promise<string | null>;
  /** What FFmpeg can read: a local path or a pre-signed URL; null when the tier is unknown or unreachable. */
  readablePath(row: RecordingsTable, ttlSeconds: number): Promise<string | null>;
}

/** A playable chunk with its fragment index. */
export interface IndexedChunk {
  row: RecordingsTable;
  /** What FFmpeg can read: the absolute path of the file, or a pre-signed URL for a remote tier. */
  path: string;
  startMs: number;
  index: FragmentIndex;
}

export interface RecordingSearch {
  cameraIds?: string[];
  from?: number;
  to?: number;
  minDurationMs?: number;
  maxDurationMs?: number;
  state?: RecordingState;
  sort: 'startAt' | '-startAt' | 'durationMs' | '-durationMs' | 'bytes' | '-bytes';
  limit: number;
  offset: number;
}

/**
 * The recording index: one row per chunk, opened as `writing`, completed with content times
 * when the chunk closes (its fragment index kept beside it as <chunk>.idx.json), reconciled
 * with the disk at start. It never deletes a file.
 */
@Injectable()
export class RecordingsService {
  private readonly log = new Logger('Recordings');
  readonly recordingsDir: string;
  readonly playbackDir: string;
  private readonly indexCache = new Map<string, { mtimeMs: number; size: number; index: FragmentIndex }>();
  /** Covered spans per camera, derived from the index (fast timelines over long ranges). */
  readonly spans: RecordingSpans;
  private tierAccess: TierAccess | null = null;

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.recordingsDir = join(config.dataDir, 'recordings');
    this.playbackDir = join(config.dataDir, 'playback');
    this.spans = new RecordingSpans(db);
  }

  setTierAccess(access: TierAccess): void {
    this.tierAccess = access;
  }

  rel(abs: string): string {
    return relative(this.recordingsDir, abs).split(sep).join('/');
  }
  abs(rel: string): string {
    return join(this.recordingsDir, ...rel.split('/'));
  }

  async chunkOpened(cameraId: string, sessionId: string | null, absPath: string, startMs: number): Promise<string> {
    const now = this.clock.now();
    const id = newId();
    await this.db
      .insertInto('recordings')
      .values({
        id,
        cameraId,
        sessionId,
        path: this.rel(absPath),
        tier: 'local',
        startAt: startMs,
        endAt: null,
        durationMs: null,
        bytes: 0,
        videoCodec: null,
        audioCodec: null,
        width: null,
        height: null,
        state: 'writing',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    return id;
  }

  rowById(id: string) {
    return this.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A chunk closed normally: its content times come from the recorder's timeline. */
  async chunkClosed(
    cameraId: string,
    sessionId: string | null,
    absPath: string,
    startMs: number,
    endMs: number,
    knownId?: string,
  ): Promise<void> {
    // The recorder passes the id it got when the chunk opened; only a chunk whose opening was missed is looked up.
    const found = knownId
      ? undefined
      : await this.db
          .selectFrom('recordings')
          .select('id')
          .where('cameraId', '=', cameraId)
          .where('path', '=', this.rel(absPath))
          .executeTakeFirst();
    const id = knownId ?? found?.id ?? (await this.chunkOpened(cameraId, sessionId, absPath, startMs));
    const info = await this.describe(absPath);
    await this.db
      .updateTable('recordings')
      .set({
        startAt: startMs,
        endAt: endMs,
        durationMs: endMs - startMs,
        bytes: info.bytes,
        videoCodec: info.video,
        audioCodec: info.audio,
        width: info.width,
        height: info.height,
        state: info.fragments > 0 ? 'complete' : 'corrupt',
        updatedAt: this.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    if (info.fragments > 0) await this.spans.add(cameraId, startMs, endMs);
  }

  /** A chunk left open by a crash (of the recorder or the server): keep what its complete fragments hold. */
  async recover(row: RecordingsTable): Promise<RecordingState> {
    const abs = this.abs(row.path);
    const exists = await stat(abs).then(
      () => true,
      () => false,
    );
    let state: RecordingState = 'missing';
    const patch: Partial<RecordingsTable> = {};
    if (exists) {
      const info = await this.describe(abs).catch(() => null);
      if (info && info.fragments > 0) {
        state = 'recovered';
        Object.assign(patch, {
          durationMs: Math.round(info.durationSec * 1000),
          endAt: num(row.startAt) + Math.round(info.durationSec * 1000),
          bytes: info.bytes,
          videoCodec: info.video,
          audioCodec: info.audio,
          width: info.width,
          height: info.height,
        });
      } else {
        state = 'corrupt';
      }
    }
    await this.db
      .updateTable('recordings')
      .set({ ...patch, state, updatedAt: this.clock.now() })
      .where('id', '=', row.id)
      .execute();
    const wasCovered = (row.state === 'complete' || row.state === 'recovered') && row.endAt !== null;
    if (wasCovered) await this.spans.remove(row.cameraId, num(row.startAt), num(row.endAt!));
    if (state === 'recovered') await this.spans.add(row.cameraId, num(row.startAt), patch.endAt!);
    if (state !== 'recovered') this.log.warn(`chunk ${row.path} is ${state}`);
    return state;
  }

  /** Chunks a crash left open (`writing`): recovered before recording starts again. Fast: only open rows. */
  async recoverInterrupted(): Promise<number> {
    const open = await this.db.selectFrom('recordings').selectAll().where('state', '=', 'writing').execute();
    for (const row of open) await this.recover(row);
    return open.length;
  }

  /**
   * Reconciles the index with the disk: rows whose file is gone become `missing`, files with no
   * row are adopted. It stats every chunk, so it runs in the background after start. Deletes nothing.
   */
  async reconcileDisk(): Promise<{ missing: number; adopted: number; returned: number }> {
    const out = { missing: 0, adopted: 0, returned: 0 };
    const startedAt = this.clock.now();
    const exists = (rel: string) =>
      stat(this.abs(rel)).then(
        () => true,
        () => false,
      );
    // Rows whose file is gone (or came back), in pages: a month of 10 s chunks is millions of rows.
    const touched = new Map<string, { startMs: number; endMs: number }[]>();
    let after = '';
    for (;;) {
      // Keyset pages over the primary key (each page is an index range, never a scan and sort of the whole
      // table); the tier and state are filtered here. The event loop gets a turn between pages.
      const all = await this.db
        .selectFrom('recordings')
        .select(['id', 'cameraId', 'path', 'state', 'startAt', 'endAt', 'tier'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(2000)
        .execute();
      if (all.length === 0) break;
      after = all.at(-1)!.id;
      await new Promise((r) => setImmediate(r));
      const page = all.filter((r) => r.tier === HOT_TIER && (r.state === 'complete' || r.state === 'recovered' || r.state === 'missing'));
      const found = await Promise.all(page.map((r) => exists(r.path)));
      const gone = page.filter((r, i) => !found[i] && r.state !== 'missing');
      const back = page.filter((r, i) => found[i] && r.state === 'missing');
      if (gone.length) {
        await this.db
          .updateTable('recordings')
          .set({ state: 'missing', updatedAt: this.clock.now() })
          .where(
            'id',
            'in',
            gone.map((r) => r.id),
          )
          .execute();
        for (const r of gone) {
          if (r.endAt === null) continue;
          const list = touched.get(r.cameraId) ?? [];
          list.push({ startMs: num(r.startAt), endMs: num(r.endAt) });
          touched.set(r.cameraId, list);
        }
        out.missing += gone.length;
      }
      // A file that was missing is there again (a remounted disk): index it again.
      for (const r of back) {
        const row = await this.rowById(r.id);
        if (row && (await this.recover(row)) === 'recovered') out.returned += 1;
      }
    }
    for (const [cameraId, list] of touched) {
      if (list.length > 50) await this.spans.rebuild(cameraId);
      else for (const g of list) await this.spans.remove(cameraId, g.startMs, g.endMs);
    }
    // Files with no row, one day folder at a time (rows of a folder's chunks start within a day of its date).
    for (const { cameraId, day, files } of await this.walkDays()) {
      const dayStart = Date.parse(`${day}T00:00:00Z`);
      if (Number.isNaN(dayStart)) continue;
      const rows = await this.db
        .selectFrom('recordings')
        .select('path')
        .where('cameraId', '=', cameraId)
        .where('startAt', '>=', dayStart - 86_400_000)
        .where('startAt', '<', dayStart + 2 * 86_400_000)
        .execute();
      const known = new Set(rows.map((r) => r.path));
      for (const file of files) {
        const rel = this.rel(file);
        if (known.has(rel)) continue;
        const again = await this.db.selectFrom('recordings').select('id').where('path', '=', rel).executeTakeFirst();
        if (again) continue;
        // Chunks the recorders open meanwhile are indexed by them, not adopted.
        const st = await stat(file).catch(() => null);
        if (!st || st.mtimeMs >= startedAt - 2000) continue;
        const startMs = startFromFileName(file) ?? st.mtimeMs;
        const id = await this.chunkOpened(cameraId, null, file, startMs);
        const row = await this.rowById(id);
        if (row && (await this.recover(row)) === 'recovered') out.adopted += 1;
      }
    }
    if (out.missing + out.adopted + out.returned > 0) this.log.warn(`reconciled recordings with the disk: ${JSON.stringify(out)}`);
    return out;
  }

  private async walkDays(): Promise<{ cameraId: string; day: string; files: string[] }[]> {
    const out: { cameraId: string; day: string; files: string[] }[] = [];
    const cams = await readdir(this.recordingsDir).catch(() => [] as string[]);
    for (const cam of cams) {
      const days = await readdir(join(this.recordingsDir, cam)).catch(() => [] as string[]);
      for (const day of days) {
        const files = (await readdir(join(this.recordingsDir, cam, day)).catch(() => [] as string[]))
          .filter((f) => f.endsWith('.mp4'))
          .map((f) => join(this.recordingsDir, cam, day, f));
        if (files.length) out.push({ cameraId: cam, day, files });
      }
    }
    return out;
  }

  /** Index a chunk's fragments, keeping the index beside it for playback. */
  private async describe(abs: string) {
    const index = await this.index(abs, true);
    const s = await stat(abs);
    const c = splitCodecs(index.codecs);
    return {
      bytes: s.size,
      fragments: index.fragments.length,
      durationSec: index.durationSec,
      video: c.video,
      audio: c.audio,
      width: index.width,
      height: index.height,
    };
  }

  /** The saved fragment index of a closed chunk of `bytes` bytes, or null (then `index` stats and, if needed, re-indexes). */
  private async closedIndex(abs: string, bytes: number): Promise<FragmentIndex | null> {
    const cached = this.indexCache.get(abs);
    if (cached && cached.size === bytes) return cached.index;
    try {
      const saved = JSON.parse(await readFile(`${abs}.idx.json`, 'utf8')) as { size: number; index: FragmentIndex };
      if (saved.size !== bytes) return null;
      if (this.indexCache.size > 2000) this.indexCache.clear();
      this.indexCache.set(abs, { mtimeMs: 0, size: bytes, index: saved.index });
      return saved.index;
    } catch {
      return null;
    }
  }

  private async index(abs: string, persist: boolean): Promise<FragmentIndex> {
    const s = await stat(abs);
    const cached = this.indexCache.get(abs);
    if (cached && cached.mtimeMs === s.mtimeMs && cached.size === s.size) return cached.index;
    const sidecar = `${abs}.idx.json`;
    let index: FragmentIndex | null = null;
    try {
      const saved = JSON.parse(await readFile(sidecar, 'utf8')) as { size: number; index: FragmentIndex };
      if (saved.size === s.size) index = saved.index;
    } catch {
      /* none yet */
    }
    if (!index) {
      index = await indexFragments(abs);
      if (persist) {
        const tmp = `${sidecar}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify({ size: s.size, index }));
        await rename(tmp, sidecar);
      }
    }
    if (this.indexCache.size > 2000) this.indexCache.clear();
    this.indexCache.set(abs, { mtimeMs: s.mtimeMs, size: s.size, index });
    return index;
  }

  private overlapping(cameraId: string, from: number, to: number) {
    const now = this.clock.now();
    return (
      this.db
        .selectFrom('recordings')
        .selectAll()
        .where('cameraId', '=', cameraId)
        .where('state', 'in', PLAYABLE)
        // No chunk is longer than a day: the index range starts there, not at the camera's first chunk.
        .where('startAt', '>', from - MAX_CHUNK_MS)
        .where('startAt', '<', to)
        .where((eb) => eb.or([eb('endAt', '>', from), eb.and([eb('endAt', 'is', null), eb.lit(now > from)])]))
        .orderBy('startAt')
        .execute()
    );
  }

  /** Playable chunks overlapping [from, to) with their fragment index, in start order (chunks that cannot be indexed are skipped). */
  async indexedChunks(cameraId: string, from: number, to: number, ttlSeconds = 3600): Promise<IndexedChunk[]> {
    const rows = await this.overlapping(cameraId, from, to);
    // Fragment indexes are read in parallel (stat + small JSON each): an hour of 10 s chunks is 360 of them.
    const found = await mapLimit(rows, 16, async (r) => {
      try {
        if (r.tier === HOT_TIER) {
          // A closed chunk's sidecar is trusted when it describes a file of the size the index recorded: one read, no stat.
          const closed = r.state !== 'writing' && num(r.bytes) > 0 ? await this.closedIndex(this.abs(r.path), num(r.bytes)) : null;
          return { index: closed ?? (await this.index(this.abs(r.path), r.state !== 'writing')), path: this.abs(r.path) };
        }
        // Elsewhere: the index kept beside where the chunk was recorded, and the tier's own way to reach the file.
        const path = await this.tierAccess?.readablePath(r, ttlSeconds);
        if (!path) return null;
        return { index: await this.movedIndex(r, path), path };
      } catch (e) {
        this.log.warn(`cannot index ${r.path} (tier ${r.tier}): ${(e as Error).message}`);
        return null;
      }
    });
    const out: IndexedChunk[] = [];
    rows.forEach((r, i) => {
      const f = found[i];
      if (f && f.index.fragments.length > 0) out.push({ row: r, path: f.path, startMs: num(r.startAt), index: f.index });
    });
    return out;
  }

  /** Fragment index of a chunk on another tier: its sidecar (kept on the hot tier), else indexed from a local copy. */
  private async movedIndex(row: RecordingsTable, readable: string): Promise<FragmentIndex> {
    const sidecar = `${this.abs(row.path)}.idx.json`;
    const cached = this.indexCache.get(sidecar);
    if (cached && cached.size === num(row.bytes)) return cached.index;
    let index: FragmentIndex | null = null;
    try {
      const saved = JSON.parse(await readFile(sidecar, 'utf8')) as { size: number; index: FragmentIndex };
      if (saved.size === num(row.bytes)) index = saved.index;
    } catch {
      /* none */
    }
    if (!index) {
      if (!readable.startsWith('/')) throw new Error('no fragment index kept for a remote chunk');
      index = await indexFragments(readable);
      await mkdir(join(this.abs(row.path), '..'), { recursive: true });
      await writeFile(sidecar, JSON.stringify({ size: num(row.bytes), index }));
    }
    if (this.indexCache.size > 2000) this.indexCache.clear();
    this.indexCache.set(sidecar, { mtimeMs: 0, size: num(row.bytes), index });
    return index;
  }

  /** Makes sure a chunk's fragment index is kept beside where it was recorded (before it moves to another tier). */
  async ensureSidecar(row: RecordingsTable): Promise<void> {
    if (row.tier === HOT_TIER) await this.index(this.abs(row.path), true);
  }

  async timeline(cameraId: string, from: number, to: number) {
    await this.assertCamera(cameraId);
    if (to <= from) throw badRequest('"to" must be after "from"', [{ path: 'to', message: 'must be after from' }]);
    const now = this.clock.now();
    // Closed chunks come from the span index; chunks being written extend to now.
    const [spans, writing] = await Promise.all([
      this.spans.query(cameraId, from, to),
      // Chunks being written: one per recording camera, found through the state index.
      this.db.selectFrom('recordings').select(['cameraId', 'startAt', 'endAt']).where('state', '=', 'writing').execute(),
    ]);
    const t = buildTimeline(
      [
        ...spans,
        ...writing
          .filter((r) => r.cameraId === cameraId && num(r.startAt) < to)
          .map((r) => ({ startMs: num(r.startAt), endMs: r.endAt === null ? now : num(r.endAt) })),
      ],
      from,
      to,
    );
    const span = (s: { startMs: number; endMs: number }) => ({ from: isoNN(s.startMs), to: isoNN(s.endMs) });
    return { from: isoNN(from), to: isoNN(to), recordedMs: t.recordedMs, ranges: t.ranges.map(span), gaps: t.gaps.map(span) };
  }

  async search(q: RecordingSearch) {
    let query = this.db.selectFrom('recordings');
    if (q.cameraIds?.length) query = query.where('cameraId', 'in', q.cameraIds);
    if (q.from !== undefined) query = query.where((eb) => eb.or([eb('endAt', '>', q.from!), eb('endAt', 'is', null)]));
    if (q.to !== undefined) query = query.where('startAt', '<', q.to);
    if (q.minDurationMs !== undefined) query = query.where('durationMs', '>=', q.minDurationMs);
    if (q.maxDurationMs !== undefined) query = query.where('durationMs', '<=', q.maxDurationMs);
    if (q.state) query = query.where('state', '=', q.state);
    const desc = q.sort.startsWith('-');
    const col = q.sort.replace('-', '') as 'startAt' | 'durationMs' | 'bytes';
    const [rows, count] = await Promise.all([
      query
        .selectAll()
        .orderBy(col, desc ? 'desc' : 'asc')
        .orderBy('id')
        .limit(q.limit)
        .offset(q.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(view), total: num(count.n), limit: q.limit, offset: q.offset };
  }

  /** Builds a VOD playlist for [from, to) from the index and returns its signed, expiring URL path. */
  async playback(cameraId: string, from: number, to: number, ttlSeconds: number) {
    await this.assertCamera(cameraId);
    if (to <= from) throw badRequest('"to" must be after "from"', [{ path: 'to', message: 'must be after from' }]);
    if (to - from > 7 * 86_400_000)
      throw badRequest('A playback range is at most 7 days', [{ path: 'to', message: 'at most 7 days after from' }]);
    // Pre-signed URLs of remote tiers outlive the playlist URL a little.
    const indexed = await this.indexedChunks(cameraId, from, to, ttlSeconds + 300);
    const chunks: ChunkInput[] = [];
    for (const { row: r, startMs, index } of indexed) {
      const [day, file] = r.path.split('/').slice(1);
      const uri = r.tier === HOT_TIER ? `r/${day}/${file}` : await this.tierAccess?.playlistUri(r, ttlSeconds + 300);
      if (!uri) continue;
      chunks.push({ id: r.id, uri, startMs, index, initKey: `${index.codecs}|${index.width}x${index.height}` });
    }
    const vod = buildVodPlaylist(chunks, from, to);
    if (vod.durationSec === 0) throw notFound('Recording in that range');
    const playlistId = randomToken(12);
    const dir = join(this.playbackDir, cameraId);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${playlistId}.m3u8`), vod.playlist);
    const exp = Math.floor(this.clock.now() / 1000) + ttlSeconds;
    return {
      path: `${signPlaybackPath(cameraId, playlistId, exp, this.config.linkSecret)}index.m3u8`,
      expiresAt: isoNN(exp * 1000),
      startAt: isoNN(vod.startMs),
      endAt: isoNN(vod.endMs),
      durationSec: vod.durationSec,
      gaps: vod.gaps.map((g) => ({ from: isoNN(g.fromMs), to: isoNN(g.toMs) })),
    };
  }

  /** Deletes expired playback playlists (small text files Argus wrote; never recordings). */
  async prunePlaylists(maxAgeMs: number): Promise<void> {
    const cams = await readdir(this.playbackDir).catch(() => [] as string[]);
    const cutoff = this.clock.now() - maxAgeMs;
    for (const cam of cams) {
      for (const f of await readdir(join(this.playbackDir, cam)).catch(() => [] as string[])) {
        const p = join(this.playbackDir, cam, f);
        const s = await stat(p).catch(() => null);
        if (s && s.mtimeMs < cutoff) await unlink(p).catch(() => undefined);
      }
    }
  }

  async assertCamera(id: string) {
    const cam = await this.db.selectFrom('cameras').select('id').where('id', '=', id).executeTakeFirst();
    if (!cam) throw notFound('Camera');
  }
}
