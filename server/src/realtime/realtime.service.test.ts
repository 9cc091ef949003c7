import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { permissionsOf } from '../auth/permissions';
import type { Clock } from '../common/clock';
import type { Principal } from '../common/request';
import type { UsersTable } from '../db/schema';
import { canSee, connectPermissions, RealtimeService } from './realtime.service';

const user = (id: string, role: Principal['role'] = 'viewer'): Principal => ({
  kind: 'user',
  userId: id,
  email: `${id}@test.local`,
  name: id,
  role,
  permissions: permissionsOf(role),
});

describe('canSee', () => {
  it('lets anyone with cameras:read see any camera, and nobody else', () => {
    assert.equal(canSee(user('v'), 'cam-1'), true);
    assert.equal(canSee({ ...user('t'), kind: 'token', permissions: new Set(['dashboard:read']) }, 'cam-1'), false);
  });
});

describe('connectPermissions', () => {
  it('gives a user ticket the permissions of the role the user has now', () => {
    assert.deepEqual(connectPermissions(user('a', 'admin'), 'viewer'), permissionsOf('viewer'));
    assert.deepEqual(connectPermissions(user('v', 'viewer'), 'admin'), permissionsOf('admin'));
  });

  it('keeps an API-token ticket to its issued scopes, never wider than the owner’s role now', () => {
    const token: Principal = { ...user('o', 'admin'), kind: 'token', tokenId: 't1', permissions: new Set(['cameras:read', 'audit:read']) };
    assert.deepEqual([...connectPermissions(token, 'admin')].sort(), ['audit:read', 'cameras:read']);
    assert.deepEqual([...connectPermissions(token, 'viewer')], ['cameras:read']);
    assert.deepEqual([...connectPermissions(token, 'no-such-role')], []);
  });
});

describe('RealtimeService on a plain HTTP server', () => {
  const clock: Clock = { now: () => Date.now() };
  const users = {
    findById: async (id: string): Promise<UsersTable | undefined> => ({
      id,
      email: `${id}@test.local`,
      name: id,
      passwordHash: '',
      role: 'viewer',
      disabled: 0,
      lastLoginAt: null,
      createdAt: 0,
      updatedAt: 0,
    }),
  };
  let http: HttpServer;
  let base: string;

  before(async () => {
    http = createServer((_req, res) => res.end('app'));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => http.close(r));
  });

  async function outcome(ticket: string): Promise<string> {
    const s = io(base, { path: '/socket.io', auth: { ticket }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      return await new Promise<string>((resolve) => {
        s.once('connect', () => resolve('connected'));
        s.once('connect_error', (e) => resolve(e.message));
      });
    } finally {
      s.close();
    }
  }

  it('ignores emits before it is attached', () => {
    const rt = new RealtimeService(clock, users);
    rt.cameraStatus({ cameraId: 'c', status: 'online', statusReason: null, at: new Date().toISOString() });
    rt.dashboard({ cameras: { total: 0, byStatus: { offline: 0, starting: 0, online: 0, degraded: 0, error: 0 } }, at: '' });
    assert.equal(rt.connectedCount(), 0);
  });

  it('bounds the tickets one user holds by dropping that user’s oldest, not anyone else’s', async () => {
    const rt = new RealtimeService(clock, users, { maxTicketsPerUser: 3 });
    rt.attach(http);
    try {
      const other = rt.issueTicket(user('other')).ticket;
      const mine = [1, 2, 3, 4].map(() => rt.issueTicket(user('me')).ticket);
      assert.equal(await outcome(mine[0]!), 'unauthorized');
      assert.equal(await outcome(mine[3]!), 'connected');
      assert.equal(await outcome(other), 'connected');
    } finally {
      await rt.close();
    }
  });

  it('bounds all outstanding tickets, dropping the oldest', async () => {
    const rt = new RealtimeService(clock, users, { maxTickets: 2 });
    rt.attach(http);
    try {
      const [a, b, c] = ['a', 'b', 'c'].map((id) => rt.issueTicket(user(id)).ticket);
      assert.equal(await outcome(a!), 'unauthorized');
      assert.equal(await outcome(b!), 'connected');
      assert.equal(await outcome(c!), 'connected');
    } finally {
      await rt.close();
    }
  });

  it('hands the HTTP server back untouched on close, and can attach again', async () => {
    const listeners = (['request', 'upgrade', 'close', 'listening'] as const).map((e) => http.listeners(e));
    const rt = new RealtimeService(clock, users);
    rt.attach(http);
    assert.equal(await (await fetch(`${base}/socket.io/?EIO=4&transport=polling`)).status, 200);
    await rt.close();
    await rt.close(); // idempotent
    assert.deepEqual(
      (['request', 'upgrade', 'close', 'listening'] as const).map((e) => http.listeners(e)),
      listeners,
    );
    assert.equal(http.listening, true);
    assert.equal(await (await fetch(`${base}/socket.io/?EIO=4&transport=polling`)).text(), 'app');
    rt.attach(http);
    try {
      assert.equal(await outcome(rt.issueTicket(user('again')).ticket), 'connected');
    } finally {
      await rt.close();
    }
  });

  it('drops the sockets of one user and leaves the others connected', async () => {
    const rt = new RealtimeService(clock, users);
    rt.attach(http);
    const open = (id: string) =>
      io(base, {
        path: '/socket.io',
        auth: { ticket: rt.issueTicket(user(id)).ticket },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
    const [a1, a2, b] = [open('a'), open('a'), open('b')];
    try {
      await Promise.all([a1, a2, b].map((s) => new Promise((r) => s.once('connect', () => r(null)))));
      const reasons: string[] = [];
      for (const s of [a1, a2]) s.once('disconnect', (r) => reasons.push(r));
      assert.equal(rt.disconnectUser('a'), 2);
      const deadline = Date.now() + 2_000;
      while (reasons.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(reasons, ['io server disconnect', 'io server disconnect']);
      assert.equal(b.connected, true);
      assert.equal(rt.connectedCount(), 1);
    } finally {
      for (const s of [a1, a2, b]) s.close();
      await rt.close();
    }
  });

  it('refuses to attach twice', async () => {
    const rt = new RealtimeService(clock, users);
    rt.attach(http);
    try {
      assert.throws(() => rt.attach(http), /already attached/);
    } finally {
      await rt.close();
    }
  });

  it('answers "unavailable", not "unauthorized", when the user lookup fails', async () => {
    const rt = new RealtimeService(clock, { findById: () => Promise.reject(new Error('db down')) });
    // Keep the expected error out of the test output.
    (rt as unknown as { log: { error: () => void } }).log = { error: () => undefined };
    rt.attach(http);
    try {
      assert.equal(await outcome(rt.issueTicket(user('x')).ticket), 'unavailable');
    } finally {
      await rt.close();
    }
  });
});
