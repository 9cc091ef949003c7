import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN,
  adminClient,
  Client,
  createTestDatabase,
  databaseKinds,
  startServer,
  type TestDatabase,
  type TestServer,
  userClient,
} from './helpers';

for (const kind of databaseKinds()) {
  describe(`API on ${kind}`, () => {
    let db: TestDatabase;
    let srv: TestServer;
    let admin: Client;

    before(async () => {
      db = await createTestDatabase(kind);
      srv = await startServer(db.url, { LOGIN_LOCK_MINUTES: '15', LOGIN_IP_MAX_PER_MINUTE: '40' });
      admin = await adminClient(srv.base);
    });
    after(async () => {
      await srv?.close();
      await db?.drop();
    });

    describe('health', () => {
      it('answers alive and ready without authentication', async () => {
        const c = new Client(srv.base);
        assert.equal((await c.get('/api/health')).body.status, 'ok');
        const ready = await c.get('/api/health/ready');
        assert.equal(ready.status, 200);
        assert.deepEqual(ready.body, { status: 'ready', database: 'ok' });
      });
    });

    describe('authentication', () => {
      it('rejects a wrong password with 401 and records the attempt in the audit log', async () => {
        const c = new Client(srv.base, { 'x-forwarded-for': '10.20.0.1' });
        const r = await c.login(ADMIN.email, 'not-the-password');
        assert.equal(r.status, 401);
        assert.equal(r.body.message, 'Invalid email or password');
        const audit = await admin.get('/api/audit?action=auth.login&outcome=denied');
        assert.ok(audit.body.items.some((e: any) => e.actorLabel === ADMIN.email && e.ip === '10.20.0.1'));
      });

      it('signs in, sets an httpOnly refresh cookie and returns the user', async () => {
        const c = new Client(srv.base);
        const r = await c.post('/api/auth/login', { email: ADMIN.email.toUpperCase(), password: ADMIN.password });
        assert.equal(r.status, 200);
        assert.equal(r.body.user.email, ADMIN.email);
        assert.equal(r.body.user.role, 'admin');
        assert.equal(r.body.expiresIn, 900);
        const cookie = r.headers.get('set-cookie') ?? '';
        assert.match(cookie, /argus_refresh=/);
        assert.match(cookie, /HttpOnly/i);
        assert.match(cookie, /SameSite=Strict/i);
        assert.equal(r.body.user.passwordHash, undefined);
      });

      it('returns the current user with permissions on /api/auth/me, and 401 without a token', async () => {
        const me = await admin.get('/api/auth/me');
        assert.equal(me.status, 200);
        assert.ok(me.body.permissions.includes('users:write'));
        assert.equal((await new Client(srv.base).get('/api/auth/me')).status, 401);
        const bad = await new Client(srv.base).get('/api/auth/me', { authorization: 'Bearer not.a.jwt' });
        assert.equal(bad.status, 401);
      });

      it('rotates the refresh token, and reuse of a rotated one revokes the whole family', async () => {
        const c = new Client(srv.base);
        await c.login(ADMIN.email, ADMIN.password);
        const first = c.cookie;
        const r1 = await c.post('/api/auth/refresh');
        assert.equal(r1.status, 200);
        assert.ok(r1.body.accessToken);
        const second = c.cookie;
        assert.notEqual(first, second);
        // Replay the first (rotated) token: rejected, and the family is gone.
        const thief = new Client(srv.base);
        thief.cookie = first;
        const replay = await thief.post('/api/auth/refresh');
        assert.equal(replay.status, 401);
        assert.match(replay.body.message, /used twice/);
        const r2 = await c.post('/api/auth/refresh');
        assert.equal(r2.status, 401, 'the legitimate holder is signed out too');
      });

      it('logs out: the refresh cookie no longer works', async () => {
        const c = new Client(srv.base);
        await c.login(ADMIN.email, ADMIN.password);
        const cookie = c.cookie;
        assert.equal((await c.post('/api/auth/logout')).status, 204);
        const again = new Client(srv.base);
        again.cookie = cookie;
        assert.equal((await again.post('/api/auth/refresh')).status, 401);
      });

      it('locks an account after 5 failures, even for the right password, and says for how long', async () => {
        const victim = await userClient(admin, 'viewer', `locked-${kind}@test.local`);
        void victim;
        const c = new Client(srv.base, { 'x-forwarded-for': '10.30.0.1' });
        for (let i = 0; i < 5; i++) assert.equal((await c.login(`locked-${kind}@test.local`, 'wrong-password-x')).status, 401);
        const r = await c.login(`locked-${kind}@test.local`, 'user-password-123');
        assert.equal(r.status, 429);
        assert.match(r.body.message, /locked for 15 more minute/);
        assert.ok(Number(r.headers.get('retry-after')) > 800);
        // Another account is unaffected.
        assert.equal((await new Client(srv.base, { 'x-forwarded-for': '10.30.0.2' }).login(ADMIN.email, ADMIN.password)).status, 200);
      });

      it('limits sign-in attempts per IP address', async () => {
        const c = new Client(srv.base, { 'x-forwarded-for': '10.40.0.1' });
        const statuses: number[] = [];
        for (let i = 0; i < 42; i++) statuses.push((await c.login(`nobody${i}@test.local`, 'whatever-password')).status);
        assert.equal(statuses.filter((s) => s === 401).length, 40);
        assert.equal(statuses.at(-1), 429);
        const other = new Client(srv.base, { 'x-forwarded-for': '10.40.0.2' });
        assert.equal((await other.login(ADMIN.email, ADMIN.password)).status, 200);
      });

      it('changes your own password only with the current one, and never your role', async () => {
        const op = await userClient(admin, 'operator');
        const noCurrent = await op.patch('/api/auth/me', { newPassword: 'another-password-1' });
        assert.equal(noCurrent.status, 400);
        const wrong = await op.patch('/api/auth/me', { currentPassword: 'nope', newPassword: 'another-password-1' });
        assert.equal(wrong.status, 401);
        const raise = await op.patch('/api/auth/me', { role: 'admin' });
        assert.equal(raise.status, 400);
        assert.deepEqual(raise.body.issues, [{ path: 'role', message: 'unknown field' }]);
        const selfPatch = await op.patch(`/api/users/${(await op.get('/api/auth/me')).body.id}`, { role: 'admin' });
        assert.equal(selfPatch.status, 403);
        assert.equal((await op.get('/api/auth/me')).body.role, 'operator');
      });
    });

    describe('roles and permissions', () => {
      it('lets a viewer read cameras but not change them or see users or the audit log', async () => {
        const viewer = await userClient(admin, 'viewer');
        assert.equal((await viewer.get('/api/cameras')).status, 200);
        const create = await viewer.post('/api/cameras', { name: 'nope', sourceType: 'push' });
        assert.equal(create.status, 403);
        assert.match(create.body.message, /cameras:write/);
        assert.equal((await viewer.get('/api/users')).status, 403);
        assert.equal((await viewer.get('/api/audit')).status, 403);
        const dash = await viewer.get('/api/dashboard');
        assert.equal(dash.status, 200);
        assert.equal(dash.body.users, null);
        assert.equal(dash.body.recentAudit, null);
      });

      it('lets an operator manage cameras and read the audit log, not users', async () => {
        const op = await userClient(admin, 'operator');
        const r = await op.post('/api/cameras', { name: `op-cam-${kind}`, sourceType: 'push' });
        assert.equal(r.status, 201);
        assert.equal((await op.get('/api/audit')).status, 200);
        assert.equal((await op.post('/api/users', { email: 'x@y.z', name: 'x', password: 'long-password-1', role: 'viewer' })).status, 403);
      });

      it('checks authentication before input: bad input without a token is 401, not 400', async () => {
        assert.equal((await new Client(srv.base).post('/api/cameras', { nonsense: true })).status, 401);
      });
    });

    describe('users', () => {
      it('creates, lists, updates and deletes users; duplicate email is 409', async () => {
        const r = await admin.post('/api/users', {
          email: `new-${kind}@test.local`,
          name: 'New',
          password: 'new-password-123',
          role: 'viewer',
        });
        assert.equal(r.status, 201);
        assert.equal(r.body.passwordHash, undefined);
        const dup = await admin.post('/api/users', {
          email: `NEW-${kind}@test.local`,
          name: 'Dup',
          password: 'new-password-123',
          role: 'viewer',
        });
        assert.equal(dup.status, 409);
        const list = await admin.get(`/api/users?q=new-${kind}`);
        assert.equal(list.body.total, 1);
        const up = await admin.patch(`/api/users/${r.body.id}`, { role: 'operator', name: 'Renamed' });
        assert.equal(up.status, 200);
        assert.equal(up.body.role, 'operator');
        assert.equal((await admin.del(`/api/users/${r.body.id}`)).status, 204);
        assert.equal((await admin.get(`/api/users/${r.body.id}`)).status, 404);
        assert.equal((await admin.del(`/api/users/${r.body.id}`)).status, 404);
      });

      it('keeps at least one admin and refuses self-deletion', async () => {
        const me = (await admin.get('/api/auth/me')).body;
        const others = (await admin.get('/api/users?role=admin')).body.items.filter((u: any) => u.id !== me.id);
        for (const o of others) await admin.patch(`/api/users/${o.id}`, { role: 'viewer' });
        const demote = await admin.patch(`/api/users/${me.id}`, { role: 'operator' });
        assert.equal(demote.status, 409);
        assert.equal((await admin.del(`/api/users/${me.id}`)).status, 403);
        assert.equal((await admin.patch(`/api/users/${me.id}`, { disabled: true })).status, 403);
      });

      it('disabling a user ends their access at once', async () => {
        const v = await userClient(admin, 'viewer');
        const id = (await v.get('/api/auth/me')).body.id;
        assert.equal((await admin.patch(`/api/users/${id}`, { disabled: true })).status, 200);
        assert.equal((await v.get('/api/cameras')).status, 401);
        assert.equal((await v.post('/api/auth/refresh')).status, 401);
      });
    });

    describe('API tokens', () => {
      it('shows the secret once, stores only a hash, and accepts it as a Bearer token', async () => {
        const r = await admin.post('/api/tokens', { name: 'ci', scopes: ['cameras:read', 'cameras:write'] });
        assert.equal(r.status, 201);
        assert.match(r.body.secret, /^argus_/);
        assert.equal(r.body.token.prefix, r.body.secret.slice(6, 14));
        const list = await admin.get('/api/tokens');
        assert.ok(!JSON.stringify(list.body).includes(r.body.secret));
        const row = await srv.argus.db.selectFrom('apiTokens').selectAll().where('id', '=', r.body.token.id).executeTakeFirstOrThrow();
        assert.match(row.tokenHash, /^[0-9a-f]{64}$/);
        assert.ok(!JSON.stringify(row).includes(r.body.secret));

        const t = new Client(srv.base);
        t.token = r.body.secret;
        assert.equal((await t.get('/api/cameras')).status, 200);
        const created = await t.post('/api/cameras', { name: `token-cam-${kind}`, sourceType: 'push' });
        assert.equal(created.status, 201);
        const audit = await admin.get(`/api/audit?action=camera.create&target=${created.body.camera.id}`);
        assert.equal(audit.body.items[0].actorType, 'token');
        assert.equal(audit.body.items[0].actorId, r.body.token.id);
        const used = (await admin.get('/api/tokens')).body.items.find((x: any) => x.id === r.body.token.id);
        assert.ok(used.lastUsedAt);
        assert.equal(used.lastUsedIp, '127.0.0.1');
      });

      it('limits a token to its scopes and never grants scopes wider than the creator’s', async () => {
        const r = await admin.post('/api/tokens', { name: 'read-only', scopes: ['cameras:read'] });
        const t = new Client(srv.base);
        t.token = r.body.secret;
        assert.equal((await t.post('/api/cameras', { name: 'x', sourceType: 'push' })).status, 403);
        assert.equal((await t.get('/api/users')).status, 403);
        const viewer = await userClient(admin, 'viewer');
        const wide = await viewer.post('/api/tokens', { name: 'too wide', scopes: ['cameras:write'] });
        assert.equal(wide.status, 400);
        assert.match(wide.body.issues[0].message, /cameras:write/);
      });

      it('narrows a token when its owner is demoted', async () => {
        const op = await userClient(admin, 'operator');
        const tok = await op.post('/api/tokens', { name: 'op', scopes: ['cameras:write', 'cameras:read'] });
        const t = new Client(srv.base);
        t.token = tok.body.secret;
        assert.equal((await t.post('/api/cameras', { name: `demote-${kind}`, sourceType: 'push' })).status, 201);
        const id = (await op.get('/api/auth/me')).body.id;
        await admin.patch(`/api/users/${id}`, { role: 'viewer' });
        assert.equal((await t.post('/api/cameras', { name: `demote2-${kind}`, sourceType: 'push' })).status, 403);
        assert.equal((await t.get('/api/cameras')).status, 200);
      });

      it('enforces the IP allowlist', async () => {
        const r = await admin.post('/api/tokens', {
          name: 'office',
          scopes: ['cameras:read'],
          ipAllowlist: ['10.9.9.0/24', '2001:db8::1'],
        });
        assert.deepEqual(r.body.token.ipAllowlist, ['10.9.9.0/24', '2001:db8::1/128']);
        const fromLocal = new Client(srv.base);
        fromLocal.token = r.body.secret;
        assert.equal((await fromLocal.get('/api/cameras')).status, 403);
        const fromOffice = new Client(srv.base, { 'x-forwarded-for': '10.9.9.7' });
        fromOffice.token = r.body.secret;
        assert.equal((await fromOffice.get('/api/cameras')).status, 200);
        const bad = await admin.post('/api/tokens', { name: 'bad', scopes: ['cameras:read'], ipAllowlist: ['10.0.0.0/99'] });
        assert.equal(bad.status, 400);
        assert.equal(bad.body.issues[0].path, 'ipAllowlist.0');
      });

      it('revokes at once', async () => {
        const r = await admin.post('/api/tokens', { name: 'short', scopes: ['cameras:read'], expiresInDays: 1 });
        assert.ok(r.body.token.expiresAt);
        const t = new Client(srv.base);
        t.token = r.body.secret;
        assert.equal((await t.get('/api/cameras')).status, 200);
        assert.equal((await admin.del(`/api/tokens/${r.body.token.id}`)).status, 204);
        const after = await t.get('/api/cameras');
        assert.equal(after.status, 401);
        assert.match(after.body.message, /revoked/);
      });

      it('hides other users’ tokens except from admins asking for all', async () => {
        const v = await userClient(admin, 'viewer');
        const mine = await v.post('/api/tokens', { name: 'mine', scopes: ['cameras:read'] });
        assert.equal((await v.get('/api/tokens?all=true')).status, 403);
        assert.equal((await admin.del(`/api/tokens/${mine.body.token.id}`)).status, 204, 'admins can revoke anyone’s');
        const other = await userClient(admin, 'viewer');
        const theirs = await other.post('/api/tokens', { name: 'theirs', scopes: ['cameras:read'] });
        assert.equal((await v.del(`/api/tokens/${theirs.body.token.id}`)).status, 404);
        const all = await admin.get('/api/tokens?all=true');
        assert.ok(all.body.items.some((x: any) => x.id === theirs.body.token.id));
      });
    });

    describe('cameras', () => {
      it('creates a push camera with a stream key shown once, stored hashed', async () => {
        const r = await admin.post('/api/cameras', { name: `Front door ${kind}`, location: 'Porch', sourceType: 'push' });
        assert.equal(r.status, 201);
        assert.equal(r.body.camera.status, 'offline');
        assert.deepEqual(r.body.camera.liveProfile, { type: 'copy' });
        assert.match(r.body.publishUrl, new RegExp(`^rtmp://127\\.0\\.0\\.1/live/${r.body.streamKey}$`));
        const got = await admin.get(`/api/cameras/${r.body.camera.id}`);
        assert.ok(!JSON.stringify(got.body).includes(r.body.streamKey));
        assert.equal(got.body.streamKeyPrefix, r.body.streamKey.slice(0, 6));
        const rot = await admin.post(`/api/cameras/${r.body.camera.id}/rotate-key`);
        assert.equal(rot.status, 200);
        assert.notEqual(rot.body.streamKey, r.body.streamKey);
      });

      it('never returns a pull camera’s password and keeps it when the masked URL is sent back', async () => {
        const r = await admin.post('/api/cameras', {
          name: `Gate ${kind}`,
          sourceType: 'pull',
          pullUrl: 'rtsp://cam:s3cret@192.168.1.20:554/stream1',
        });
        assert.equal(r.status, 201);
        assert.equal(r.body.camera.pullUrl, 'rtsp://cam:***@192.168.1.20:554/stream1');
        assert.equal(r.body.streamKey, null);
        const up = await admin.patch(`/api/cameras/${r.body.camera.id}`, { pullUrl: r.body.camera.pullUrl, description: 'gate' });
        assert.equal(up.status, 200);
        const row = await srv.argus.db.selectFrom('cameras').select('pullUrl').where('id', '=', r.body.camera.id).executeTakeFirstOrThrow();
        assert.equal(row.pullUrl, 'rtsp://cam:s3cret@192.168.1.20:554/stream1');
        assert.equal((await admin.post(`/api/cameras/${r.body.camera.id}/rotate-key`)).status, 409);
        const audit = await admin.get(`/api/audit?target=${r.body.camera.id}`);
        assert.ok(!JSON.stringify(audit.body).includes('s3cret'));
      });

      it('rejects bad input with 400 naming the fields and changes nothing', async () => {
        const before = (await admin.get('/api/cameras?limit=200')).body.total;
        const cases: [unknown, string[]][] = [
          [{ sourceType: 'push' }, ['name']],
          [{ name: 'x', sourceType: 'pull' }, ['pullUrl']],
          [{ name: 'x', sourceType: 'pull', pullUrl: 'http://example.com/a' }, ['pullUrl']],
          [{ name: 'x', sourceType: 'pull', pullUrl: 'rtsp://169.254.169.254/latest' }, ['pullUrl']],
          [{ name: 'x', sourceType: 'push', retentionDays: 0 }, ['retentionDays']],
          [{ name: 'x', sourceType: 'push', liveProfile: { type: 'abr', sourceCopy: true, renditions: [] } }, ['liveProfile.renditions']],
          [{ name: 'x', sourceType: 'push', admin: true }, ['admin']],
          [{ name: 'x'.repeat(101), sourceType: 'push' }, ['name']],
          [{ name: 'x', sourceType: 'webrtc' }, ['sourceType']],
        ];
        for (const [body, fields] of cases) {
          const r = await admin.post('/api/cameras', body);
          assert.equal(r.status, 400, JSON.stringify(body));
          assert.deepEqual(r.body.issues.map((i: any) => i.path).sort(), fields.sort(), JSON.stringify(r.body));
        }
        const badJson = await admin.post('/api/cameras', '{"name": ');
        assert.equal(badJson.status, 400);
        const huge = await admin.post('/api/cameras', { name: 'x', sourceType: 'push', description: 'y'.repeat(2_000_000) });
        assert.equal(huge.status, 413);
        assert.equal((await admin.get('/api/cameras?limit=200')).body.total, before);
      });

      it('refuses a duplicate name with 409', async () => {
        await admin.post('/api/cameras', { name: `Dup ${kind}`, sourceType: 'push' });
        const r = await admin.post('/api/cameras', { name: `Dup ${kind}`, sourceType: 'push' });
        assert.equal(r.status, 409);
        assert.equal(r.body.issues[0].path, 'name');
      });

      it('accepts an ABR ladder profile', async () => {
        const liveProfile = {
          type: 'abr',
          sourceCopy: true,
          renditions: [
            { height: 480, videoKbps: 1400, audioKbps: 128 },
            { height: 360, videoKbps: 800, audioKbps: 96 },
          ],
        };
        const r = await admin.post('/api/cameras', { name: `ABR ${kind}`, sourceType: 'push', liveProfile });
        assert.equal(r.status, 201);
        assert.deepEqual(r.body.camera.liveProfile, liveProfile);
      });

      it('paginates, filters and sorts', async () => {
        for (let i = 0; i < 12; i++) {
          await admin.post('/api/cameras', { name: `Lot ${kind} ${String(i).padStart(2, '0')}`, sourceType: 'push', enabled: i % 3 !== 0 });
        }
        const p1 = await admin.get(`/api/cameras?name=${encodeURIComponent(`lot ${kind}`)}&limit=5&offset=0&sort=name`);
        assert.equal(p1.body.total, 12);
        assert.equal(p1.body.items.length, 5);
        assert.equal(p1.body.items[0].name, `Lot ${kind} 00`);
        const p3 = await admin.get(`/api/cameras?name=${encodeURIComponent(`lot ${kind}`)}&limit=5&offset=10&sort=-name`);
        assert.deepEqual(
          p3.body.items.map((c: any) => c.name),
          [`Lot ${kind} 01`, `Lot ${kind} 00`],
        );
        const disabled = await admin.get(`/api/cameras?name=${encodeURIComponent(`lot ${kind}`)}&enabled=false`);
        assert.equal(disabled.body.total, 4);
        const online = await admin.get('/api/cameras?status=online');
        assert.equal(online.body.total, 0);
        assert.equal((await admin.get('/api/cameras?status=bogus')).status, 400);
        assert.equal((await admin.get('/api/cameras?limit=500')).status, 400);
      });

      it('updates and deletes, with 404 for unknown ids', async () => {
        const r = await admin.post('/api/cameras', { name: `Temp ${kind}`, sourceType: 'push' });
        const id = r.body.camera.id;
        const up = await admin.patch(`/api/cameras/${id}`, { enabled: false, retentionDays: 7, recordingEnabled: false });
        assert.equal(up.body.enabled, false);
        assert.equal(up.body.retentionDays, 7);
        assert.equal((await admin.patch(`/api/cameras/${id}`, { pullUrl: 'rtsp://10.0.0.1/x' })).status, 409);
        assert.equal((await admin.del(`/api/cameras/${id}`)).status, 204);
        assert.equal((await admin.get(`/api/cameras/${id}`)).status, 404);
        assert.equal((await admin.patch(`/api/cameras/${id}`, { enabled: true })).status, 404);
      });
    });

    describe('audit log', () => {
      it('records every change with actor, target, IP and outcome, and filters them', async () => {
        const r = await admin.post('/api/cameras', { name: `Audited ${kind}`, sourceType: 'push' });
        await admin.patch(`/api/cameras/${r.body.camera.id}`, { name: `Audited ${kind} 2` });
        await admin.del(`/api/cameras/${r.body.camera.id}`);
        const trail = await admin.get(`/api/audit?target=${r.body.camera.id}`);
        assert.deepEqual(
          trail.body.items.map((e: any) => e.action),
          ['camera.delete', 'camera.update', 'camera.create'],
        );
        for (const e of trail.body.items) {
          assert.equal(e.actorType, 'user');
          assert.equal(e.actorLabel, ADMIN.email);
          assert.equal(e.ip, '127.0.0.1');
          assert.equal(e.outcome, 'success');
        }
        const denied = await new Client(srv.base).post('/api/cameras', { name: 'x', sourceType: 'push' });
        assert.equal(denied.status, 401);
        const d = await admin.get('/api/audit?action=camera.create&outcome=denied&limit=1');
        assert.equal(d.body.items[0].statusCode, 401);
        const since = await admin.get(`/api/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
        assert.equal(since.body.total, 0);
        assert.equal((await admin.get('/api/audit?from=yesterday')).status, 400);
      });

      it('is append-only: there is no route that changes or deletes entries', async () => {
        assert.equal((await admin.del('/api/audit')).status, 404);
        assert.equal((await admin.patch('/api/audit', {})).status, 404);
      });
    });

    it('reports dashboard counts', async () => {
      const d = await admin.get('/api/dashboard');
      assert.equal(d.status, 200);
      const cams = await admin.get('/api/cameras?limit=1');
      assert.equal(d.body.cameras.total, cams.body.total);
      assert.equal(d.body.cameras.byStatus.offline, cams.body.total);
      assert.ok(d.body.users.byRole.admin >= 1);
      assert.ok(Array.isArray(d.body.recentAudit));
    });
  });
}
