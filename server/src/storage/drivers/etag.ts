import { createHash, type Hash } from 'node:crypto';

/**
 * MD5 of a byte stream, whole and per part of `partSize` bytes: what an S3 ETag is made of.
 * A single PUT's ETag is the hex MD5; a multipart upload's is md5(part md5s concatenated) + "-N"
 * (AWS, MinIO, Ceph...), provided the parts were cut at the same size.
 */
export class PartHasher {
  private readonly whole = createHash('md5');
  private part: Hash = createHash('md5');
  private partFill = 0;
  private readonly parts: Buffer[] = [];
  size = 0;

  constructor(private readonly partSize: number) {}

  update(chunk: Buffer): void {
    this.whole.update(chunk);
    this.size += chunk.length;
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(this.partSize - this.partFill, chunk.length - at);
      this.part.update(chunk.subarray(at, at + take));
      this.partFill += take;
      at += take;
      if (this.partFill === this.partSize) this.closePart();
    }
  }

  private closePart() {
    this.parts.push(this.part.digest());
    this.part = createHash('md5');
    this.partFill = 0;
  }

  /** Call once, at the end. */
  digest(): FileDigest {
    if (this.partFill > 0 || this.parts.length === 0) this.closePart();
    return { size: this.size, md5: this.whole.digest('hex'), partMd5s: this.parts, partSize: this.partSize };
  }
}

export interface FileDigest {
  size: number;
  /** Hex MD5 of the whole content. */
  md5: string;
  /** Raw MD5 of each part (one part when the content fits in one). */
  partMd5s: Buffer[];
  partSize: number;
}

/** The ETag S3 gives a multipart upload made of these parts. */
export function multipartEtag(partMd5s: Buffer[]): string {
  return `${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${partMd5s.length}`;
}

/**
 * Compares a service's ETag with the content we sent (or received):
 * - 'match': it is the whole MD5, or the multipart form for our parts;
 * - 'mismatch': it has an MD5 form that cannot be explained by our bytes;
 * - 'unknown': it is not an MD5 form we can check (e.g. a multipart ETag cut at another part
 *   size, an SSE-KMS/SSE-C object, a service's opaque ETag): read the bytes back to verify.
 * `multipart` says whether the object was uploaded in parts (an unexplained plain ETag of a
 * multipart upload is 'unknown', since some services do not use the AWS form).
 */
export function compareEtag(etag: string | undefined, digest: FileDigest, multipart: boolean): 'match' | 'mismatch' | 'unknown' {
  const e = (etag ?? '').replace(/"/g, '').trim().toLowerCase();
  if (/^[0-9a-f]{32}$/.test(e)) {
    if (e === digest.md5) return 'match';
    return multipart ? 'unknown' : 'mismatch';
  }
  const m = /^([0-9a-f]{32})-(\d+)$/.exec(e);
  if (m) {
    if (Number(m[2]) !== digest.partMd5s.length) return 'unknown';
    return e === multipartEtag(digest.partMd5s) ? 'match' : 'mismatch';
  }
  return 'unknown';
}
