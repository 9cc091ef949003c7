import { type Db, num } from '../db/database';
import { newId } from '../common/crypto';

/**
 * Covered spans per camera: the union of the closed, playable chunks (`complete`, `recovered`), with chunks
 * less than JOIN_MS apart joined — the same rule the timeline applies. A derived index that makes the timeline
 * of a month of 10 s chunks a read of a few rows instead of a quarter million. Kept up to date as chunks close
 * or disappear, and rebuilt from the recordings at start (so it can never drift for long). Chunks still being
 * written are not in it; the timeline adds them.
 *
 * Every change of one camera's spans runs under that camera's lock, so a rebuild and an update never interleave.
 */
export const JOIN_MS = 1500;
const PLAYABLE_CLOSED = ['complete', 'recovered'];
/** No chunk is longer than a day (RECORDING_CHUNK_SECONDS ≤ 86400). */
const MAX_CHUNK_MS = 86_400_000 + 60_000;

export interface Interval {
  startMs: number;
  endMs: number;
}

/** Pure: sorts and joins intervals closer than `joinMs`. */
export function mergeIntervals(list: Interval[], joinMs = JOIN_MS): Interval[] {
  const sorted = list.filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.startMs - last.endMs <= joinMs) last.endMs = Math.max(last.endMs, i.endMs);
    else out.push({ startMs: i.startMs, endMs: i.endMs });
  }
  return out;
}

export class RecordingSpans {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly db: Db) {}

  private locked<T>(cameraId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(cameraId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.locks.set(cameraId, tail);
    void tail.then(() => {
      if (this.locks.get(cameraId) === tail) this.locks.delete(cameraId);
    });
    return next;
  }

  /** Spans of a camera overlapping [from, to), in order (not clipped). */
  async query(cameraId: string, from: number, to: number): Promise<Interval[]> {
    const rows = await this.db
      .selectFrom('recordingSpans')
      .select(['startAt', 'endAt'])
      .where('cameraId', '=', cameraId)
      .where('startAt', '<', to)
      .where('endAt', '>', from)
      .orderBy('startAt')
      .execute();
    return rows.map((r) => ({ startMs: num(r.startAt), endMs: num(r.endAt) }));
  }

  /** A chunk [startMs, endMs) became playable and closed. */
  add(cameraId: string, startMs: number, endMs: number): Promise<void> {
    if (!(endMs > startMs)) return Promise.resolve();
    return this.locked(cameraId, () => this.replace(cameraId, startMs - JOIN_MS, endMs + JOIN_MS, [{ startMs, endMs }]));
  }

  /** A chunk [startMs, endMs) is no longer playable (missing, corrupt, deleted or moved out of reach). */
  remove(cameraId: string, startMs: number, endMs: number): Promise<void> {
    return this.locked(cameraId, async () => {
      const touched = await this.query(cameraId, startMs, endMs);
      if (touched.length === 0) return;
      const lo = touched[0]!.startMs;
      const hi = touched.at(-1)!.endMs;
      const keep: Interval[] = [];
      // What stays of the spans on either side: up to the end of the last chunk before, from the first chunk after.
      if (lo < startMs) {
        const before = await this.playable(cameraId).where('startAt', '<', startMs).orderBy('startAt', 'desc').limit(1).executeTakeFirst();
        if (before && num(before.startAt) >= lo) keep.push({ startMs: lo, endMs: Math.min(startMs, num(before.endAt!)) });
      }
      if (hi > endMs) {
        const after = await this.playable(cameraId).where('startAt', '>=', endMs).orderBy('startAt').limit(1).executeTakeFirst();
        if (after && num(after.startAt) < hi) keep.push({ startMs: num(after.startAt), endMs: hi });
      }
      // Chunks that still cover part of the range (overlapping chunks, or the range was wider than one chunk).
      const inside = await this.playable(cameraId)
        .where('startAt', '>', startMs - MAX_CHUNK_MS)
        .where('startAt', '<', endMs)
        .where('endAt', '>', startMs)
        .execute();
      for (const r of inside) keep.push({ startMs: num(r.startAt), endMs: num(r.endAt!) });
      await this.replace(cameraId, lo, hi, keep, true);
    });
  }

  /** Recomputes one camera's spans from its chunks (streamed in order, so a month of chunks stays small in memory). */
  rebuild(cameraId: string): Promise<number> {
    return this.locked(cameraId, async () => {
      const spans: Interval[] = [];
      let cursor = -1;
      const PAGE = 20_000;
      for (;;) {
        const rows = await this.playable(cameraId).where('startAt', '>', cursor).orderBy('startAt').limit(PAGE).execute();
        for (const r of rows) {
          const s = num(r.startAt);
          const e = num(r.endAt!);
          const last = spans.at(-1);
          if (last && s - last.endMs <= JOIN_MS) last.endMs = Math.max(last.endMs, e);
          else if (e > s) spans.push({ startMs: s, endMs: e });
        }
        if (rows.length < PAGE) break;
        const lastStart = num(rows.at(-1)!.startAt);
        // Rows with the same start as the page's last one were all in this page unless the page ended inside them.
        const tie = await this.playable(cameraId).where('startAt', '=', lastStart).execute();
        for (const r of tie) {
          const last = spans.at(-1)!;
          last.endMs = Math.max(last.endMs, num(r.endAt!));
        }
        cursor = lastStart;
      }
      await this.db.transaction().execute(async (tx) => {
        await tx.deleteFrom('recordingSpans').where('cameraId', '=', cameraId).execute();
        for (let i = 0; i < spans.length; i += 500) {
          await tx
            .insertInto('recordingSpans')
            .values(spans.slice(i, i + 500).map((s) => ({ id: newId(), cameraId, startAt: s.startMs, endAt: s.endMs })))
            .execute();
        }
      });
      return spans.length;
    });
  }

  /** Rebuilds every camera that has chunks (or spans). */
  async rebuildAll(): Promise<void> {
    const cams = await this.db.selectFrom('recordings').select('cameraId').distinct().execute();
    const withSpans = await this.db.selectFrom('recordingSpans').select('cameraId').distinct().execute();
    const ids = new Set([...cams, ...withSpans].map((c) => c.cameraId));
    for (const id of ids) await this.rebuild(id);
  }

  private playable(cameraId: string) {
    return this.db
      .selectFrom('recordings')
      .select(['startAt', 'endAt'])
      .where('cameraId', '=', cameraId)
      .where('state', 'in', PLAYABLE_CLOSED)
      .where('endAt', 'is not', null);
  }

  /**
   * Replaces the spans touching [lo, hi] with the merge of them and `extra` (or with `extra` alone when
   * `exact`), in one transaction.
   */
  private async replace(cameraId: string, lo: number, hi: number, extra: Interval[], exact = false): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const found = await tx
        .selectFrom('recordingSpans')
        .select(['id', 'startAt', 'endAt'])
        .where('cameraId', '=', cameraId)
        .where('startAt', '<=', hi)
        .where('endAt', '>=', lo)
        .execute();
      const merged = mergeIntervals([...(exact ? [] : found.map((f) => ({ startMs: num(f.startAt), endMs: num(f.endAt) }))), ...extra]);
      if (found.length) {
        await tx
          .deleteFrom('recordingSpans')
          .where(
            'id',
            'in',
            found.map((f) => f.id),
          )
          .execute();
      }
      if (merged.length) {
        await tx
          .insertInto('recordingSpans')
          .values(merged.map((s) => ({ id: newId(), cameraId, startAt: s.startMs, endAt: s.endMs })))
          .execute();
      }
    });
  }
}
