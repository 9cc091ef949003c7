import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseEnv } from './config';

const tmp = () => mkdtempSync(join(tmpdir(), 'argus-cfg-'));

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    assert.equal(c.port, 8080);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.rtmpPort, 1935);
    assert.equal(c.databaseUrl, `sqlite:${join(dir, 'argus.db')}`);
    assert.equal(c.redisUrl, null);
    assert.equal(c.adminEmail, 'admin@argus.local');
    assert.equal(c.adminPassword, null);
    assert.equal(c.loginMaxFailures, 5);
    assert.equal(c.loginLockMinutes, 15);
  });

  it('generates a JWT secret once and keeps it in DATA_DIR with mode 0600', () => {
    const dir = tmp();
    const a = loadConfig({ DATA_DIR: dir }).jwtSecret;
    const b = loadConfig({ DATA_DIR: dir }).jwtSecret;
    assert.equal(a, b);
    assert.ok(a.length >= 48);
    const file = join(dir, 'secrets', 'jwt-secret');
    assert.equal(readFileSync(file, 'utf8').trim(), a);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('names the variable in the error for a bad value', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ PORT: 'abc' }, /PORT: must be an integer between 1 and 65535 \(got "abc"\)/],
      [{ PORT: '70000' }, /PORT/],
      [{ RTMP_PORT: '0' }, /RTMP_PORT/],
      [{ DATABASE_URL: 'oracle://x' }, /DATABASE_URL: must start with/],
      [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
      [{ JWT_SECRET: 'short' }, /JWT_SECRET: must be at least 32/],
      [{ ADMIN_EMAIL: 'not-an-email' }, /ADMIN_EMAIL/],
      [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD: must be at least 12/],
      [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
      [{ LOGIN_MAX_FAILURES: '-1' }, /LOGIN_MAX_FAILURES/],
    ];
    for (const [env, re] of bad) {
      assert.throws(
        () => parseEnv(env),
        (e: unknown) => e instanceof ConfigError && re.test(e.message),
        JSON.stringify(env),
      );
    }
  });

  it('accepts the supported database URLs and treats empty values as unset', () => {
    for (const url of [
      'sqlite:/tmp/x.db',
      'mysql://root@127.0.0.1/test',
      'mariadb://root@h/db',
      'postgres://u@h/db',
      'postgresql://u@h/db',
    ]) {
      assert.equal(parseEnv({ DATABASE_URL: url }).e.DATABASE_URL, url);
    }
    assert.equal(parseEnv({ PORT: '' }).e.PORT, 8080);
  });
});
