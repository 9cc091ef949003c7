import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { S3RVER_KEY, startS3rver } from './s3rver';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { S3Driver, type S3DriverOptions } from '../src/storage/drivers/s3-driver';
import type { StorageError } from '../src/storage/drivers/types';

// s3rver is a pure-JS S3 emulator. What it does NOT do, and these tests therefore cannot show:
// - it does not verify SigV4 signatures (only that the access key id exists), so a wrong secret
//   key is accepted; the wrong-credentials test uses an unknown access key id instead;
// - it gives a multipart upload the plain MD5 of the whole object as ETag, not AWS's
//   md5-of-part-md5s-N; the AWS form is exercised by rewriting the reported ETag (see below).
// Pre-signed URL expiry (X-Amz-Date + X-Amz-Expires) and Range requests it does enforce.
const MiB = 1024 * 1024;
const BUCKET = 'argus';
const ACCESS_KEY = S3RVER_KEY;
const SECRET = S3RVER_KEY;
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

type Send = (command: any, options?: any) => Promise<any>;

/** Replaces the driver's client.send with `hook`, which may call the real one; records command names. */
function intercept(drv: S3Driver, hook?: (command: any, send: Send) => Promise<any>): string[] {
  const client = drv.client as any;
  const real: Send = client.send.bind(client);
  const names: string[] = [];
  client.send = (command: any, options?: any) => {
    names.push(command.constructor.name);
    return hook ? hook(command, (c, o) => real(c, o ?? options)) : real(command, options);
  };
  return names;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('S3Driver against an S3-compatible server (s3rver on loopback)', () => {
  let work: string;
  let s3rver: ChildProcess | undefined;
  let endpoint: string;
  let small: { path: string; data: Buffer };
  /** ~20 MiB: three parts of 8 MiB, 8 MiB and 4 MiB + a little. */
  let large: { path: string; data: Buffer };

  const driver = (extra: Partial<S3DriverOptions> = {}) =>
    new S3Driver({
      endpoint,
      region: 'us-east-1',
      bucket: BUCKET,
      prefix: 'tier',
      accessKeyId: ACCESS_KEY,
      secretAccessKey: SECRET,
      ...extra,
    });

  function file(name: string, data: Buffer) {
    const path = join(work, name);
    writeFileSync(path, data);
    return { path, data };
  }

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'argus-s3-'));
    ({ child: s3rver, endpoint } = await startS3rver(join(work, 's3rver'), BUCKET));
    small = file('small.bin', randomBytes(100 * 1024));
    large = file('large.bin', randomBytes(20 * MiB + 12_345));
  });
  after(async () => {
    if (s3rver && s3rver.exitCode === null && s3rver.signalCode === null) {
      s3rver.kill();
      await once(s3rver, 'exit');
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('check passes on a reachable, writable bucket and leaves no probe object behind', async () => {
    const drv = driver();
    const sent = intercept(drv);
    await drv.check();
    assert.deepEqual(sent, ['HeadBucketCommand', 'PutObjectCommand', 'DeleteObjectCommand']);
    const all = await drv.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    assert.deepEqual(
      (all.Contents ?? []).filter((o) => o.Key?.includes('argus-probe')),
      [],
    );
  });

  it('check names a missing bucket', async () => {
    await assert.rejects(driver({ bucket: 'no-such-bucket' }).check(), {
      name: 'StorageError',
      code: 'not-found',
      message: `S3 bucket "no-such-bucket" at ${endpoint}: the bucket does not exist`,
    });
  });

  it('check says access denied for unknown credentials, without printing the secret', async () => {
    const secret = 'wrong-secret-Zq8Kx1';
    await assert.rejects(driver({ accessKeyId: 'NOT-A-KEY', secretAccessKey: secret }).check(), (e: StorageError) => {
      assert.equal(e.code, 'access-denied');
      assert.match(e.message, /access denied for HeadBucket \(HTTP 403\); check the access key id, the secret key/);
      assert.ok(!e.message.includes(secret));
      return true;
    });
    // The same through an operation with a body: the service's own error name shows.
    await assert.rejects(driver({ accessKeyId: 'NOT-A-KEY', secretAccessKey: secret }).putFile('k/a.mp4', small.path), {
      code: 'access-denied',
      message: /\(InvalidAccessKeyId\)/,
    });
  });

  it('check says the endpoint cannot be reached when nothing listens there', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await assert.rejects(driver({ endpoint: `http://127.0.0.1:${port}` }).check(), {
      code: 'unreachable',
      message: `S3 bucket "argus" at http://127.0.0.1:${port}: the endpoint cannot be reached (ECONNREFUSED)`,
    });
  });

  it('uploads a small file in one PUT, verified by its plain MD5 ETag (no read-back)', async () => {
    const drv = driver();
    const sent = intercept(drv);
    const progress: number[] = [];
    const res = await drv.putFile('cam/2026-11-25/small.mp4', small.path, { onProgress: (n) => progress.push(n) });
    assert.deepEqual(res, { size: small.data.length, md5: md5(small.data) });
    assert.deepEqual(sent, ['PutObjectCommand', 'HeadObjectCommand']);
    assert.equal(progress.at(-1), small.data.length);
    assert.deepEqual(await drv.stat('cam/2026-11-25/small.mp4'), { size: small.data.length });
    // Stored under the tier's prefix, with a content type a browser can play.
    const head = await drv.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'tier/cam/2026-11-25/small.mp4' }));
    assert.equal(head.ContentType, 'video/mp4');
  });

  it('uploads a ~20 MB file in three multipart parts and verifies it (s3rver: whole-object MD5 ETag)', async () => {
    const drv = driver();
    const sent = intercept(drv);
    const progress: number[] = [];
    const res = await drv.putFile('cam/2026-11-25/large.mp4', large.path, { onProgress: (n) => progress.push(n) });
    assert.deepEqual(res, { size: large.data.length, md5: md5(large.data) });
    assert.deepEqual(
      sent.filter((n) => n !== 'UploadPartCommand'),
      ['CreateMultipartUploadCommand', 'CompleteMultipartUploadCommand', 'HeadObjectCommand'],
    );
    assert.equal(sent.filter((n) => n === 'UploadPartCommand').length, 3);
    assert.equal(progress.at(-1), large.data.length);
    assert.deepEqual(await drv.stat('cam/2026-11-25/large.mp4'), { size: large.data.length });
  });

  it('verifies an AWS-style multipart ETag (md5 of the part md5s, "-3") without reading back, and rejects a wrong one', async () => {
    // The AWS form, computed here independently of the driver.
    const parts = [0, 1, 2].map((i) =>
      createHash('md5')
        .update(large.data.subarray(i * 8 * MiB, (i + 1) * 8 * MiB))
        .digest(),
    );
    const awsEtag = `"${createHash('md5').update(Buffer.concat(parts)).digest('hex')}-3"`;
    const asAws = (etag: string) => async (command: any, send: Send) => {
      const out = await send(command);
      return command instanceof HeadObjectCommand ? { ...out, ETag: etag } : out;
    };

    const good = driver();
    const sent = intercept(good, asAws(awsEtag));
    assert.deepEqual(await good.putFile('mp/ok.mp4', large.path), { size: large.data.length, md5: md5(large.data) });
    assert.ok(!sent.includes('GetObjectCommand'), 'verified by ETag alone');

    const bad = driver();
    intercept(bad, asAws(`"${'f'.repeat(32)}-3"`));
    await assert.rejects(bad.putFile('mp/bad.mp4', large.path), { code: 'integrity', message: /has ETag "f{32}-3" after upload/ });
    assert.equal(await driver().stat('mp/bad.mp4'), null, 'the unverified object was removed');
  });

  it('rejects an upload whose reported ETag does not match (single PUT), and removes the object', async () => {
    const drv = driver();
    intercept(drv, async (command, send) => {
      const out = await send(command);
      return command instanceof HeadObjectCommand ? { ...out, ETag: `"${'0'.repeat(32)}"` } : out;
    });
    await assert.rejects(drv.putFile('corrupt/etag.mp4', small.path), (e: StorageError) => {
      assert.equal(e.code, 'integrity');
      assert.match(e.message, /corrupt\/etag\.mp4 has ETag "0{32}" after upload, which does not match the content sent/);
      return true;
    });
    assert.equal(await driver().stat('corrupt/etag.mp4'), null);
  });

  it('rejects an upload whose stored bytes were replaced before verification (the server reports their MD5)', async () => {
    const drv = driver();
    const other = randomBytes(small.data.length);
    intercept(drv, async (command, send) => {
      if (command instanceof HeadObjectCommand) {
        await send(new PutObjectCommand({ Bucket: BUCKET, Key: command.input.Key, Body: other }));
      }
      return send(command);
    });
    await assert.rejects(drv.putFile('corrupt/replaced.mp4', small.path), { code: 'integrity' });
    assert.equal(await driver().stat('corrupt/replaced.mp4'), null);
  });

  it('reads the object back when the ETag has an unknown form: intact bytes pass, replaced bytes fail', async () => {
    const opaque = async (command: any, send: Send) => {
      const out = await send(command);
      return command instanceof HeadObjectCommand ? { ...out, ETag: '"opaque-etag"' } : out;
    };
    const drv = driver();
    const sent = intercept(drv, opaque);
    assert.deepEqual(await drv.putFile('unknown/ok.mp4', small.path), { size: small.data.length, md5: md5(small.data) });
    assert.deepEqual(sent, ['PutObjectCommand', 'HeadObjectCommand', 'GetObjectCommand']);

    const bad = driver();
    intercept(bad, async (command, send) => {
      if (command instanceof HeadObjectCommand) {
        await send(new PutObjectCommand({ Bucket: BUCKET, Key: command.input.Key, Body: randomBytes(small.data.length) }));
      }
      return opaque(command, send);
    });
    await assert.rejects(bad.putFile('unknown/bad.mp4', small.path), { code: 'integrity', message: /read back as .* expected md5/ });
  });

  it("always reads back with verify: 'read-back' (for buckets whose ETags are not MD5s)", async () => {
    const drv = driver({ verify: 'read-back' });
    const sent = intercept(drv);
    await drv.putFile('readback/a.mp4', small.path);
    assert.deepEqual(sent, ['PutObjectCommand', 'HeadObjectCommand', 'GetObjectCommand']);
  });

  it('aborts an upload through its signal', async () => {
    const drv = driver();
    const ac = new AbortController();
    intercept(drv, (command, send) => {
      if (command instanceof UploadPartCommand) ac.abort();
      return send(command);
    });
    await assert.rejects(drv.putFile('abort/a.mp4', large.path, { signal: ac.signal }), { code: 'aborted' });
    assert.equal(await drv.stat('abort/a.mp4'), null);
  });

  it('getFile brings a multipart object back byte for byte, verified against its ETag', async () => {
    const drv = driver();
    await drv.putFile('get/large.mp4', large.path);
    const out = join(work, 'back', 'large.mp4');
    const progress: number[] = [];
    assert.deepEqual(await drv.getFile('get/large.mp4', out, { onProgress: (n) => progress.push(n) }), {
      size: large.data.length,
      md5: md5(large.data),
    });
    assert.ok(readFileSync(out).equals(large.data));
    assert.equal(progress.at(-1), large.data.length);
  });

  it('getFile rejects a download that does not match its ETag and leaves no file', async () => {
    const drv = driver();
    await drv.putFile('get/small.mp4', small.path);
    intercept(drv, async (command, send) => {
      const out = await send(command);
      return command instanceof GetObjectCommand ? { ...out, ETag: `"${'0'.repeat(32)}"` } : out;
    });
    const out = join(work, 'back', 'bad.mp4');
    await assert.rejects(drv.getFile('get/small.mp4', out), { code: 'integrity', message: /does not match its ETag/ });
    assert.throws(() => readFileSync(out), { code: 'ENOENT' });
  });

  it('getFile of a missing key fails with not-found', async () => {
    await assert.rejects(driver().getFile('get/none.mp4', join(work, 'none.mp4')), { code: 'not-found' });
  });

  it('lists the keys under a prefix with their sizes, across pages, without the tier prefix', async () => {
    const drv = driver({ listPageSize: 2 });
    for (const [key, bytes] of [
      ['list-a/2026-11-25/1.mp4', 1],
      ['list-a/2026-11-25/2.mp4', 2],
      ['list-a/2026-11-25/2.mp4.idx.json', 3],
      ['list-a/2026-11-26/3.mp4', 4],
      ['list-a/2026-11-26/4.mp4', 5],
      ['list-b/2026-11-25/1.mp4', 6],
    ] as const) {
      await drv.putFile(key, file(`list-${bytes}.bin`, randomBytes(bytes)).path);
    }
    const sent = intercept(drv);
    assert.deepEqual(await collect(drv.list('list-a/')), [
      { key: 'list-a/2026-11-25/1.mp4', size: 1 },
      { key: 'list-a/2026-11-25/2.mp4', size: 2 },
      { key: 'list-a/2026-11-25/2.mp4.idx.json', size: 3 },
      { key: 'list-a/2026-11-26/3.mp4', size: 4 },
      { key: 'list-a/2026-11-26/4.mp4', size: 5 },
    ]);
    assert.equal(sent.length, 3, 'five keys in pages of two');
    assert.deepEqual(
      (await collect(drv.list('list-a/2026-11-26'))).map((e) => e.key),
      ['list-a/2026-11-26/3.mp4', 'list-a/2026-11-26/4.mp4'],
    );
    assert.deepEqual(await collect(drv.list('list-c/')), []);
    // Another prefix in the same bucket is another tier: it sees none of these.
    assert.deepEqual(await collect(driver({ prefix: 'other-tier' }).list('')), []);
  });

  it('pre-signs a GET URL that serves the whole object and Range requests (206), and holds no secret', async () => {
    const drv = driver();
    await drv.putFile('presign/large.mp4', large.path);
    const url = await drv.presignGet('presign/large.mp4', 60);
    assert.match(url, /X-Amz-Expires=60/);
    const secret = 'unique-secret-Hq2Wv9';
    assert.ok(!(await driver({ secretAccessKey: secret }).presignGet('presign/large.mp4', 60)).includes(secret));

    const full = await fetch(url);
    assert.equal(full.status, 200);
    assert.ok(Buffer.from(await full.arrayBuffer()).equals(large.data));

    const start = 9 * MiB - 10; // across the first part boundary of the upload
    const ranged = await fetch(url, { headers: { Range: `bytes=${start}-${start + 99}` } });
    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers.get('content-range'), `bytes ${start}-${start + 99}/${large.data.length}`);
    assert.ok(Buffer.from(await ranged.arrayBuffer()).equals(large.data.subarray(start, start + 100)));
  });

  it('a pre-signed URL is refused once it has expired', async () => {
    const drv = driver();
    await drv.putFile('presign/small.mp4', small.path);
    const url = await drv.presignGet('presign/small.mp4', 1);
    // Poll until the server refuses it (X-Amz-Date has whole seconds: expiry comes within 1–2 s).
    const deadline = Date.now() + 10_000;
    let res: Response;
    for (;;) {
      res = await fetch(url);
      if (res.status !== 200 || Date.now() > deadline) break;
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Request has expired/);
    await assert.rejects(drv.presignGet('presign/small.mp4', 0), RangeError);
    await assert.rejects(drv.presignGet('presign/small.mp4', 8 * 24 * 3600), RangeError);
  });

  it('deletes a key, and deleting a missing key is fine', async () => {
    const drv = driver();
    await drv.putFile('del/a.mp4', small.path);
    await drv.delete('del/a.mp4');
    assert.equal(await drv.stat('del/a.mp4'), null);
    await drv.delete('del/a.mp4');
    await drv.delete('del/never-there.mp4');
  });

  it('is remote: no local path, no capacity', async () => {
    const drv = driver();
    assert.equal(drv.kind, 's3');
    assert.equal(drv.localPath(), null);
    assert.equal(await drv.capacity(), null);
  });
});
