import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmailSender, smtpErrorResult } from './email';
import { severitySubject } from './types';

const err = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? 'failed')), props);

describe('severitySubject', () => {
  it('prefixes the subject with the severity in capitals', () => {
    assert.equal(
      severitySubject({ severity: 'critical', subject: "Camera 'Front door' offline" }),
      "[CRITICAL] Camera 'Front door' offline",
    );
    assert.equal(severitySubject({ severity: 'info', subject: 'Test' }), '[INFO] Test');
  });
});

describe('smtpErrorResult', () => {
  it('retries 4xx replies and 421', () => {
    for (const responseCode of [421, 450, 451, 452, 454]) {
      const r = smtpErrorResult(err({ code: 'EENVELOPE', responseCode, response: `${responseCode} try later`, permanent: false }));
      assert.deepEqual([r.ok, r.retryable, r.status], [false, true, responseCode]);
    }
  });

  it('gives up on 5xx replies: authentication refused, recipient rejected', () => {
    const auth = smtpErrorResult(err({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication failed', permanent: true }));
    assert.deepEqual([auth.ok, auth.retryable, auth.status], [false, false, 535]);
    assert.match(auth.detail, /authentication refused/);
    const rcpt = smtpErrorResult(err({ code: 'EENVELOPE', responseCode: 550, response: '550 No such user' }));
    assert.deepEqual([rcpt.retryable, rcpt.status], [false, 550]);
  });

  it('treats 503 as retryable, as nodemailer does', () => {
    assert.equal(smtpErrorResult(err({ code: 'EPROTOCOL', responseCode: 503 })).retryable, true);
  });

  it('retries connection failures and timeouts', () => {
    for (const e of [
      { code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' },
      { code: 'ECONNECTION', message: 'Connection closed' },
      { code: 'ETIMEDOUT', message: 'Greeting never received' },
      { code: 'EDNS', message: 'getaddrinfo ENOTFOUND' },
    ]) {
      assert.equal(smtpErrorResult(err(e)).retryable, true, e.code);
    }
  });

  it('gives up on missing credentials and untrusted certificates', () => {
    assert.equal(smtpErrorResult(err({ code: 'ENOAUTH' })).retryable, false);
    const cert = smtpErrorResult(
      err({ code: 'ESOCKET', message: 'self-signed certificate', cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } }),
    );
    assert.equal(cert.retryable, false);
    assert.match(cert.detail, /certificate is not trusted/);
  });

  it('keeps the password out of the detail', () => {
    const r = smtpErrorResult(err({ code: 'EAUTH', responseCode: 535, response: '535 bad password hunter22' }), ['hunter22']);
    assert.doesNotMatch(r.detail, /hunter22/);
  });
});

describe('EmailSender', () => {
  it('checks its settings when created', () => {
    const base = { host: 'smtp.example.com', port: 587, secure: false, requireTLS: true, from: 'a@example.com', to: ['b@example.com'] };
    assert.doesNotThrow(() => new EmailSender(base));
    assert.throws(() => new EmailSender({ ...base, to: [] }), TypeError);
    assert.throws(() => new EmailSender({ ...base, port: 0 }), RangeError);
    assert.throws(() => new EmailSender({ ...base, user: 'u' }), TypeError);
  });
});
