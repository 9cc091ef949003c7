import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskNumber, SmsSender, smsBody, type SmsProvider } from './sms';
import type { DeliveryResult, Notification } from './types';

const note = (id: string, text = 'Camera offline'): Notification => ({
  id,
  subject: 'S',
  text,
  html: '<b>ignored</b>',
  severity: 'warning',
  event: 'alert.opened',
  data: {},
  at: '2026-01-01T00:00:00Z',
});

/** A provider whose answer per number is scripted; records every call. */
function scripted(answers: Record<string, DeliveryResult[]>): SmsProvider & { calls: { to: string; body: string }[] } {
  const calls: { to: string; body: string }[] = [];
  return {
    name: 'Fake',
    calls,
    sendOne(to, body) {
      calls.push({ to, body });
      const next = answers[to]?.shift() ?? { ok: true, retryable: false, detail: 'ok' };
      return Promise.resolve(next);
    },
  };
}

describe('smsBody', () => {
  it('keeps a short text as it is', () => {
    assert.equal(smsBody('hello'), 'hello');
  });

  it('cuts to 1600 characters, ending with an ellipsis', () => {
    const body = smsBody('x'.repeat(5000));
    assert.equal(Array.from(body).length, 1600);
    assert.ok(body.endsWith('x…'));
    assert.equal(smsBody('y'.repeat(1600)), 'y'.repeat(1600));
  });

  it('never splits a character made of two UTF-16 units', () => {
    const body = smsBody('🎥'.repeat(2000));
    assert.equal(Array.from(body).length, 1600);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(body));
  });
});

describe('maskNumber', () => {
  it('keeps the country prefix and the last four digits', () => {
    assert.equal(maskNumber('+15551234567'), '+1•••4567');
    assert.equal(maskNumber('0123456789'), '•••6789');
  });
});

describe('SmsSender', () => {
  it('texts every number once and reports success', async () => {
    const p = scripted({});
    const r = await new SmsSender(p, ['+15550000001', '+15550000002', '+15550000001']).send(note('a'));
    assert.equal(r.ok, true);
    assert.deepEqual(
      p.calls.map((c) => c.to),
      ['+15550000001', '+15550000002'],
    );
    assert.equal(p.calls[0].body, 'Camera offline');
  });

  it('on a retry after a partial failure texts only the numbers that did not get it', async () => {
    const fail: DeliveryResult = { ok: false, retryable: true, status: 503, detail: 'Fake: HTTP 503' };
    const p = scripted({ '+15550000002': [fail] });
    const sender = new SmsSender(p, ['+15550000001', '+15550000002']);
    const first = await sender.send(note('b'));
    assert.equal(first.ok, false);
    assert.equal(first.retryable, true);
    assert.equal(first.status, 503);
    assert.match(first.detail, /^1\/2 sent; \+1•••0002: Fake: HTTP 503$/);
    const second = await sender.send(note('b'));
    assert.equal(second.ok, true);
    assert.deepEqual(
      p.calls.map((c) => c.to),
      ['+15550000001', '+15550000002', '+15550000002'],
    );
    // Another notification goes to everyone again.
    await sender.send(note('c'));
    assert.equal(p.calls.length, 5);
  });

  it('is not retryable when every failure is permanent', async () => {
    const bad: DeliveryResult = { ok: false, retryable: false, status: 400, detail: 'Fake: HTTP 400: invalid number' };
    const r = await new SmsSender(scripted({ '+15550000009': [bad] }), ['+15550000009']).send(note('d'));
    assert.deepEqual([r.ok, r.retryable, r.status], [false, false, 400]);
  });

  it('does not send an empty text', async () => {
    const p = scripted({});
    const r = await new SmsSender(p, ['+15550000001']).send(note('e', '   '));
    assert.deepEqual([r.ok, r.retryable, p.calls.length], [false, false, 0]);
  });

  it('needs at least one recipient', () => {
    assert.throws(() => new SmsSender(scripted({}), []), TypeError);
  });
});
