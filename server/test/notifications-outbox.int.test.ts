import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../src/common/clock';
import type { AppConfig } from '../src/config/config';
import { createDb, type Db, num, parseDatabaseUrl } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { NotificationsService } from '../src/notifications/notifications.service';
import { createTestDatabase, databaseKinds, type TestDatabase } from './helpers';

const SECRET = 'outbox-secret-0123456789';

for (const kind of databaseKinds()) {
  describe(`the notification outbox on ${kind}`, () => {
    let tdb: TestDatabase;
    let db: Db;
    let work: string;
    let peer: Server;
    let url: string;
    const seen: { delivery: string; status: number }[] = [];
    const accepted = new Set<string>();
    let failuresLeft = 2;
    let now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const clock: Clock = { now: () => now };

    before(async () => {
      work = mkdtempSync(join(tmpdir(), 'argus-outbox-'));
      tdb = await createTestDatabase(kind);
      const target = parseDatabaseUrl(tdb.url);
      db = createDb(target);
      await migrateToLatest(db, target.dialect);
      // Fails twice with 503, then accepts; dedups by the delivery id like a careful receiver.
      peer = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          const delivery = String(req.headers['x-argus-delivery']);
          const status = failuresLeft-- > 0 ? 503 : 204;
          seen.push({ delivery, status });
          if (status === 204) accepted.add(delivery);
          res.writeHead(status).end();
        });
      });
      await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(peer.address() as { port: number }).port}/hook`;
    });
    after(async () => {
      await new Promise((r) => peer?.close(r));
      await db?.destroy();
      await tdb?.drop();
      rmSync(work, { recursive: true, force: true });
    });

    const service = () => new NotificationsService(db, clock, { storageKey: 'k'.repeat(32), dataDir: work } as AppConfig);
    const settle = async (s: NotificationsService) => {
      await s.idle();
      s.kick();
      await s.idle();
    };

    it('retries a failing peer with backoff, across a restart, until exactly one delivery is accepted', async () => {
      const first = service();
      const ch = await first.create({
        name: 'hook',
        kind: 'webhook',
        minSeverity: 'info',
        enabled: true,
        webhook: { url, headers: {}, secret: SECRET },
      });
      const n = {
        id: 'alert-1:alert.opened',
        subject: 'Camera offline',
        text: 't',
        html: '<p>t</p>',
        severity: 'critical' as const,
        event: 'alert.opened' as const,
        data: {},
        at: new Date(now).toISOString(),
      };
      assert.equal(await first.enqueue(n, null, []), 1);
      await settle(first);
      assert.deepEqual(
        seen.map((s) => s.status),
        [503],
      );
      const row1 = await db.selectFrom('notificationOutbox').selectAll().executeTakeFirstOrThrow();
      assert.equal(row1.state, 'pending');
      assert.ok(num(row1.nextAttemptAt) - now >= 4500 && num(row1.nextAttemptAt) - now <= 5500, 'about 5 s later');
      assert.equal(
        num((await db.selectFrom('notificationChannels').select('failing').where('id', '=', ch.id).executeTakeFirstOrThrow()).failing),
        1,
      );

      // Not due yet: nothing is sent.
      first.kick();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(seen.length, 1);

      // The server restarts: a new service on the same database picks the notification up.
      now += 6000;
      const second = service();
      await settle(second);
      assert.deepEqual(
        seen.map((s) => s.status),
        [503, 503],
      );
      now += 40_000;
      await settle(second);
      assert.deepEqual(
        seen.map((s) => s.status),
        [503, 503, 204],
      );
      assert.equal(new Set(seen.map((s) => s.delivery)).size, 1, 'one idempotency key for every attempt');
      assert.equal(accepted.size, 1);
      const row = await db.selectFrom('notificationOutbox').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.state, 'sent');
      assert.equal(num(row.attempts), 3);
      assert.equal(
        num((await db.selectFrom('notificationChannels').select('failing').where('id', '=', ch.id).executeTakeFirstOrThrow()).failing),
        0,
      );
      now += 3_600_000;
      await settle(second);
      assert.equal(seen.length, 3, 'nothing more');
    });
  });
}
