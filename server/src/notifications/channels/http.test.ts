import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyHttpStatus } from './http';

describe('classifyHttpStatus', () => {
  it('treats every 2xx as delivered', () => {
    for (const s of [200, 201, 202, 204, 299]) assert.deepEqual(classifyHttpStatus(s), { ok: true, retryable: false });
  });

  it('retries 408, 429 and every 5xx', () => {
    for (const s of [408, 429, 500, 502, 503, 504, 599]) assert.deepEqual(classifyHttpStatus(s), { ok: false, retryable: true }, String(s));
  });

  it('gives up on other 4xx and on redirects', () => {
    for (const s of [301, 302, 307, 400, 401, 403, 404, 405, 410, 413, 422]) {
      assert.deepEqual(classifyHttpStatus(s), { ok: false, retryable: false }, String(s));
    }
  });
});
