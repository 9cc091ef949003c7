import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { compareEtag, type FileDigest, PartHasher } from './etag';
import { assertPrefix } from './safe-keys';
import { abortError, hashFile, metered, READ_CHUNK, writeAtomic } from './transfer';
import { type PutOptions, type StorageDriver, StorageError, type Verified } from './types';

export interface S3DriverOptions {
  /** Custom endpoint (MinIO, B2, GCS: https://storage.googleapis.com); unset = AWS S3. */
  endpoint?: string;
  /** AWS region; S3-compatible services accept any ('us-east-1', GCS 'auto'). */
  region: string;
  bucket: string;
  /** Keys live under this prefix ("argus" → "argus/<key>"). */
  prefix?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (http://host/bucket/key). Default: true with a custom endpoint, false on AWS. */
  forcePathStyle?: boolean;
  /** Multipart part size in bytes (≥ 5 MiB); files up to this size go in one PUT. Default 8 MiB. */
  partSize?: number;
  /** Parts in flight per upload. Default 3. */
  queueSize?: number;
  /**
   * 'etag' (default): trust an MD5-form ETag (plain MD5 for one PUT, md5-of-part-md5s-N for a
   * multipart upload) and read back only when the ETag has another form.
   * 'read-back': always read an upload back to hash it, and check downloads by size only — for
   * buckets whose ETags are not MD5s although they look like one (AWS SSE-KMS / SSE-C).
   */
  verify?: 'etag' | 'read-back';
  /** Objects per ListObjectsV2 page (≤ 1000). */
  listPageSize?: number;
}

const MiB = 1024 * 1024;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const DENIED_NAMES = new Set(['AccessDenied', 'Forbidden', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken']);

function contentType(key: string): string {
  if (key.endsWith('.mp4')) return 'video/mp4';
  if (key.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  errors?: SdkError[];
  $metadata?: { httpStatusCode?: number };
}

/**
 * A tier in an S3-compatible bucket (AWS S3, MinIO, Backblaze B2, Google Cloud Storage through its
 * XML API with HMAC keys), with the AWS SDK v3. Uploads go through lib-storage's Upload (one PUT
 * up to `partSize`, multipart above), hashed while read and verified against the stored object.
 */
export class S3Driver implements StorageDriver {
  readonly kind = 's3' as const;
  /** The SDK client (exposed for tests). */
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly verifyMode: 'etag' | 'read-back';
  private readonly listPageSize: number;
  private readonly where: string;
  /** Kept only to scrub it out of any message. */
  readonly #secret: string;

  constructor(opts: S3DriverOptions) {
    this.bucket = opts.bucket;
    this.prefix = opts.prefix ? assertPrefix(opts.prefix.endsWith('/') ? opts.prefix : `${opts.prefix}/`) : '';
    this.partSize = opts.partSize ?? 8 * MiB;
    if (this.partSize < 5 * MiB) throw new RangeError('partSize must be at least 5 MiB (the S3 minimum)');
    this.queueSize = opts.queueSize ?? 3;
    this.verifyMode = opts.verify ?? 'etag';
    this.listPageSize = opts.listPageSize ?? 1000;
    this.where = `bucket "${opts.bucket}" at ${opts.endpoint ?? `AWS S3 (${opts.region})`}`;
    this.#secret = opts.secretAccessKey;
    this.client = new S3Client({
      endpoint: opts.endpoint,
      region: opts.region,
      forcePathStyle: opts.forcePathStyle ?? opts.endpoint !== undefined,
      credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
      // Since 3.729 the SDK adds CRC32 checksums to every upload and validates them on download by
      // default. Several S3-compatible services (older MinIO, B2, GCS's XML API, Ceph versions)
      // reject or mangle those headers, so only send them where the operation requires it.
      // Integrity is checked through MD5/ETag below instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
    });
  }

  private objectKey(key: string): string {
    return this.prefix + key;
  }

  /** Turns an SDK or network error into a StorageError with a clear message (and no secret). */
  private fail(err: unknown, what: string): StorageError {
    if (err instanceof StorageError) return err;
    const e = (err ?? {}) as SdkError;
    const status = e.$metadata?.httpStatusCode;
    const code = e.code ?? e.errors?.find((x) => x.code)?.code;
    const scrub = (s: string) => (this.#secret ? s.split(this.#secret).join('***') : s);
    // A HEAD error has no body, so the SDK can only name it "Unknown"/"NotFound": show the status then.
    const label = e.name && e.name !== 'Unknown' ? e.name : `HTTP ${status ?? '?'}`;
    if (e.name === 'AbortError') return abortError();
    if (e.name === 'NoSuchBucket' || (what === 'HeadBucket' && status === 404)) {
      return new StorageError('not-found', `S3 ${this.where}: the bucket does not exist`);
    }
    if ((e.name && DENIED_NAMES.has(e.name)) || status === 401 || status === 403) {
      return new StorageError(
        'access-denied',
        `S3 ${this.where}: access denied for ${what} (${label}); check the access key id, the secret key and the key's permissions`,
      );
    }
    if ((code && NETWORK_CODES.has(code)) || e.name === 'TimeoutError') {
      return new StorageError('unreachable', `S3 ${this.where}: the endpoint cannot be reached (${code ?? e.name})`);
    }
    if (e.name === 'NoSuchKey' || status === 404) return new StorageError('not-found', `S3 ${this.where}: ${what}: no such object`);
    return new StorageError('failed', scrub(`S3 ${this.where}: ${what} failed: ${label}: ${e.message ?? String(err)}`));
  }

  async putFile(key: string, localPath: string, opts: PutOptions = {}): Promise<Verified> {
    const size = await stat(localPath).then(
      (s) => s.size,
      () => Promise.reject(new StorageError('not-found', `No file at ${localPath}`)),
    );
    if (opts.signal?.aborted) throw abortError();
    const hasher = new PartHasher(this.partSize);
    const body = Readable.from(
      metered(createReadStream(localPath, { highWaterMark: READ_CHUNK }), { ...opts, onProgress: undefined }, hasher),
    );
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentLength: size, ContentType: contentType(key) },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    const onProgress = opts.onProgress;
    if (onProgress) upload.on('httpUploadProgress', (p) => p.loaded !== undefined && onProgress(p.loaded));
    const onAbort = () => void upload.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await upload.done();
    } catch (err) {
      throw this.fail(err, `upload of ${key}`);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      body.destroy();
    }
    const sent = hasher.digest();
    if (sent.size !== size)
      throw new StorageError('integrity', `${localPath} changed while it was uploaded (${size} → ${sent.size} bytes)`);
    try {
      await this.verifyStored(key, sent, size > this.partSize, opts.signal);
    } catch (err) {
      // Never leave bytes that failed verification under a real key.
      if (err instanceof StorageError && err.code === 'integrity') await this.delete(key).catch(() => undefined);
      throw err;
    }
    return { size: sent.size, md5: sent.md5 };
  }

  /** Compares the stored object with what was sent: size, then ETag, or the bytes read back. */
  private async verifyStored(key: string, sent: FileDigest, multipart: boolean, signal?: AbortSignal): Promise<void> {
    const head = await this.client
      .send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), { abortSignal: signal })
      .catch((err: unknown) => Promise.reject(this.fail(err, `HeadObject ${key}`)));
    if (head.ContentLength !== sent.size) {
      throw new StorageError('integrity', `S3 ${this.where}: ${key} holds ${head.ContentLength} bytes after upload, expected ${sent.size}`);
    }
    const verdict = this.verifyMode === 'read-back' ? 'unknown' : compareEtag(head.ETag, sent, multipart);
    if (verdict === 'mismatch') {
      throw new StorageError(
        'integrity',
        `S3 ${this.where}: ${key} has ETag ${head.ETag} after upload, which does not match the content sent`,
      );
    }
    if (verdict === 'unknown') {
      const back = await this.hashObject(key, signal);
      if (back.size !== sent.size || back.md5 !== sent.md5) {
        throw new StorageError(
          'integrity',
          `S3 ${this.where}: ${key} read back as ${back.size} bytes md5 ${back.md5}, expected md5 ${sent.md5}`,
        );
      }
    }
  }

  private async hashObject(key: string, signal?: AbortSignal): Promise<{ size: number; md5: string }> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), { abortSignal: signal });
      const md5 = createHash('md5');
      let size = 0;
      for await (const chunk of res.Body as Readable) {
        md5.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      return { size, md5: md5.digest('hex') };
    } catch (err) {
      throw this.fail(err, `read-back of ${key}`);
    }
  }

  async getFile(key: string, localPath: string, opts: PutOptions = {}): Promise<Verified> {
    let body: Readable | undefined;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), {
        abortSignal: opts.signal,
      });
      body = res.Body as Readable;
      let got: FileDigest | undefined;
      await writeAtomic(
        localPath,
        metered(body, opts),
        async (part) => {
          // Hash what is on disk, so the local write is checked too.
          got = await hashFile(part, this.partSize, opts.signal);
          if (res.ContentLength !== undefined && got.size !== res.ContentLength) {
            throw new StorageError('integrity', `S3 ${this.where}: ${key} downloaded ${got.size} bytes, expected ${res.ContentLength}`);
          }
          if (this.verifyMode === 'read-back') return; // ETags are not MD5s in this bucket: size only.
          const multipart = /-\d+"?$/.test(res.ETag ?? '');
          let verdict = compareEtag(res.ETag, got, multipart);
          if (verdict === 'unknown' && multipart) {
            // Uploaded with another part size: ask for part 1's size and hash again.
            const partSize = await this.firstPartSize(key, opts.signal);
            if (partSize && partSize !== this.partSize) verdict = compareEtag(res.ETag, await hashFile(part, partSize, opts.signal), true);
          }
          if (verdict === 'mismatch') {
            throw new StorageError(
              'integrity',
              `S3 ${this.where}: ${key} downloaded with md5 ${got.md5}, which does not match its ETag ${res.ETag}`,
            );
          }
          // 'unknown' (an ETag that is no MD5 of ours): checked by size only; the caller can
          // compare the md5 returned with the one putFile returned.
        },
        opts.signal,
      );
      return { size: got!.size, md5: got!.md5 };
    } catch (err) {
      throw this.fail(err, `download of ${key}`);
    } finally {
      body?.destroy();
    }
  }

  private async firstPartSize(key: string, signal?: AbortSignal): Promise<number | undefined> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), PartNumber: 1 }), {
      abortSignal: signal,
    });
    return head.ContentLength;
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { size: head.ContentLength ?? 0 };
    } catch (err) {
      const e = err as SdkError;
      if (e.name === 'NotFound' || e.name === 'NoSuchKey') return null;
      throw this.fail(err, `HeadObject ${key}`);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      // S3 answers 204 whether or not the key existed.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (err) {
      throw this.fail(err, `DeleteObject ${key}`);
    }
  }

  localPath(): null {
    return null;
  }

  async presignGet(key: string, ttlSeconds: number): Promise<string> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 604_800) {
      throw new RangeError(`ttlSeconds must be an integer from 1 to 604800 (7 days), got ${ttlSeconds}`);
    }
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), { expiresIn: ttlSeconds });
  }

  capacity(): Promise<null> {
    return Promise.resolve(null);
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw this.fail(err, 'HeadBucket');
    }
    // Reading the bucket is not writing to it: put and delete a probe (its name is no valid key).
    const probe = `${this.prefix}.argus-probe-${randomBytes(6).toString('hex')}`;
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: probe, Body: 'argus', ContentType: 'text/plain' }));
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: probe }));
    } catch (err) {
      throw this.fail(err, 'write probe');
    }
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix + prefix,
            ContinuationToken: token,
            MaxKeys: this.listPageSize,
          }),
        );
      } catch (err) {
        throw this.fail(err, `ListObjectsV2 ${prefix}`);
      }
      for (const o of page.Contents ?? []) {
        if (o.Key?.startsWith(this.prefix)) yield { key: o.Key.slice(this.prefix.length), size: o.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
