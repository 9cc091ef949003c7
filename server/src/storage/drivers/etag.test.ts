import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { compareEtag, multipartEtag, PartHasher } from './etag';

const md5 = (b: Buffer) => createHash('md5').update(b).digest();

/** Hashes `data` fed in uneven pieces, as a stream would. */
function digestOf(data: Buffer, partSize: number) {
  const h = new PartHasher(partSize);
  for (let at = 0; at < data.length;) {
    const n = 1 + ((at * 7919) % 1000);
    h.update(data.subarray(at, at + n));
    at += n;
  }
  return h.digest();
}

describe('ETag arithmetic', () => {
  it('hashes the whole content and each part, whatever the chunking', () => {
    const data = randomBytes(10_000);
    const d = digestOf(data, 4096);
    assert.equal(d.size, 10_000);
    assert.equal(d.md5, md5(data).toString('hex'));
    assert.deepEqual(d.partMd5s, [md5(data.subarray(0, 4096)), md5(data.subarray(4096, 8192)), md5(data.subarray(8192))]);
  });

  it('cuts no empty last part when the size is a multiple of the part size, and one empty part for an empty file', () => {
    assert.equal(digestOf(randomBytes(8192), 4096).partMd5s.length, 2);
    const empty = new PartHasher(4096).digest();
    assert.deepEqual(empty.partMd5s, [md5(Buffer.alloc(0))]);
    assert.equal(empty.md5, 'd41d8cd98f00b204e9800998ecf8427e');
  });

  it('builds the multipart ETag as md5 of the concatenated part md5s, dash, part count', () => {
    const parts = [md5(Buffer.from('a')), md5(Buffer.from('b'))];
    assert.equal(multipartEtag(parts), `${createHash('md5').update(Buffer.concat(parts)).digest('hex')}-2`);
  });

  it('matches a quoted plain ETag, or the multipart form for the same parts', () => {
    const data = randomBytes(10_000);
    const d = digestOf(data, 4096);
    assert.equal(compareEtag(`"${d.md5}"`, d, false), 'match');
    assert.equal(compareEtag(`"${d.md5.toUpperCase()}"`, d, false), 'match');
    // Some services (s3rver) give a multipart upload the plain MD5 of the whole.
    assert.equal(compareEtag(`"${d.md5}"`, d, true), 'match');
    assert.equal(compareEtag(`"${multipartEtag(d.partMd5s)}"`, d, true), 'match');
  });

  it('reports a mismatch for an MD5-form ETag that our bytes do not explain', () => {
    const d = digestOf(randomBytes(10_000), 4096);
    assert.equal(compareEtag(`"${'0'.repeat(32)}"`, d, false), 'mismatch');
    assert.equal(compareEtag(`"${'0'.repeat(32)}-3"`, d, true), 'mismatch');
  });

  it('says unknown when the ETag cannot be checked: other part count, opaque, missing, plain after multipart', () => {
    const d = digestOf(randomBytes(10_000), 4096);
    assert.equal(compareEtag(`"${multipartEtag(d.partMd5s).replace(/-3$/, '-2')}"`, d, true), 'unknown');
    assert.equal(compareEtag('"opaque-etag"', d, false), 'unknown');
    assert.equal(compareEtag(undefined, d, false), 'unknown');
    assert.equal(compareEtag(`"${'0'.repeat(32)}"`, d, true), 'unknown');
  });
});
