import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signWebhook, verifyWebhookSignature, WebhookSender, webhookPayload } from './webhook';
import type { Notification } from './types';

const SECRET = 'whsec_test_5f2c';
const NOW_MS = 1_767_225_600_000;
const TS = NOW_MS / 1000;
const BODY = '{"id":"n1","event":"test"}';

describe('signWebhook', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex');
    assert.equal(signWebhook(SECRET, TS, BODY), `sha256=${expected}`);
    assert.equal(signWebhook(SECRET, String(TS), Buffer.from(BODY)), `sha256=${expected}`);
  });
});

describe('verifyWebhookSignature', () => {
  const good = signWebhook(SECRET, TS, BODY);

  it('accepts the signature of the same body, timestamp and secret', () => {
    assert.equal(verifyWebhookSignature(SECRET, String(TS), BODY, good, 300, NOW_MS), true);
    assert.equal(
      verifyWebhookSignature(SECRET, TS, Buffer.from(BODY), good.toUpperCase().replace('SHA256=', 'sha256='), 300, NOW_MS),
      true,
    );
  });

  it('rejects a changed body, timestamp or secret', () => {
    assert.equal(verifyWebhookSignature(SECRET, TS, BODY + ' ', good, 300, NOW_MS), false);
    assert.equal(verifyWebhookSignature(SECRET, TS + 1, BODY, good, 300, NOW_MS), false);
    assert.equal(verifyWebhookSignature('other-secret', TS, BODY, good, 300, NOW_MS), false);
  });

  it('rejects a timestamp outside the tolerance either way, even with a valid signature', () => {
    const old = TS - 301;
    assert.equal(verifyWebhookSignature(SECRET, old, BODY, signWebhook(SECRET, old, BODY), 300, NOW_MS), false);
    const future = TS + 301;
    assert.equal(verifyWebhookSignature(SECRET, future, BODY, signWebhook(SECRET, future, BODY), 300, NOW_MS), false);
    const edge = TS - 300;
    assert.equal(verifyWebhookSignature(SECRET, edge, BODY, signWebhook(SECRET, edge, BODY), 300, NOW_MS), true);
  });

  it('rejects malformed headers and timestamps without throwing', () => {
    for (const header of [
      undefined,
      null,
      '',
      'sha256=',
      good.slice(7),
      `sha1=${good.slice(7)}`,
      `${good}00`,
      'sha256=' + 'z'.repeat(64),
    ]) {
      assert.equal(verifyWebhookSignature(SECRET, TS, BODY, header, 300, NOW_MS), false, String(header));
    }
    for (const ts of ['', 'abc', '1.5', '-1', `${TS} `]) {
      assert.equal(verifyWebhookSignature(SECRET, ts, BODY, good, 300, NOW_MS), false, ts);
    }
  });
});

describe('WebhookSender', () => {
  it('refuses URLs that are not http or https', () => {
    for (const url of ['ftp://example.com/hook', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', '']) {
      assert.throws(() => new WebhookSender({ url, secret: SECRET }), TypeError, url);
    }
    assert.doesNotThrow(() => new WebhookSender({ url: 'https://example.com/hook', secret: SECRET }));
    assert.doesNotThrow(() => new WebhookSender({ url: 'http://127.0.0.1:9/hook', secret: SECRET }));
  });

  it('refuses extra headers that cannot be sent', () => {
    assert.throws(
      () => new WebhookSender({ url: 'https://example.com/hook', secret: SECRET, headers: { 'X-Token': 'a\r\nX-Evil: 1' } }),
      TypeError,
    );
    assert.throws(() => new WebhookSender({ url: 'https://example.com/hook', secret: SECRET, headers: { 'Bad Name': 'x' } }), TypeError);
  });

  it('refuses an empty secret', () => {
    assert.throws(() => new WebhookSender({ url: 'https://example.com/hook', secret: '' }), TypeError);
  });

  it('names the host only, never the path or query that may hold a token', () => {
    assert.equal(
      new WebhookSender({ url: 'https://hooks.example.com/T0/B1/tok3n?key=abc', secret: SECRET }).where,
      'webhook hooks.example.com',
    );
  });

  it('fails an id that cannot travel in a header permanently, without sending', async () => {
    const sender = new WebhookSender({ url: 'http://127.0.0.1:9/hook', secret: SECRET });
    const n = {
      id: 'bad\r\nX-Injected: 1',
      event: 'test',
      severity: 'info',
      subject: 's',
      text: 't',
      html: '',
      data: {},
      at: '',
    } as Notification;
    const r = await sender.send(n);
    assert.equal(r.ok, false);
    assert.equal(r.retryable, false);
  });
});

describe('webhookPayload', () => {
  it('holds exactly id, event, severity, subject, text, at and data — not the HTML', () => {
    const n: Notification = {
      id: 'n1',
      event: 'alert.opened',
      severity: 'critical',
      subject: 'S',
      text: 'T',
      html: '<p>T</p>',
      data: { camera: 'c1' },
      at: '2026-01-01T00:00:00.000Z',
    };
    assert.deepEqual(Object.keys(JSON.parse(webhookPayload(n))), ['id', 'event', 'severity', 'subject', 'text', 'at', 'data']);
  });
});
