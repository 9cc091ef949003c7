import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../src/common/clock';
import type { AppConfig } from '../src/config/config';
import { createDb, type Db, num, parseDatabaseUrl } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { RecordingsService } from '../src/recordings/recordings.service';
import { makeTestChunk } from './helpers';

const CAM = '33333333-3333-4333-8333-333333333333';

describe('reconciling the recording index with the disk', () => {
  let work: string;
  let db: Db;
  let rec: RecordingsService;
  let chunk: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'argus-reconcile-'));
    const target = parseDatabaseUrl(`sqlite:${join(work, 'argus.db')}`);
    db = createDb(target);
    await migrateToLatest(db, target.dialect);
    const clock: Clock = { now: () => Date.now() };
    rec = new RecordingsService(db, clock, { dataDir: work, linkSecret: 'x'.repeat(32) } as AppConfig);
    // A real 4 s chunk written with the recorder's own arguments.
    chunk = await makeTestChunk(work);
  });
  after(async () => {
    await db?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  /** Puts a copy of the chunk at recordings/<cam>/<day>/<name>, older than the reconcile window. */
  function place(day: string, name: string): string {
    const dir = join(rec.recordingsDir, CAM, day);
    mkdirSync(dir, { recursive: true });
    const p = join(dir, name);
    copyFileSync(chunk, p);
    const old = new Date(Date.now() - 60_000);
    utimesSync(p, old, old);
    return p;
  }

  it('adopts a file with no row, marks a row whose file is gone missing, and takes it back when the file returns', async () => {
    await db
      .insertInto('cameras')
      .values({ id: CAM, name: 'R' } as never)
      .execute()
      .catch(() => undefined);
    const start = Date.UTC(2026, 10, 20, 10, 0, 0);
    const orphan = place('2026-11-20', '20261120T100000Z.mp4');

    let r = await rec.reconcileDisk();
    assert.deepEqual(r, { missing: 0, adopted: 1, returned: 0 });
    const row = (await db.selectFrom('recordings').selectAll().execute())[0]!;
    assert.equal(row.state, 'recovered');
    assert.equal(num(row.startAt), start, 'start from the file name');
    assert.ok(Math.abs(num(row.durationMs!) - 4000) <= 40, `duration ${row.durationMs}`);
    assert.deepEqual(await rec.spans.query(CAM, 0, Date.now()), [{ startMs: start, endMs: num(row.endAt!) }]);

    // Nothing changes on a second run.
    assert.deepEqual(await rec.reconcileDisk(), { missing: 0, adopted: 0, returned: 0 });

    // The disk goes away: the row stays, marked missing, and leaves the timeline.
    const aside = `${orphan}.aside`;
    renameSync(orphan, aside);
    r = await rec.reconcileDisk();
    assert.deepEqual(r, { missing: 1, adopted: 0, returned: 0 });
    assert.equal((await rec.rowById(row.id))!.state, 'missing');
    assert.deepEqual(await rec.spans.query(CAM, 0, Date.now()), []);
    assert.equal((await db.selectFrom('recordings').select('id').execute()).length, 1, 'no row deleted');

    // It comes back.
    renameSync(aside, orphan);
    r = await rec.reconcileDisk();
    assert.deepEqual(r, { missing: 0, adopted: 0, returned: 1 });
    assert.equal((await rec.rowById(row.id))!.state, 'recovered');
    assert.equal((await rec.spans.query(CAM, 0, Date.now())).length, 1);
  });
});
