import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeIpOrCidr, parseAllowlist } from './tokenForm';

describe('parseAllowlist', () => {
  it('takes one entry per line or comma, dropping blanks and comments', () => {
    assert.deepEqual(parseAllowlist(' 10.0.0.0/8 \n\n192.168.1.5, ::1 # home\n# office\n'), ['10.0.0.0/8', '192.168.1.5', '::1']);
  });

  it('gives an empty list for an empty textarea', () => {
    assert.deepEqual(parseAllowlist('  \n '), []);
  });
});

describe('looksLikeIpOrCidr', () => {
  for (const ok of ['10.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '::1', '2001:db8::/32', 'fe80::1/128']) {
    it(`accepts ${ok}`, () => assert.equal(looksLikeIpOrCidr(ok), true));
  }
  for (const bad of ['300.1.1.1', '10.0.0.0/33', '2001:db8::/129', 'example.com', '1.2.3.4/8/9', '10.0.0', '']) {
    it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(looksLikeIpOrCidr(bad), false));
  }
});
