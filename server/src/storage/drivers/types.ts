/**
 * The storage driver interface: one named tier (a local directory or an S3-compatible bucket)
 * holding recording files under keys like `<cameraId>/<YYYY-MM-DD>/<20261125T013000Z-abc>.mp4`.
 * Wrap a driver in SafeStorage (safe-keys.ts) before handing it keys that came from anywhere.
 */

/** Options of a transfer, upload or download. */
export interface PutOptions {
  signal?: AbortSignal;
  /** Called as bytes move, with the running total. */
  onProgress?: (bytesDone: number) => void;
  /** Throttle in bytes per second; undefined = unlimited. */
  bytesPerSecond?: number;
}

/** What a transfer verified: the byte count and the hex MD5 of the whole file. */
export interface Verified {
  size: number;
  md5: string;
}

export interface StorageDriver {
  readonly kind: 'local' | 's3';
  /**
   * Copies a local file to `key` and verifies it arrived intact (size + MD5; for S3 through the
   * ETag, or by reading the object back when the ETag is not an MD5 form). Overwrites an existing
   * key. Resolves with what was verified.
   */
  putFile(key: string, localPath: string, opts?: PutOptions): Promise<Verified>;
  /** Downloads `key` into a local file (written as `<path>.part`, then renamed), verified the same way. */
  getFile(key: string, localPath: string, opts?: PutOptions): Promise<Verified>;
  /** null when the key does not exist. */
  stat(key: string): Promise<{ size: number } | null>;
  /** No error when the key is already gone. */
  delete(key: string): Promise<void>;
  /** Local tiers: absolute path of the key (nginx serves it); null for remote tiers. */
  localPath(key: string): string | null;
  /** Remote tiers: a pre-signed, expiring GET URL (Range requests work); null for local tiers. */
  presignGet(key: string, ttlSeconds: number): Promise<string | null>;
  /** Local: free/total bytes of the filesystem; remote: null. */
  capacity(): Promise<{ freeBytes: number; totalBytes: number } | null>;
  /** Throws a StorageError saying what is wrong when the tier is unreachable or not writable. */
  check(): Promise<void>;
  /** Keys under a prefix (a plain string prefix, as in S3), with their sizes; paginated internally. */
  list(prefix: string): AsyncIterable<{ key: string; size: number }>;
}

export type StorageErrorCode =
  /** The directory or bucket does not exist. */
  | 'not-found'
  /** Credentials rejected, or no permission. */
  | 'access-denied'
  /** The endpoint did not answer (DNS, connection refused, timeout). */
  | 'unreachable'
  /** The bytes that arrived are not the bytes that were sent. */
  | 'integrity'
  /** The transfer was aborted through its signal. */
  | 'aborted'
  | 'failed';

/** Every failure a driver reports on purpose. Messages name the tier and the key, never a secret. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
