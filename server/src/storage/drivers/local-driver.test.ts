import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalDriver } from './local-driver';
import { StorageError } from './types';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const KEY = '33333333-3333-4333-8333-333333333333/2026-11-25/20261125T013000Z-abc.mp4';

/** Every file below `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('LocalDriver', () => {
  let work: string;
  let root: string;
  let drv: LocalDriver;
  let n = 0;
  /** A fresh source file with random content. */
  function source(bytes: number): { path: string; data: Buffer } {
    const data = randomBytes(bytes);
    const path = join(work, `src-${++n}.bin`);
    writeFileSync(path, data);
    return { path, data };
  }

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'argus-local-driver-'));
    root = join(work, 'tier');
    mkdirSync(root);
    drv = new LocalDriver(root);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('copies a file under its key, creating the folders, and resolves with the verified size and md5', async () => {
    const src = source(3 * 1024 * 1024 + 17);
    const res = await drv.putFile(KEY, src.path);
    assert.deepEqual(res, { size: src.data.length, md5: md5(src.data) });
    assert.equal(drv.localPath(KEY), join(root, ...KEY.split('/')));
    assert.ok(readFileSync(drv.localPath(KEY)).equals(src.data));
    assert.deepEqual(await drv.stat(KEY), { size: src.data.length });
    assert.deepEqual(filesUnder(root), [KEY], 'no .part file left behind');
  });

  it('overwrites an existing key', async () => {
    const src = source(1000);
    await drv.putFile('over/a.mp4', source(5000).path);
    assert.deepEqual(await drv.putFile('over/a.mp4', src.path), { size: 1000, md5: md5(src.data) });
    assert.ok(readFileSync(drv.localPath('over/a.mp4')).equals(src.data));
  });

  it('copies an empty file', async () => {
    assert.deepEqual(await drv.putFile('empty/a.mp4', source(0).path), { size: 0, md5: 'd41d8cd98f00b204e9800998ecf8427e' });
  });

  it('gets a key back into a local file, byte for byte', async () => {
    const src = source(200_000);
    await drv.putFile('get/a.mp4', src.path);
    const out = join(work, 'out', 'deep', 'a.mp4');
    assert.deepEqual(await drv.getFile('get/a.mp4', out), { size: src.data.length, md5: md5(src.data) });
    assert.ok(readFileSync(out).equals(src.data));
    assert.deepEqual(
      readdirSync(join(work, 'out', 'deep')).filter((f) => f.endsWith('.part')),
      [],
    );
  });

  it('fails with not-found for a missing source or key', async () => {
    await assert.rejects(drv.putFile('x/a.mp4', join(work, 'nope.bin')), (e: StorageError) => e.code === 'not-found');
    await assert.rejects(drv.getFile('x/nope.mp4', join(work, 'nope-out.bin')), (e: StorageError) => e.code === 'not-found');
    assert.equal(existsSync(join(work, 'nope-out.bin')), false);
  });

  it('refuses a copy whose source grows while it is read, leaving neither the key nor a .part file', async () => {
    const src = source(3 * 1024 * 1024);
    let grown = false;
    const onProgress = () => {
      if (!grown) appendFileSync(src.path, randomBytes(1000));
      grown = true;
    };
    await assert.rejects(drv.putFile('grow/a.mp4', src.path, { onProgress }), (e: StorageError) => {
      assert.equal(e.code, 'integrity');
      assert.match(e.message, /changed while it was copied/);
      return true;
    });
    assert.ok(grown);
    assert.deepEqual(readdirSync(join(root, 'grow')), []);
  });

  it('an aborted overwrite keeps the old content and leaves no .part file', async () => {
    const old = source(1000);
    await drv.putFile('abort/a.mp4', old.path);
    const ac = new AbortController();
    const big = source(4 * 1024 * 1024);
    // 1 MiB/s: the copy would take 4 s; abort after the first chunk.
    const p = drv.putFile('abort/a.mp4', big.path, { signal: ac.signal, bytesPerSecond: 1024 * 1024, onProgress: () => ac.abort() });
    await assert.rejects(p, (e: StorageError) => e.code === 'aborted');
    assert.ok(readFileSync(drv.localPath('abort/a.mp4')).equals(old.data));
    assert.deepEqual(readdirSync(join(root, 'abort')), ['a.mp4']);
  });

  it('honours bytesPerSecond: 384 KiB at 1 MiB/s takes at least ~375 ms, and reports progress up to the size', async () => {
    const src = source(384 * 1024);
    const seen: number[] = [];
    const t0 = performance.now();
    await drv.putFile('slow/a.mp4', src.path, { bytesPerSecond: 1024 * 1024, onProgress: (b) => seen.push(b) });
    const elapsed = performance.now() - t0;
    // Only a lower bound: a busy machine can make it slower, never faster.
    assert.ok(elapsed >= 350, `took ${elapsed.toFixed(0)} ms`);
    assert.equal(seen.at(-1), src.data.length);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
    );
  });

  it('stat says null for a missing key or a folder; delete is quiet when the key is gone', async () => {
    await drv.putFile('del/a.mp4', source(10).path);
    assert.equal(await drv.stat('del/none.mp4'), null);
    assert.equal(await drv.stat('del'), null);
    assert.equal(await drv.stat('nodir/at/all.mp4'), null);
    await drv.delete('del/a.mp4');
    assert.equal(await drv.stat('del/a.mp4'), null);
    await drv.delete('del/a.mp4');
    await drv.delete('nodir/at/all.mp4');
  });

  it('lists the files under a prefix with their sizes, never a .part leftover or a dot file', async () => {
    const base = 'list-cam';
    await drv.putFile(`${base}/2026-11-25/b.mp4`, source(20).path);
    await drv.putFile(`${base}/2026-11-25/a.mp4`, source(10).path);
    await drv.putFile(`${base}/2026-11-25/a.mp4.idx.json`, source(5).path);
    await drv.putFile(`${base}/2026-11-26/c.mp4`, source(30).path);
    await drv.putFile(`${base}x/other.mp4`, source(1).path);
    // What a crash in the middle of a copy leaves behind, and a stray dot file.
    writeFileSync(join(root, base, '2026-11-25', 'd.mp4.1a2b3c.part'), 'half');
    writeFileSync(join(root, base, '2026-11-25', '.DS_Store'), 'x');

    assert.deepEqual(await collect(drv.list(`${base}/`)), [
      { key: `${base}/2026-11-25/a.mp4`, size: 10 },
      { key: `${base}/2026-11-25/a.mp4.idx.json`, size: 5 },
      { key: `${base}/2026-11-25/b.mp4`, size: 20 },
      { key: `${base}/2026-11-26/c.mp4`, size: 30 },
    ]);
    assert.deepEqual(
      (await collect(drv.list(`${base}/2026-11-25/a`))).map((e) => e.key),
      [`${base}/2026-11-25/a.mp4`, `${base}/2026-11-25/a.mp4.idx.json`],
    );
    assert.deepEqual(
      (await collect(drv.list(base))).map((e) => e.key),
      [
        `${base}/2026-11-25/a.mp4`,
        `${base}/2026-11-25/a.mp4.idx.json`,
        `${base}/2026-11-25/b.mp4`,
        `${base}/2026-11-26/c.mp4`,
        `${base}x/other.mp4`,
      ],
    );
    assert.deepEqual(await collect(drv.list('no-such-prefix/')), []);
    assert.ok((await collect(drv.list(''))).some((e) => e.key === KEY));
  });

  it('reports the free and total bytes of its filesystem', async () => {
    const c = await drv.capacity();
    assert.ok(c.totalBytes > 0 && c.freeBytes >= 0 && c.freeBytes <= c.totalBytes, JSON.stringify(c));
  });

  it('is local: no pre-signed URLs', async () => {
    assert.equal(drv.kind, 'local');
    assert.equal(await drv.presignGet(), null);
  });

  it('check passes on a writable folder and leaves nothing behind', async () => {
    const dir = join(work, 'check-ok');
    mkdirSync(dir);
    await new LocalDriver(dir).check();
    assert.deepEqual(readdirSync(dir), []);
  });

  it('check says clearly when the folder is missing or is a file', async () => {
    await assert.rejects(new LocalDriver(join(work, 'missing')).check(), {
      name: 'StorageError',
      code: 'not-found',
      message: `Storage directory ${join(work, 'missing')} does not exist`,
    });
    const file = source(1).path;
    await assert.rejects(new LocalDriver(file).check(), { code: 'not-found', message: `Storage directory ${file} is not a directory` });
  });

  it(
    'check says clearly when the folder is not writable',
    { skip: process.getuid?.() === 0 ? 'root can write anywhere' : false },
    async () => {
      const dir = join(work, 'read-only');
      mkdirSync(dir);
      chmodSync(dir, 0o555);
      try {
        await assert.rejects(new LocalDriver(dir).check(), { code: 'access-denied', message: /is not writable/ });
      } finally {
        chmodSync(dir, 0o755);
      }
    },
  );
});
