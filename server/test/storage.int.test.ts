import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newId } from '../src/common/crypto';
import { num } from '../src/db/database';
import { HOT_TIER, RecordingsService } from '../src/recordings/recordings.service';
import { StorageService } from '../src/storage/storage.service';
import {
  adminClient,
  type Client,
  createTestDatabase,
  databaseKinds,
  makeTestChunk,
  startServer,
  type TestDatabase,
  type TestServer,
} from './helpers';
import { S3RVER_KEY, startS3rver } from './s3rver';

const DAY = 86_400_000;

for (const kind of databaseKinds()) {
  describe(`storage tiers, policies, holds and the mover on ${kind}`, () => {
    let tdb: TestDatabase;
    let srv: TestServer;
    let api: Client;
    let storage: StorageService;
    let work: string;
    let chunk: string;
    let s3: Awaited<ReturnType<typeof startS3rver>>;
    let cameraId: string;
    let warmId: string;
    let coldId: string;
    const warmDir = () => join(work, 'warm');

    before(async () => {
      work = mkdtempSync(join(tmpdir(), 'argus-storage-'));
      mkdirSync(warmDir());
      chunk = await makeTestChunk(work);
      s3 = await startS3rver(join(work, 's3'), 'argus-cold');
      tdb = await createTestDatabase(kind);
      srv = await startServer(tdb.url);
      api = await adminClient(srv.base);
      storage = srv.argus.app.get(StorageService);
      await storage.start({ timers: false });
      cameraId = (await api.post('/api/cameras', { name: 'Storage cam', sourceType: 'push' })).body.camera.id;
    });
    after(async () => {
      await srv?.close();
      await tdb?.drop();
      await s3?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    /** A recorded chunk (a copy of a real 4 s fMP4) on the hot tier that ended `daysAgo` days ago. */
    async function seed(daysAgo: number): Promise<{ id: string; path: string; startMs: number; endMs: number }> {
      const endMs = Date.now() - daysAgo * DAY;
      const startMs = endMs - 4000;
      const day = new Date(startMs).toISOString().slice(0, 10);
      const id = newId();
      const path = `${cameraId}/${day}/${new Date(startMs)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z')}-${id.slice(0, 6)}.mp4`;
      const abs = join(srv.dataDir, 'recordings', ...path.split('/'));
      mkdirSync(join(abs, '..'), { recursive: true });
      copyFileSync(chunk, abs);
      const now = Date.now();
      await srv.argus.db
        .insertInto('recordings')
        .values({
          id,
          cameraId,
          sessionId: null,
          path,
          tier: HOT_TIER,
          startAt: startMs,
          endAt: endMs,
          durationMs: 4000,
          bytes: statSync(abs).size,
          videoCodec: 'avc1.42c00d',
          audioCodec: 'mp4a.40.2',
          width: 320,
          height: 240,
          state: 'complete',
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await srv.argus.app.get(RecordingsService).spans.add(cameraId, startMs, endMs);
      return { id, path, startMs, endMs };
    }
    const row = (id: string) => srv.argus.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    const hotFile = (path: string) => join(srv.dataDir, 'recordings', ...path.split('/'));

    it('adds tiers only when they can be used, and never returns or stores the S3 secret in the clear', async () => {
      const missing = await api.post('/api/storage/tiers', { name: 'nas', kind: 'local', rank: 1, local: { path: join(work, 'nope') } });
      assert.equal(missing.status, 400);
      assert.match(missing.body.message, /does not exist/);
      const inside = await api.post('/api/storage/tiers', { name: 'nas', kind: 'local', rank: 1, local: { path: srv.dataDir } });
      assert.equal(inside.status, 400);
      assert.equal(
        (await api.post('/api/storage/tiers', { name: 'hot2', kind: 'local', rank: 0, local: { path: warmDir() } })).status,
        400,
      );

      const warm = await api.post('/api/storage/tiers', {
        name: 'nas',
        kind: 'local',
        rank: 1,
        local: { path: warmDir() },
        floorPercent: 1,
      });
      assert.equal(warm.status, 201, JSON.stringify(warm.body));
      warmId = warm.body.id;
      assert.equal((await api.post('/api/storage/tiers', { name: 'nas', kind: 'local', rank: 1, local: { path: warmDir() } })).status, 409);

      const s3Body = {
        name: 'cloud',
        kind: 's3',
        rank: 2,
        s3: { endpoint: s3.endpoint, region: 'us-east-1', bucket: 'argus-cold', accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
      };
      const wrongBucket = await api.post('/api/storage/tiers', { ...s3Body, s3: { ...s3Body.s3, bucket: 'no-such-bucket' } });
      assert.equal(wrongBucket.status, 400);
      assert.match(wrongBucket.body.message, /cannot be used/);
      assert.ok(!JSON.stringify(wrongBucket.body).includes(S3RVER_KEY.toLowerCase() + 'x'));
      const cold = await api.post('/api/storage/tiers', s3Body);
      assert.equal(cold.status, 201, JSON.stringify(cold.body));
      coldId = cold.body.id;
      assert.equal(cold.body.s3.hasSecret, true);
      assert.ok(!('secretAccessKey' in cold.body.s3));
      const stored = await srv.argus.db.selectFrom('storageTiers').select('secret').where('id', '=', coldId).executeTakeFirstOrThrow();
      assert.match(stored.secret!, /^v1\./);
      assert.ok(!stored.secret!.includes(S3RVER_KEY));

      assert.equal((await api.del(`/api/storage/tiers/${HOT_TIER}`)).status, 409);
      const tiers = (await api.get('/api/storage/tiers')).body;
      assert.deepEqual(
        tiers.map((t: { name: string; rank: number }) => [t.name, t.rank]),
        [
          ['hot', 0],
          ['nas', 1],
          ['cloud', 2],
        ],
      );
    });

    it('validates policies: warm before cold before delete, colder tiers only', async () => {
      const bad1 = await api.put('/api/storage/policies/default', {
        warmAfterDays: 1,
        warmTierId: coldId,
        coldAfterDays: 2,
        coldTierId: warmId,
      });
      assert.equal(bad1.status, 400);
      const bad2 = await api.put('/api/storage/policies/default', {
        warmAfterDays: 3,
        warmTierId: warmId,
        coldAfterDays: 2,
        coldTierId: coldId,
      });
      assert.equal(bad2.status, 400);
      const bad3 = await api.put('/api/storage/policies/default', { warmAfterDays: 3, warmTierId: HOT_TIER });
      assert.equal(bad3.status, 400);
      const ok = await api.put('/api/storage/policies/default', {
        warmAfterDays: 1,
        warmTierId: warmId,
        coldAfterDays: 2,
        coldTierId: coldId,
        deleteAfterDays: 5,
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const own = (await api.get(`/api/cameras/${cameraId}/storage-policy`)).body;
      assert.equal(own.inherited, true);
      assert.equal(own.deleteAfterDays, 5);
      assert.equal((await api.get(`/api/storage/tiers/${warmId}`)).status, 200);
      assert.equal((await api.del(`/api/storage/tiers/${warmId}`)).status, 409, 'a policy uses it');
    });

    it('moves by age to warm and to S3, deletes after retention (audited), keeps held footage, and plays back from every tier', async () => {
      const a = await seed(1.5);
      const b = await seed(3);
      const c = await seed(6);
      const d = await seed(6.5);
      const hold = await api.post('/api/storage/holds', {
        cameraId,
        from: new Date(d.startMs).toISOString(),
        to: new Date(d.endMs).toISOString(),
        reason: 'case 42',
      });
      assert.equal(hold.status, 201);

      const report = (await api.post('/api/storage/run')).body;
      assert.equal(report.failed, 0, JSON.stringify(report.errors));
      assert.equal(report.moved, 2);
      assert.equal(report.deleted, 1);

      assert.equal((await row(a.id))!.tier, warmId);
      assert.ok(existsSync(join(warmDir(), ...a.path.split('/'))), 'on the warm tier');
      assert.ok(!existsSync(hotFile(a.path)), 'gone from hot');
      assert.ok(existsSync(`${hotFile(a.path)}.idx.json`), 'its fragment index stays on hot');
      assert.equal((await row(b.id))!.tier, coldId);
      assert.deepEqual(await (await storage.driver(coldId)).stat(b.path), { size: statSync(chunk).size });
      assert.ok(!existsSync(hotFile(b.path)));
      assert.equal(await row(c.id), undefined, 'deleted after 5 days');
      assert.ok(!existsSync(hotFile(c.path)));
      assert.equal((await row(d.id))!.tier, HOT_TIER, 'held: neither deleted nor moved');
      const audit = (await api.get(`/api/audit?action=recording.delete&target=${cameraId}`)).body.items;
      assert.equal(audit.length, 1);
      assert.equal(audit[0].details.chunk, c.id);
      assert.match(audit[0].details.why, /policy: age/);

      const tl = (
        await api.get(`/api/cameras/${cameraId}/timeline?from=${new Date(d.startMs - DAY).toISOString()}&to=${new Date().toISOString()}`)
      ).body;
      assert.equal(tl.ranges.length, 3, 'a, b and d; c is gone');

      const pa = await api.post(`/api/cameras/${cameraId}/playback`, {
        from: new Date(a.startMs).toISOString(),
        to: new Date(a.endMs).toISOString(),
      });
      assert.equal(pa.status, 200, JSON.stringify(pa.body));
      const pb = await api.post(`/api/cameras/${cameraId}/playback`, {
        from: new Date(b.startMs).toISOString(),
        to: new Date(b.endMs).toISOString(),
      });
      assert.equal(pb.status, 200, JSON.stringify(pb.body));
      const playlistOf = (url: string) => {
        const [, , , , cam, id] = new URL(url).pathname.split('/');
        return join(srv.dataDir, 'playback', cam!, `${id}.m3u8`);
      };
      const textA = readFileSync(playlistOf(pa.body.url), 'utf8');
      assert.match(textA, new RegExp(`URI="t/${warmId}/`));
      const textB = readFileSync(playlistOf(pb.body.url), 'utf8');
      const signed = /URI="(http:\/\/127\.0\.0\.1:\d+\/[^"]+)"/.exec(textB)?.[1];
      assert.ok(signed, textB);
      assert.match(signed, /X-Amz-Signature=/);
      const res = await fetch(signed, { headers: { range: 'bytes=0-99' } });
      assert.equal(res.status, 206);
      assert.equal((await res.arrayBuffer()).byteLength, 100);

      const usage = (await api.get('/api/storage')).body;
      const byId = Object.fromEntries(usage.tiers.map((t: { id: string }) => [t.id, t]));
      assert.equal(byId[warmId].chunks, 1);
      assert.equal(byId[coldId].chunks, 1);
      assert.equal(byId[HOT_TIER].chunks, 1);
      assert.equal(byId[coldId].reachable, true);
      assert.ok(byId[HOT_TIER].freeBytes > 0);
      assert.ok(usage.problems.some((p: { message: string }) => /held footage/.test(p.message)) || usage.lastPass.blocked.length === 0);

      // Released: the next pass deletes it.
      assert.equal((await api.post(`/api/storage/holds/${hold.body.id}/release`)).status, 200);
      assert.equal((await api.post(`/api/storage/holds/${hold.body.id}/release`)).status, 409);
      assert.equal((await api.post('/api/storage/run')).body.deleted, 1);
      assert.equal(await row(d.id), undefined);
    });

    it('a move interrupted after the copy, or after the index switch, is finished by the next start: one row, one copy', async () => {
      await api.put('/api/storage/policies/default', { warmAfterDays: 1, warmTierId: warmId });
      const e = await seed(1.2);
      storage.setMoverHooks({
        afterCopy: () => {
          throw new Error('crash after copy');
        },
      });
      let report = (await api.post('/api/storage/run')).body;
      assert.equal(report.failed, 1);
      assert.equal((await row(e.id))!.tier, HOT_TIER, 'the index still says hot');
      assert.ok(existsSync(hotFile(e.path)), 'the source is kept');
      assert.ok(existsSync(join(warmDir(), ...e.path.split('/'))), 'the copy was made');
      const journal = await srv.argus.db.selectFrom('storageMoves').selectAll().execute();
      assert.deepEqual(
        journal.map((j) => [j.recordingId, j.state]),
        [[e.id, 'copying']],
      );

      storage.setMoverHooks({});
      await storage.start({ timers: false });
      assert.equal((await row(e.id))!.tier, warmId);
      assert.ok(!existsSync(hotFile(e.path)));
      assert.equal((await srv.argus.db.selectFrom('storageMoves').selectAll().execute()).length, 0);
      assert.equal(
        num(
          (
            await srv.argus.db
              .selectFrom('recordings')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('path', '=', e.path)
              .executeTakeFirstOrThrow()
          ).n,
        ),
        1,
      );

      const f = await seed(1.3);
      storage.setMoverHooks({
        afterSwitch: () => {
          throw new Error('crash after switch');
        },
      });
      report = (await api.post('/api/storage/run')).body;
      assert.equal(report.failed, 1);
      assert.equal((await row(f.id))!.tier, warmId, 'switched');
      assert.ok(existsSync(hotFile(f.path)), 'the source is still there');
      storage.setMoverHooks({});
      await storage.start({ timers: false });
      assert.ok(!existsSync(hotFile(f.path)), 'the source was removed on resume');
      assert.ok(existsSync(join(warmDir(), ...f.path.split('/'))));
      assert.equal((await srv.argus.db.selectFrom('storageMoves').selectAll().execute()).length, 0);
    });

    it('manual actions: a dry run lists what would happen and changes nothing; held footage is skipped', async () => {
      await api.put('/api/storage/policies/default', {});
      const g = await seed(0.5);
      const range = { cameraId, from: new Date(g.startMs - 1000).toISOString(), to: new Date(g.endMs + 1000).toISOString() };
      const dry = await api.post('/api/storage/actions', { ...range, action: 'delete' });
      assert.equal(dry.status, 200, JSON.stringify(dry.body));
      assert.equal(dry.body.dryRun, true);
      assert.equal(dry.body.chunks, 1);
      assert.ok(await row(g.id), 'nothing changed');
      const hold = (await api.post('/api/storage/holds', { cameraId, reason: 'everything of this camera' })).body;
      const held = (await api.post('/api/storage/actions', { ...range, action: 'delete', dryRun: false })).body;
      assert.equal(held.chunks, 0);
      assert.equal(held.held, 1);
      await api.post(`/api/storage/holds/${hold.id}/release`);
      const moveBad = await api.post('/api/storage/actions', { ...range, action: 'move', toTierId: 'nope' });
      assert.equal(moveBad.status, 400);
      const moved = await api.post('/api/storage/actions', { ...range, action: 'move', toTierId: warmId, dryRun: false });
      assert.equal(moved.body.chunks, 1);
      for (let i = 0; i < 50 && (await row(g.id))!.tier !== warmId; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal((await row(g.id))!.tier, warmId);
      const audit = (await api.get('/api/audit?action=storage.manual')).body;
      assert.equal(audit.total, 4);
    });
  });
}
