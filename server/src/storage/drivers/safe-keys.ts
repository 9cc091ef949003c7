import type { PutOptions, StorageDriver, Verified } from './types';

export const MAX_KEY_LENGTH = 1024;
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
/** Suffix of a local copy in progress (local-driver.ts): never a key of its own. */
export const PART_SUFFIX = '.part';

/** A key (or list prefix) that could escape the tier or is not portable between tiers. */
export class StorageKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid storage key ${JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key)}: ${reason}`);
    this.name = 'StorageKeyError';
  }
}

/** Why `path` is not a safe relative path of valid segments, or null when it is. */
function pathProblem(path: string): string | null {
  if (typeof path !== 'string' || path.length === 0) return 'empty';
  if (path.length > MAX_KEY_LENGTH) return `longer than ${MAX_KEY_LENGTH} characters`;
  if (path.includes('\\')) return 'backslashes are not allowed';
  if (path.startsWith('/')) return 'must be relative';
  for (const s of path.split('/')) {
    if (s === '') return 'empty path segment';
    if (s === '.' || s === '..') return `"${s}" segments are not allowed`;
    if (!SEGMENT.test(s)) return `segment "${s}" must match ${SEGMENT.source}`;
  }
  return null;
}

/** Why `key` is not a valid key, or null when it is. */
export function keyProblem(key: string): string | null {
  const problem = pathProblem(key);
  if (problem) return problem;
  if (key.endsWith(PART_SUFFIX)) return `the suffix ${PART_SUFFIX} is reserved for copies in progress`;
  return null;
}

export function assertKey(key: string): string {
  const problem = keyProblem(key);
  if (problem) throw new StorageKeyError(key, problem);
  return key;
}

/** A list prefix: empty, a key, or a key followed by "/". */
export function assertPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const problem = pathProblem(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  if (problem) throw new StorageKeyError(prefix, problem);
  return prefix;
}

/**
 * Validates every key before it reaches the driver: relative, "/"-separated segments of
 * [A-Za-z0-9_-][A-Za-z0-9_.-]*, at most 1024 characters. So no "..", no absolute paths, no
 * backslashes, nothing a filesystem or URL would read differently. `list` skips stored keys
 * that are not valid (objects someone else put in the bucket), since no caller could use them.
 */
export class SafeStorage implements StorageDriver {
  // Methods are async so that a bad key is a rejection, like every other failure.
  constructor(readonly inner: StorageDriver) {}

  get kind() {
    return this.inner.kind;
  }

  async putFile(key: string, localPath: string, opts?: PutOptions): Promise<Verified> {
    return this.inner.putFile(assertKey(key), localPath, opts);
  }
  async getFile(key: string, localPath: string, opts?: PutOptions): Promise<Verified> {
    return this.inner.getFile(assertKey(key), localPath, opts);
  }
  async stat(key: string) {
    return this.inner.stat(assertKey(key));
  }
  async delete(key: string) {
    return this.inner.delete(assertKey(key));
  }
  localPath(key: string) {
    return this.inner.localPath(assertKey(key));
  }
  async presignGet(key: string, ttlSeconds: number) {
    return this.inner.presignGet(assertKey(key), ttlSeconds);
  }
  capacity() {
    return this.inner.capacity();
  }
  check() {
    return this.inner.check();
  }
  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    for await (const entry of this.inner.list(assertPrefix(prefix))) {
      if (keyProblem(entry.key) === null) yield entry;
    }
  }
}
