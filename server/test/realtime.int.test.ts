import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { createArgus } from '../src/app';
import type { Clock } from '../src/common/clock';
import { loadConfig } from '../src/config/config';
import type {
  CameraHealth,
  CameraStatusEvent,
  ClientToServerEvents,
  DashboardCounters,
  ServerToClientEvents,
} from '../src/realtime/events';
import { RealtimeService } from '../src/realtime/realtime.service';
import { ADMIN, adminClient, Client, startServer, type TestServer, userClient } from './helpers';

type RtSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Polls until `check` returns something truthy, or fails with `what` after the deadline. */
async function until<T>(what: string, check: () => T | null | undefined | false, ms = 2_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sockets: RtSocket[] = [];

function open(base: string, auth: Record<string, unknown> | undefined): RtSocket {
  const s: RtSocket = io(base, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  return s;
}

/** Connects with the given handshake auth; resolves with the socket or rejects with the connect_error. */
function connect(base: string, auth: Record<string, unknown> | undefined): Promise<RtSocket> {
  const s = open(base, auth);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err) => reject(err));
  });
}

async function refusal(base: string, auth: Record<string, unknown> | undefined): Promise<string> {
  try {
    await connect(base, auth);
  } catch (err) {
    return (err as Error).message;
  }
  return 'connected';
}

async function ticketFor(c: Client): Promise<string> {
  const r = await c.post('/api/realtime/ticket');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.ticket as string;
}

/** Records every event a socket receives, in order. */
function record(s: RtSocket) {
  const got: { event: keyof ServerToClientEvents; data: unknown; at: number }[] = [];
  s.on('camera:status', (data) => got.push({ event: 'camera:status', data, at: Date.now() }));
  s.on('camera:health', (data) => got.push({ event: 'camera:health', data, at: Date.now() }));
  s.on('dashboard:counters', (data) => got.push({ event: 'dashboard:counters', data, at: Date.now() }));
  return got;
}

const status = (cameraId: string, n = 0): CameraStatusEvent => ({
  cameraId,
  status: 'online',
  statusReason: `marker ${n}`,
  at: new Date().toISOString(),
});

const health = (cameraId: string, restarts: number): CameraHealth => ({
  cameraId,
  at: new Date().toISOString(),
  fps: 25,
  bitrateKbps: 2_000,
  speed: 1,
  droppedFrames: 0,
  duplicatedFrames: 0,
  inputKbps: 2_100,
  videoCodec: 'h264',
  audioCodec: null,
  width: 1280,
  height: 720,
  restarts,
});

const counters: DashboardCounters = {
  cameras: { total: 1, byStatus: { offline: 0, starting: 0, online: 1, degraded: 0, error: 0 } },
  at: new Date().toISOString(),
};

describe('realtime over socket.io', () => {
  let srv: TestServer;
  let admin: Client;
  let rt: RealtimeService;

  before(async () => {
    srv = await startServer('sqlite::memory:');
    admin = await adminClient(srv.base);
    rt = srv.argus.app.get(RealtimeService);
  });
  after(async () => {
    for (const s of sockets.splice(0)) s.close();
    await srv?.close();
  });

  it('issues a ticket to a signed-in caller and refuses anonymous ones', async () => {
    const r = await admin.post('/api/realtime/ticket');
    assert.equal(r.status, 200);
    assert.match(r.body.ticket, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(r.body.expiresIn, 30);
    assert.notEqual((await admin.post('/api/realtime/ticket')).body.ticket, r.body.ticket);
    const anon = await fetch(`${srv.base}/api/realtime/ticket`, { method: 'POST' });
    assert.equal(anon.status, 401);
  });

  it('delivers camera:status to an admin within a second', async () => {
    const s = await connect(srv.base, { ticket: await ticketFor(admin) });
    const got = record(s);
    const e = status('cam-status', 1);
    rt.cameraStatus(e);
    await until('camera:status', () => got.find((g) => g.event === 'camera:status'), 1_000);
    assert.deepEqual(got, [{ event: 'camera:status', data: e, at: got[0]!.at }]);
    s.close();
  });

  it('refuses a ticket that was already used', async () => {
    const ticket = await ticketFor(admin);
    const first = await connect(srv.base, { ticket });
    first.close();
    assert.equal(await refusal(srv.base, { ticket }), 'unauthorized');
  });

  it('refuses a missing, empty, malformed or unknown ticket', async () => {
    assert.equal(await refusal(srv.base, undefined), 'unauthorized');
    assert.equal(await refusal(srv.base, {}), 'unauthorized');
    assert.equal(await refusal(srv.base, { ticket: '' }), 'unauthorized');
    assert.equal(await refusal(srv.base, { ticket: 42 }), 'unauthorized');
    assert.equal(await refusal(srv.base, { ticket: 'x'.repeat(10_000) }), 'unauthorized');
    assert.equal(await refusal(srv.base, { ticket: 'A'.repeat(43) }), 'unauthorized');
  });

  it('does not accept a token in the URL instead of a ticket', async () => {
    const s = io(srv.base, {
      path: '/socket.io',
      query: { ticket: await ticketFor(admin), token: admin.token! },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(s);
    const err = await new Promise<Error>((resolve, reject) => {
      s.once('connect', () => reject(new Error('connected without handshake auth')));
      s.once('connect_error', resolve);
    });
    assert.equal(err.message, 'unauthorized');
  });

  it('refuses a ticket whose user was disabled after it was issued', async () => {
    const viewer = await userClient(admin, 'viewer');
    const me = await viewer.get('/api/auth/me');
    const ticket = await ticketFor(viewer);
    assert.equal((await admin.patch(`/api/users/${me.body.id}`, { disabled: true })).status, 200);
    assert.equal(await refusal(srv.base, { ticket }), 'unauthorized');
  });

  it('coalesces camera:health to at most one per camera per second, ending on the latest', async () => {
    const s = await connect(srv.base, { ticket: await ticketFor(admin) });
    const got = record(s);
    const start = Date.now();
    for (let i = 1; i <= 10; i++) rt.cameraHealth(health('cam-health', i));
    // Another camera is throttled separately: its first sample goes out at once.
    rt.cameraHealth(health('cam-other', 99));
    const latest = await until(
      'the latest health sample',
      () => got.find((g) => (g.data as CameraHealth).cameraId === 'cam-health' && (g.data as CameraHealth).restarts === 10),
      3_000,
    );
    const mine = got.filter((g) => (g.data as CameraHealth).cameraId === 'cam-health');
    assert.ok(
      mine.length <= 2,
      `got ${mine.length} health events for one camera: ${mine.map((g) => (g.data as CameraHealth).restarts).join(',')}`,
    );
    assert.deepEqual(
      mine.map((g) => (g.data as CameraHealth).restarts),
      [1, 10],
    );
    assert.equal(mine.at(-1), latest);
    // The coalesced one waited for the second to be up, and not much longer than that.
    const waited = latest.at - start;
    assert.ok(waited >= 950 && waited < 2_500, `latest sample came ${waited} ms after the burst`);
    assert.ok(got.some((g) => (g.data as CameraHealth).cameraId === 'cam-other'));
    s.close();
  });

  it('sends dashboard counters only to sockets whose principal has dashboard:read', async () => {
    const viewer = await userClient(admin, 'viewer');
    const created = await admin.post('/api/tokens', { name: 'cameras only', scopes: ['cameras:read'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const tokenClient = new Client(srv.base);
    tokenClient.token = created.body.secret;

    const v = await connect(srv.base, { ticket: await ticketFor(viewer) });
    const t = await connect(srv.base, { ticket: await ticketFor(tokenClient) });
    const gotV = record(v);
    const gotT = record(t);
    rt.dashboard(counters);
    rt.cameraStatus(status('cam-dash', 2));
    // Events on one connection arrive in order: once the status is in, the counters would be too.
    await until(
      'status on both sockets',
      () => gotV.some((g) => g.event === 'camera:status') && gotT.some((g) => g.event === 'camera:status'),
    );
    assert.deepEqual(
      gotV.map((g) => g.event),
      ['dashboard:counters', 'camera:status'],
    );
    assert.deepEqual(
      gotT.map((g) => g.event),
      ['camera:status'],
    );
    v.close();
    t.close();
  });

  it('disconnects connected clients cleanly when the server shuts down', async () => {
    const s = await connect(srv.base, { ticket: await ticketFor(admin) });
    let reason: string | null = null;
    s.on('disconnect', (r) => (reason = r));
    const closing = srv.close();
    await until('the client to see the disconnect', () => reason);
    assert.equal(reason, 'transport close');
    await closing;
    srv = undefined as unknown as TestServer;
    // Emitting after close is a no-op, not a crash.
    rt.cameraStatus(status('cam-after-close'));
    rt.cameraHealth(health('cam-after-close', 1));
    rt.dashboard(counters);
  });
});

describe('realtime ticket expiry', () => {
  // A clock we can stop and move: the app takes all its time from the injected Clock.
  let frozenAt: number | null = null;
  const clock: Clock = { now: () => frozenAt ?? Date.now() };
  let base: string;
  let admin: Client;
  let close: () => Promise<void>;

  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'argus-data-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: 'sqlite::memory:',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      STREAMING: 'off',
      LOG_LEVEL: 'error',
    });
    const argus = await createArgus(config, { logger: ['fatal', 'error'], print: () => undefined, clock });
    await argus.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(argus.app.getHttpServer().address() as { port: number }).port}`;
    close = async () => {
      await argus.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
    admin = await adminClient(base);
  });
  after(async () => {
    for (const s of sockets.splice(0)) s.close();
    await close?.();
  });

  it('accepts a ticket until 30 s after issue and refuses it from then on', async () => {
    const issuedAt = Date.now();
    frozenAt = issuedAt;
    const early = await ticketFor(admin);
    const late = await ticketFor(admin);
    try {
      frozenAt = issuedAt + 29_999;
      const s = await connect(base, { ticket: early });
      s.close();
      frozenAt = issuedAt + 30_000;
      assert.equal(await refusal(base, { ticket: late }), 'unauthorized');
    } finally {
      frozenAt = null;
    }
  });
});

describe('after shutdown', () => {
  it('leaves nothing that keeps the process alive', async () => {
    for (const s of sockets.splice(0)) s.close();
    // node:test itself holds no ref'd timers or sockets here; anything left would be ours.
    const left = await until(
      'handles to drain',
      () => {
        const r = process.getActiveResourcesInfo().filter((x) => x !== 'TTYWrap' && x !== 'PipeWrap' && x !== 'FSReqCallback');
        return r.length === 0 ? r : null;
      },
      3_000,
    ).catch(() => process.getActiveResourcesInfo());
    assert.deepEqual(left, []);
  });
});
