import { mkdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../common/clock';
import { newId } from '../common/crypto';
import { type Db, num } from '../db/database';
import type { RecordingsTable } from '../db/schema';
import { StorageError, type StorageDriver } from './drivers/types';

/** Points where a test may stop the process (fault injection); production passes none. */
export interface MoverHooks {
  afterCopy?: (recordingId: string) => Promise<void> | void;
  afterSwitch?: (recordingId: string) => Promise<void> | void;
}

export interface MoveResult {
  recordingId: string;
  from: string;
  to: string;
  bytes: number;
  md5: string;
}

/**
 * Moves one recorded chunk between tiers without ever losing it or indexing it twice:
 * 1. a journal row (`storage_moves`, unique per recording) says `copying`;
 * 2. the chunk is copied to the target tier and verified there (size + MD5, see the drivers);
 * 3. one transaction points the index row at the target tier and marks the journal `switched`;
 * 4. the source is deleted, then the journal row.
 * A crash before 3 leaves the chunk on the source (the index still says so) and at most an extra copy on the
 * target, which `resume` overwrites by doing the move again; a crash after 3 leaves a source copy that
 * `resume` deletes. The index row is updated in place, so there is never a second row for a chunk.
 */
export class StorageMover {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly driver: (tierId: string) => StorageDriver,
    private readonly tmpDir: string,
    private readonly hooks: MoverHooks = {},
  ) {}

  /** Finishes or redoes what a stopped or crashed run left in the journal; returns how many it handled. */
  async resume(opts: { signal?: AbortSignal; bytesPerSecond?: number } = {}): Promise<number> {
    const open = await this.db.selectFrom('storageMoves').selectAll().orderBy('createdAt').execute();
    for (const j of open) {
      if (j.state === 'switched') {
        await this.driver(j.fromTier).delete(j.path);
        await this.db.deleteFrom('storageMoves').where('id', '=', j.id).execute();
        continue;
      }
      const row = await this.db.selectFrom('recordings').selectAll().where('id', '=', j.recordingId).executeTakeFirst();
      if (!row || row.tier !== j.fromTier) {
        // The chunk is gone, or already where it was going: only the journal row is left.
        await this.db.deleteFrom('storageMoves').where('id', '=', j.id).execute();
        continue;
      }
      await this.move(row, j.toTier, j.reason, opts);
    }
    return open.length;
  }

  async move(
    row: RecordingsTable,
    toTier: string,
    reason: string,
    opts: { signal?: AbortSignal; bytesPerSecond?: number } = {},
  ): Promise<MoveResult> {
    if (row.tier === toTier) throw new StorageError('failed', `chunk ${row.path} is already on tier ${toTier}`);
    const now = this.clock.now();
    const journal = await this.db.selectFrom('storageMoves').selectAll().where('recordingId', '=', row.id).executeTakeFirst();
    if (journal && (journal.toTier !== toTier || journal.state !== 'copying')) {
      throw new StorageError('failed', `chunk ${row.path} is already being moved to tier ${journal.toTier}`);
    }
    const jid = journal?.id ?? newId();
    if (!journal) {
      await this.db
        .insertInto('storageMoves')
        .values({
          id: jid,
          recordingId: row.id,
          fromTier: row.tier,
          toTier,
          path: row.path,
          state: 'copying',
          reason,
          bytes: null,
          md5: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    }
    const src = this.driver(row.tier);
    const dst = this.driver(toTier);
    let local = src.localPath(row.path);
    let tmp: string | null = null;
    try {
      if (!local) {
        // A remote source comes down to a temporary file first (verified), then goes up.
        await mkdir(this.tmpDir, { recursive: true });
        tmp = join(this.tmpDir, `${jid}.mp4`);
        await src.getFile(row.path, tmp, opts);
        local = tmp;
      }
      const size = (await stat(local)).size;
      const verified = await dst.putFile(row.path, local, opts);
      if (verified.size !== size) throw new StorageError('integrity', `chunk ${row.path}: ${verified.size} bytes arrived of ${size}`);
      await this.hooks.afterCopy?.(row.id);
      const switched = await this.db.transaction().execute(async (tx) => {
        const r = await tx
          .updateTable('recordings')
          .set({ tier: toTier, bytes: size, updatedAt: this.clock.now() })
          .where('id', '=', row.id)
          .where('tier', '=', row.tier)
          .executeTakeFirst();
        await tx
          .updateTable('storageMoves')
          .set({ state: 'switched', bytes: size, md5: verified.md5, updatedAt: this.clock.now() })
          .where('id', '=', jid)
          .execute();
        return num(r.numUpdatedRows) === 1;
      });
      if (!switched) {
        // The row changed under us (deleted or moved by someone else): drop our copy, keep theirs.
        await dst.delete(row.path);
        await this.db.deleteFrom('storageMoves').where('id', '=', jid).execute();
        throw new StorageError('failed', `chunk ${row.path} changed during the move; left as it is`);
      }
      await this.hooks.afterSwitch?.(row.id);
      await src.delete(row.path);
      await this.db.deleteFrom('storageMoves').where('id', '=', jid).execute();
      return { recordingId: row.id, from: row.tier, to: toTier, bytes: size, md5: verified.md5 };
    } finally {
      if (tmp) await unlink(tmp).catch(() => undefined);
    }
  }
}
