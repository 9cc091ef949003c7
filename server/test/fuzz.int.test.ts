import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { adminClient, type Client, createTestDatabase, databaseKinds, startServer, type TestDatabase, type TestServer } from './helpers';

/**
 * Property: whatever JSON arrives at a create/update endpoint, the server never answers 5xx,
 * and a rejected request (4xx) leaves the data exactly as it was.
 */

const RUNS = Number(process.env.ARGUS_FUZZ_RUNS ?? 300);

// Values of every JSON type, plus strings that look almost right.
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'push',
    'pull',
    'copy',
    'abr',
    'admin',
    'viewer',
    'rtsp://10.0.0.1/s',
    'rtsp://u:p@169.254.169.254/',
    'http://x',
    '\u0000',
    'x'.repeat(300),
    '1e309',
    'cameras:read',
    '10.0.0.0/8',
    'a@b.co',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()), { maxKeys: 3 }),
);

const objectWith = (keys: string[]) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 10 })), nasty, { maxKeys: 8 }) },
    { weight: 1, arbitrary: nasty },
  );

const CAMERA_KEYS = [
  'name',
  'description',
  'location',
  'sourceType',
  'pullUrl',
  'enabled',
  'recordingEnabled',
  'retentionDays',
  'liveProfile',
];
const USER_KEYS = ['email', 'name', 'password', 'role', 'disabled'];
const TOKEN_KEYS = ['name', 'scopes', 'expiresInDays', 'ipAllowlist'];

// Mostly-valid camera payloads so the success path is exercised too.
// Always-valid payloads, so every run also exercises the success path.
const validCamera = fc.record({
  name: fc.string({ minLength: 3, maxLength: 20 }).filter((s) => s.trim().length > 0 && !/[\u0000-\u001f\u007f]/.test(s)),
  sourceType: fc.constant('push'),
  retentionDays: fc.integer({ min: 1, max: 3650 }),
});

const cameraish = fc.record(
  {
    name: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), nasty),
    sourceType: fc.oneof(fc.constantFrom('push', 'pull'), nasty),
    pullUrl: fc.oneof(fc.constantFrom('rtsp://cam:pw@10.0.0.7:554/s', 'rtsps://h/s', 'rtmp://1.2.3.4/live/x'), nasty),
    retentionDays: fc.oneof(fc.integer({ min: -5, max: 4000 }), nasty),
    liveProfile: fc.oneof(
      fc.constant({ type: 'copy' }),
      fc.record({
        type: fc.constant('abr'),
        sourceCopy: fc.boolean(),
        renditions: fc.array(
          fc.record({
            height: fc.integer({ min: 100, max: 2200 }),
            videoKbps: fc.integer({ min: 50, max: 60000 }),
            audioKbps: fc.integer({ min: 0, max: 400 }),
          }),
          { maxLength: 5 },
        ),
      }),
      nasty,
    ),
    enabled: fc.oneof(fc.boolean(), nasty),
  },
  { requiredKeys: [] },
);

for (const kind of databaseKinds())
  describe(`random payloads never cause a 5xx and rejected ones change nothing (${kind})`, () => {
    let db: TestDatabase;
    let srv: TestServer;
    let admin: Client;
    let cameraId: string;
    let userId: string;

    const snapshot = async () => {
      const db = srv.argus.db;
      const [cams, users, tokens] = await Promise.all([
        db.selectFrom('cameras').selectAll().orderBy('id').execute(),
        db.selectFrom('users').selectAll().orderBy('id').execute(),
        db.selectFrom('apiTokens').selectAll().orderBy('id').execute(),
      ]);
      return JSON.stringify({ cams, users, tokens: tokens.map(({ lastUsedAt: _a, lastUsedIp: _b, ...t }) => t) });
    };

    const check = async (method: string, path: string, payload: unknown) => {
      const before = await snapshot();
      const r = await admin.req(method, path, payload);
      assert.ok(r.status < 500, `${method} ${path} ${JSON.stringify(payload)} → ${r.status} ${JSON.stringify(r.body)}`);
      if (r.status >= 400) {
        assert.equal(await snapshot(), before, `${method} ${path} rejected with ${r.status} but changed data`);
        assert.equal(typeof r.body.message, 'string', 'an error says what was wrong');
      }
      return r.status;
    };

    before(async () => {
      db = await createTestDatabase(kind);
      srv = await startServer(db.url);
      admin = await adminClient(srv.base);
      cameraId = (await admin.post('/api/cameras', { name: 'fuzz target', sourceType: 'pull', pullUrl: 'rtsp://u:p@10.0.0.1/s' })).body
        .camera.id;
      userId = (await admin.post('/api/users', { email: 'fuzz@test.local', name: 'Fuzz', password: 'fuzz-password-1', role: 'viewer' }))
        .body.id;
    });
    after(async () => {
      await srv?.close();
      await db?.drop();
    });

    it('POST /api/cameras', async () => {
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(objectWith(CAMERA_KEYS), cameraish, validCamera),
          async (p) => void statuses.add(await check('POST', '/api/cameras', p)),
        ),
        { numRuns: RUNS },
      );
      assert.ok(statuses.has(400) && statuses.has(201), `both outcomes exercised: ${[...statuses]}`);
    });

    it('PATCH /api/cameras/:id', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(objectWith(CAMERA_KEYS), cameraish),
          async (p) => void (await check('PATCH', `/api/cameras/${cameraId}`, p)),
        ),
        { numRuns: RUNS },
      );
    });

    it('POST /api/users', async () => {
      await fc.assert(
        fc.asyncProperty(objectWith(USER_KEYS), async (p) => void (await check('POST', '/api/users', p))),
        { numRuns: RUNS },
      );
    });

    it('PATCH /api/users/:id', async () => {
      await fc.assert(
        fc.asyncProperty(objectWith(USER_KEYS), async (p) => void (await check('PATCH', `/api/users/${userId}`, p))),
        { numRuns: RUNS },
      );
    });

    it('POST /api/tokens', async () => {
      const tokenish = fc.record(
        {
          name: fc.oneof(fc.string({ maxLength: 20 }), nasty),
          scopes: fc.oneof(fc.subarray(['cameras:read', 'cameras:write', 'users:write', 'bogus']), nasty),
          ipAllowlist: fc.oneof(
            fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('10.0.0.0/8'), fc.string({ maxLength: 8 })), { maxLength: 3 }),
            nasty,
          ),
          expiresInDays: fc.oneof(fc.integer({ min: -1, max: 4000 }), nasty),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(objectWith(TOKEN_KEYS), tokenish), async (p) => void (await check('POST', '/api/tokens', p))),
        { numRuns: RUNS },
      );
    });

    it('query strings on list endpoints', async () => {
      const q = fc.dictionary(
        fc.constantFrom('limit', 'offset', 'name', 'status', 'enabled', 'sort', 'sourceType', 'q', 'role', 'from', 'to', 'outcome', 'zzz'),
        fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String)),
        { maxKeys: 4 },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/api/cameras', '/api/users', '/api/audit', '/api/tokens'), q, async (path, params) => {
          const r = await admin.get(`${path}?${new URLSearchParams(params)}`);
          assert.ok(r.status < 500, `${path}?${new URLSearchParams(params)} → ${r.status}`);
        }),
        { numRuns: RUNS },
      );
    });
  });
