import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../src/common/crypto';
import { createDb, type Db, num, parseDatabaseUrl } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { type Interval, JOIN_MS, mergeIntervals, RecordingSpans } from '../src/recordings/recording-spans';
import { createTestDatabase, databaseKinds, type TestDatabase } from './helpers';

const CAM = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const T0 = Date.UTC(2026, 10, 1);

describe('mergeIntervals', () => {
  it('joins intervals closer than the join distance and keeps real gaps', () => {
    assert.deepEqual(
      mergeIntervals([
        { startMs: 20_000, endMs: 30_000 },
        { startMs: 0, endMs: 10_000 },
        { startMs: 10_000 + JOIN_MS, endMs: 15_000 },
        { startMs: 5_000, endMs: 6_000 },
        { startMs: 7, endMs: 7 },
      ]),
      [
        { startMs: 0, endMs: 15_000 },
        { startMs: 20_000, endMs: 30_000 },
      ],
    );
  });
});

for (const kind of databaseKinds()) {
  describe(`recording spans on ${kind}`, () => {
    let tdb: TestDatabase;
    let db: Db;
    let spans: RecordingSpans;

    before(async () => {
      tdb = await createTestDatabase(kind);
      const target = parseDatabaseUrl(tdb.url);
      db = createDb(target);
      await migrateToLatest(db, target.dialect);
      spans = new RecordingSpans(db);
    });
    after(async () => {
      await db?.destroy();
      await tdb?.drop();
    });

    async function insert(cameraId: string, startMs: number, endMs: number, state = 'complete'): Promise<string> {
      const id = newId();
      await db
        .insertInto('recordings')
        .values({
          id,
          cameraId,
          sessionId: null,
          path: `${cameraId}/x/${id}.mp4`,
          tier: 'local',
          startAt: startMs,
          endAt: endMs,
          durationMs: endMs - startMs,
          bytes: 1,
          videoCodec: null,
          audioCodec: null,
          width: null,
          height: null,
          state,
          createdAt: startMs,
          updatedAt: startMs,
        })
        .execute();
      return id;
    }

    async function expected(cameraId: string): Promise<Interval[]> {
      const rows = await db
        .selectFrom('recordings')
        .select(['startAt', 'endAt'])
        .where('cameraId', '=', cameraId)
        .where('state', 'in', ['complete', 'recovered'])
        .execute();
      return mergeIntervals(rows.map((r) => ({ startMs: num(r.startAt), endMs: num(r.endAt!) })));
    }

    it('grows one span as consecutive chunks close, and splits it when a chunk in the middle goes missing', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const s = T0 + i * 10_000;
        ids.push(await insert(CAM, s, s + 10_000));
        await spans.add(CAM, s, s + 10_000);
      }
      assert.deepEqual(await spans.query(CAM, T0, T0 + 86_400_000), [{ startMs: T0, endMs: T0 + 60_000 }]);

      await db.updateTable('recordings').set({ state: 'missing' }).where('id', '=', ids[2]!).execute();
      await spans.remove(CAM, T0 + 20_000, T0 + 30_000);
      assert.deepEqual(await spans.query(CAM, T0, T0 + 86_400_000), [
        { startMs: T0, endMs: T0 + 20_000 },
        { startMs: T0 + 30_000, endMs: T0 + 60_000 },
      ]);
      // Retention takes the oldest chunk.
      await db.deleteFrom('recordings').where('id', '=', ids[0]!).execute();
      await spans.remove(CAM, T0, T0 + 10_000);
      assert.deepEqual(await spans.query(CAM, T0, T0 + 86_400_000), await expected(CAM));
      assert.deepEqual(await spans.query(OTHER, T0, T0 + 86_400_000), []);
    });

    it('stays equal to the merge of the playable chunks through random closes and removals, and rebuild agrees', async () => {
      let seed = 7;
      const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      const live: { id: string; s: number; e: number }[] = [];
      let t = T0 + 86_400_000;
      for (let step = 0; step < 120; step++) {
        if (live.length > 3 && rand() < 0.3) {
          const victim = live.splice(Math.floor(rand() * live.length), 1)[0]!;
          await db
            .updateTable('recordings')
            .set({ state: rand() < 0.5 ? 'missing' : 'corrupt' })
            .where('id', '=', victim.id)
            .execute();
          await spans.remove(OTHER, victim.s, victim.e);
        } else {
          // Mostly back to back, sometimes a gap, sometimes an overlap (a recovered chunk and its successor).
          const r = rand();
          const s = r < 0.6 ? t : r < 0.8 ? t + Math.floor(rand() * 30_000) : t - Math.floor(rand() * 3000);
          const e = s + 2000 + Math.floor(rand() * 10_000);
          const id = await insert(OTHER, s, e);
          await spans.add(OTHER, s, e);
          live.push({ id, s, e });
          t = Math.max(t, e);
        }
        assert.deepEqual(await spans.query(OTHER, 0, t + 1), await expected(OTHER), `after step ${step}`);
      }
      const before = await spans.query(OTHER, 0, t + 1);
      await db.deleteFrom('recordingSpans').execute();
      await spans.rebuildAll();
      assert.deepEqual(await spans.query(OTHER, 0, t + 1), before);
      assert.deepEqual(await spans.query(CAM, 0, t + 1), await expected(CAM));
    });
  });
}
