import { randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, opendir, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { PartHasher } from './etag';
import { PART_SUFFIX } from './safe-keys';
import { hashFile, metered, READ_CHUNK, writeAtomic } from './transfer';
import { type PutOptions, type StorageDriver, StorageError, type Verified } from './types';

/** The part size does not matter for a local copy: only the whole MD5 is compared. */
const ONE_PART = Number.MAX_SAFE_INTEGER;

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * A tier that is a directory (hot SSD, warm HDD or NAS mount). Keys map to paths below `rootDir`;
 * copies go through `<path>.<random>.part` + fsync + rename, so a crash never leaves half a file
 * under a real name (a leftover `.part` file is never listed).
 */
export class LocalDriver implements StorageDriver {
  readonly kind = 'local' as const;
  readonly rootDir: string;

  constructor(rootDir: string) {
    if (!isAbsolute(rootDir)) rootDir = resolve(rootDir);
    this.rootDir = rootDir;
  }

  localPath(key: string): string {
    return join(this.rootDir, ...key.split('/'));
  }

  putFile(key: string, localPath: string, opts: PutOptions = {}): Promise<Verified> {
    return this.copy(localPath, this.localPath(key), opts);
  }

  getFile(key: string, localPath: string, opts: PutOptions = {}): Promise<Verified> {
    return this.copy(this.localPath(key), localPath, opts);
  }

  /** Copies src to dest atomically, hashing what is read, then compares size + MD5 of what was written. */
  private async copy(src: string, dest: string, opts: PutOptions): Promise<Verified> {
    const before = await stat(src).catch((err: unknown) => {
      throw isMissing(err) ? new StorageError('not-found', `No file at ${src}`) : err;
    });
    const read = new PartHasher(ONE_PART);
    const source = metered(createReadStream(src, { highWaterMark: READ_CHUNK }), opts, read);
    let sent: Verified = { size: 0, md5: '' };
    await writeAtomic(
      dest,
      source,
      async (part) => {
        sent = read.digest();
        if (sent.size !== before.size) {
          throw new StorageError('integrity', `${src} changed while it was copied (${before.size} → ${sent.size} bytes)`);
        }
        const written = await hashFile(part, ONE_PART, opts.signal);
        if (written.size !== sent.size || written.md5 !== sent.md5) {
          throw new StorageError(
            'integrity',
            `Copy of ${src} to ${dest} does not match: wrote ${written.size} bytes md5 ${written.md5}, expected ${sent.size} bytes md5 ${sent.md5}`,
          );
        }
      },
      opts.signal,
    );
    return { size: sent.size, md5: sent.md5 };
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const s = await stat(this.localPath(key));
      return s.isFile() ? { size: s.size } : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await unlink(this.localPath(key)).catch((err: unknown) => {
      if (!isMissing(err)) throw err;
    });
  }

  presignGet(): Promise<null> {
    return Promise.resolve(null);
  }

  async capacity(): Promise<{ freeBytes: number; totalBytes: number }> {
    const s = await statfs(this.rootDir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  }

  async check(): Promise<void> {
    const where = `Storage directory ${this.rootDir}`;
    const s = await stat(this.rootDir).catch((err: unknown) => {
      throw isMissing(err)
        ? new StorageError('not-found', `${where} does not exist`)
        : new StorageError('failed', `${where}: ${String(err)}`);
    });
    if (!s.isDirectory()) throw new StorageError('not-found', `${where} is not a directory`);
    // access() can say yes on a read-only mount or a full disk: write a probe file for real.
    const probe = join(this.rootDir, `.argus-probe-${randomBytes(6).toString('hex')}`);
    try {
      await access(this.rootDir, constants.W_OK);
      await writeFile(probe, 'argus');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new StorageError(
        code === 'EACCES' || code === 'EPERM' ? 'access-denied' : 'failed',
        `${where} is not writable (${code ?? String(err)})`,
      );
    } finally {
      await unlink(probe).catch(() => undefined);
    }
  }

  /** Files under the prefix, in key order within each directory; `.part` files and dot files are skipped. */
  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    // Start at the deepest directory the prefix names, then filter by the whole prefix.
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash);
    yield* this.walk(base, prefix);
  }

  private async *walk(dirKey: string, prefix: string): AsyncIterable<{ key: string; size: number }> {
    const dirPath = dirKey === '' ? this.rootDir : this.localPath(dirKey);
    let names: { name: string; dir: boolean; file: boolean }[];
    try {
      names = [];
      for await (const e of await opendir(dirPath)) names.push({ name: e.name, dir: e.isDirectory(), file: e.isFile() });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of names) {
      if (e.name.startsWith('.')) continue;
      const key = dirKey === '' ? e.name : `${dirKey}/${e.name}`;
      if (e.dir) {
        // Descend only where keys can still match the prefix.
        if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) yield* this.walk(key, prefix);
      } else if (e.file && key.startsWith(prefix) && !e.name.endsWith(PART_SUFFIX)) {
        const s = await stat(join(dirPath, e.name)).catch(() => null);
        if (s) yield { key, size: s.size };
      }
    }
  }
}
