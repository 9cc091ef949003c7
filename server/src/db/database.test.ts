import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDatabaseUrl } from './database';

describe('parseDatabaseUrl', () => {
  it('recognises each dialect', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:/var/lib/argus/argus.db'), { dialect: 'sqlite', location: '/var/lib/argus/argus.db' });
    assert.deepEqual(parseDatabaseUrl('sqlite:data/a.db', '/srv'), { dialect: 'sqlite', location: '/srv/data/a.db' });
    assert.deepEqual(parseDatabaseUrl('sqlite::memory:'), { dialect: 'sqlite', location: ':memory:' });
    assert.deepEqual(parseDatabaseUrl('mariadb://root@127.0.0.1:3306/argus'), {
      dialect: 'mysql',
      location: 'mysql://root@127.0.0.1:3306/argus',
    });
    assert.deepEqual(parseDatabaseUrl('postgresql://u@h/db'), { dialect: 'postgres', location: 'postgresql://u@h/db' });
  });

  it('refuses other schemes without echoing credentials', () => {
    assert.throws(
      () => parseDatabaseUrl('oracle://user:pw@h/db'),
      (e: Error) => !e.message.includes('pw') && /Unsupported/.test(e.message),
    );
  });
});
