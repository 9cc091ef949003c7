import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalCidr, ipAllowed, isIpOrCidr, normalizeIp } from './ip';

describe('IP helpers', () => {
  it('matches IPv4 and IPv6 addresses against CIDR allowlists', () => {
    const list = ['10.0.0.0/8', '2001:db8::/32'];
    assert.equal(ipAllowed('10.1.2.3', list), true);
    assert.equal(ipAllowed('::ffff:10.1.2.3', list), true);
    assert.equal(ipAllowed('11.0.0.1', list), false);
    assert.equal(ipAllowed('2001:db8::7', list), true);
    assert.equal(ipAllowed('2001:db9::7', list), false);
    assert.equal(ipAllowed('garbage', list), false);
    assert.equal(ipAllowed('1.2.3.4', []), true, 'an empty allowlist allows all');
  });

  it('validates and canonicalises entries', () => {
    assert.equal(isIpOrCidr('10.0.0.1'), true);
    assert.equal(isIpOrCidr('10.0.0.0/33'), false);
    assert.equal(isIpOrCidr('example.com'), false);
    assert.equal(canonicalCidr('10.0.0.1'), '10.0.0.1/32');
    assert.equal(canonicalCidr('2001:DB8::1'), '2001:db8::1/128');
    assert.equal(normalizeIp('::ffff:127.0.0.1'), '127.0.0.1');
  });
});
