import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertKey, assertPrefix, keyProblem, SafeStorage, StorageKeyError } from './safe-keys';
import type { StorageDriver } from './types';

/** A driver that records what reached it. */
function recorder() {
  const seen: string[] = [];
  const stored = ['cam/2026-11-25/a.mp4', 'cam/bad name.mp4', '../escape', 'cam/2026-11-25/a.mp4.idx.json'];
  const inner: StorageDriver = {
    kind: 'local',
    putFile: async (key) => (seen.push(key), { size: 1, md5: 'x' }),
    getFile: async (key) => (seen.push(key), { size: 1, md5: 'x' }),
    stat: async (key) => (seen.push(key), { size: 1 }),
    delete: async (key) => void seen.push(key),
    localPath: (key) => (seen.push(key), `/root/${key}`),
    presignGet: async (key) => (seen.push(key), null),
    capacity: async () => null,
    check: async () => undefined,
    list: async function* (prefix) {
      seen.push(prefix);
      for (const key of stored) yield { key, size: 1 };
    },
  };
  return { seen, safe: new SafeStorage(inner) };
}

const TRAVERSALS = [
  '../etc/passwd',
  'cam/../../etc/passwd',
  'cam/..',
  '..',
  '.',
  './cam/a.mp4',
  'cam/./a.mp4',
  '/etc/passwd',
  '//server/share',
  'cam\\..\\..\\boot.ini',
  'C:\\Windows\\win.ini',
  'cam//a.mp4',
  'cam/a.mp4/',
  '',
  'cam/%2e%2e/a.mp4',
  'cam/\u0000.mp4',
  'cam/a b.mp4',
  'cam/ä.mp4',
  'cam/.hidden',
  'cam/a.mp4\n',
  'x'.repeat(1025),
];

describe('storage keys', () => {
  it('accepts recording keys and their sidecars', () => {
    for (const key of [
      '33333333-3333-4333-8333-333333333333/2026-11-25/20261125T013000Z-abc.mp4',
      '33333333-3333-4333-8333-333333333333/2026-11-25/20261125T013000Z-abc.mp4.idx.json',
      'a',
      '_x/-y/z..mp4',
      'x'.repeat(1024),
    ]) {
      assert.equal(keyProblem(key), null, key);
      assert.equal(assertKey(key), key);
    }
  });

  it('rejects traversal attempts, absolute paths, backslashes, empty segments and odd characters with a StorageKeyError', () => {
    for (const key of TRAVERSALS) {
      assert.throws(() => assertKey(key), StorageKeyError, JSON.stringify(key));
      assert.notEqual(keyProblem(key), null, JSON.stringify(key));
    }
  });

  it('reserves the .part suffix for copies in progress', () => {
    assert.throws(() => assertKey('cam/a.mp4.part'), /reserved/);
    assert.equal(assertPrefix('cam/a.mp4.par'), 'cam/a.mp4.par');
  });

  it('accepts list prefixes that are empty, a key, or a key and a slash', () => {
    for (const p of ['', 'cam', 'cam/', 'cam/2026-11', 'cam/2026-11-25/']) assert.equal(assertPrefix(p), p);
    for (const p of ['/', '../', 'cam/../', '/cam/', 'cam//', '.']) assert.throws(() => assertPrefix(p), StorageKeyError, p);
  });

  it('names the key and the reason in the message, cut short when long', () => {
    assert.throws(() => assertKey('cam/../x'), {
      name: 'StorageKeyError',
      message: 'Invalid storage key "cam/../x": ".." segments are not allowed',
    });
    const err = (() => {
      try {
        assertKey('/'.repeat(2000));
      } catch (e) {
        return e as StorageKeyError;
      }
    })()!;
    assert.ok(err.message.length < 200, err.message);
    assert.equal(err.key.length, 2000);
  });
});

describe('SafeStorage', () => {
  it('rejects a bad key before it reaches the driver, for every keyed method', async () => {
    const { seen, safe } = recorder();
    for (const key of TRAVERSALS) {
      await assert.rejects(safe.putFile(key, '/tmp/x'), StorageKeyError);
      await assert.rejects(safe.getFile(key, '/tmp/x'), StorageKeyError);
      await assert.rejects(safe.stat(key), StorageKeyError);
      await assert.rejects(safe.delete(key), StorageKeyError);
      await assert.rejects(safe.presignGet(key, 60), StorageKeyError);
      assert.throws(() => safe.localPath(key), StorageKeyError);
    }
    await assert.rejects(async () => {
      for await (const _ of safe.list('../')) void _;
    }, StorageKeyError);
    assert.deepEqual(seen, []);
  });

  it('passes good keys through unchanged', async () => {
    const { seen, safe } = recorder();
    const key = 'cam/2026-11-25/a.mp4';
    await safe.putFile(key, '/tmp/x');
    await safe.stat(key);
    assert.equal(safe.localPath(key), `/root/${key}`);
    assert.equal(safe.kind, 'local');
    assert.deepEqual(seen, [key, key, key]);
  });

  it('lists only keys that are valid, so callers can pass them back', async () => {
    const { safe } = recorder();
    const keys: string[] = [];
    for await (const e of safe.list('cam/')) keys.push(e.key);
    assert.deepEqual(keys, ['cam/2026-11-25/a.mp4', 'cam/2026-11-25/a.mp4.idx.json']);
  });
});
