import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisRateLimiter } from '../src/auth/rate-limiter';
import { Client, startServer, type TestServer } from './helpers';

const REDIS_URL = process.env.ARGUS_TEST_REDIS ?? 'redis://127.0.0.1:6379/0';

describe('rate limits in Redis (REDIS_URL)', () => {
  let redis: Redis;
  before(() => {
    redis = new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  after(async () => {
    await redis.quit();
  });

  it('counts hits per key across limiter instances and expires the window', async () => {
    const key = `test-${randomBytes(4).toString('hex')}`;
    const a = new RedisRateLimiter(redis);
    const b = new RedisRateLimiter(redis);
    assert.equal((await a.hit(key, 2, 300)).allowed, true);
    assert.equal((await b.hit(key, 2, 300)).allowed, true, 'a second node sees the same count');
    const third = await a.hit(key, 2, 300);
    assert.equal(third.allowed, false);
    assert.ok(third.retryAfterMs > 0 && third.retryAfterMs <= 300);
    const deadline = Date.now() + 3000;
    while ((await redis.exists(`argus:rl:${key}`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await a.hit(key, 2, 300)).allowed, true, 'a new window starts after expiry');
  });

  describe('a server with REDIS_URL', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer('sqlite::memory:', { REDIS_URL, LOGIN_IP_MAX_PER_MINUTE: '3' });
    });
    after(async () => srv?.close());

    it('limits sign-ins per IP through Redis', async () => {
      const ip = `10.77.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
      const c = new Client(srv.base, { 'x-forwarded-for': ip });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await c.login('nobody@test.local', 'whatever-password')).status);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      assert.equal(await redis.get(`argus:rl:login:ip:${ip}`), '4');
    });
  });
});
