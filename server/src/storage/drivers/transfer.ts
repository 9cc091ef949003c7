import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FileDigest, PartHasher } from './etag';
import { PART_SUFFIX } from './safe-keys';
import { type PutOptions, StorageError } from './types';

/** Read size for file streams: large enough that a 2 GB chunk is a few thousand reads. */
export const READ_CHUNK = 1024 * 1024;

/**
 * Paces a byte stream at `bytesPerSecond`: after n bytes in total, the stream has taken at least
 * n / bytesPerSecond seconds since the first byte (so a file of S bytes takes ≥ S / rate).
 */
export class Throttle {
  private start = 0;
  private total = 0;

  constructor(private readonly bytesPerSecond: number) {
    if (!(bytesPerSecond > 0)) throw new RangeError(`bytesPerSecond must be > 0, got ${bytesPerSecond}`);
  }

  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    if (this.total === 0) this.start = now;
    this.total += bytes;
    const due = this.start + (this.total / this.bytesPerSecond) * 1000;
    if (due > now) await sleep(due - now, undefined, { signal });
  }
}

export function abortError(): StorageError {
  return new StorageError('aborted', 'Transfer aborted');
}

/** Passes the chunks of `source` through, throttled, counted and hashed; stops when `signal` aborts. */
export async function* metered(source: AsyncIterable<Buffer>, opts: PutOptions, hasher?: PartHasher): AsyncGenerator<Buffer> {
  const throttle = opts.bytesPerSecond === undefined ? null : new Throttle(opts.bytesPerSecond);
  let done = 0;
  for await (const chunk of source) {
    if (opts.signal?.aborted) throw abortError();
    if (throttle) await throttle.take(chunk.length, opts.signal).catch(() => Promise.reject(abortError()));
    hasher?.update(chunk);
    done += chunk.length;
    opts.onProgress?.(done);
    yield chunk;
  }
}

/** MD5 of a file, whole and per part. */
export async function hashFile(path: string, partSize: number, signal?: AbortSignal): Promise<FileDigest> {
  const hasher = new PartHasher(partSize);
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK, signal })) hasher.update(chunk as Buffer);
  return hasher.digest();
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const fh = await open(path, flags);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Writes `source` to `dest` atomically: into `<dest>.<random>.part`, fsync, `verify(partPath)`,
 * rename over `dest`, fsync the directory. On any failure the part file is removed, so `dest`
 * holds either its old content or the new, verified one — never half a file.
 */
export async function writeAtomic(
  dest: string,
  source: AsyncIterable<Buffer>,
  verify: (partPath: string) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const dir = dirname(dest);
  await mkdir(dir, { recursive: true });
  const part = `${dest}.${randomBytes(6).toString('hex')}${PART_SUFFIX}`;
  try {
    await pipeline(source, createWriteStream(part, { flags: 'wx' }), { signal });
    await fsyncPath(part, 'r+');
    await verify(part);
    await rename(part, dest);
  } catch (err) {
    await unlink(part).catch(() => undefined);
    if (signal?.aborted) throw abortError();
    throw err;
  }
  await fsyncPath(dir, 'r');
}
