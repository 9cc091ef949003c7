import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  channelIssueField,
  channelToForm,
  checkChannelForm,
  describeTarget,
  describeTestResult,
  EMPTY_CHANNEL_FORM,
  parseHeaders,
  parseList,
  type ChannelFormValues,
  type ChannelLike,
} from './channels';

const email = (over: Partial<ChannelFormValues> = {}): ChannelFormValues => ({
  ...EMPTY_CHANNEL_FORM,
  name: 'Ops mail',
  host: 'smtp.example.com',
  emailFrom: 'Argus <argus@example.com>',
  emailTo: 'ops@example.com, oncall@example.com',
  ...over,
});

const savedHook: ChannelLike = {
  id: 'ch1',
  name: 'Ops hook',
  kind: 'webhook',
  minSeverity: 'info',
  enabled: true,
  failing: false,
  lastError: null,
  email: null,
  sms: null,
  webhook: { url: 'https://hooks.example.com/argus', headers: { 'X-Team': 'ops' }, hasSecret: true },
};

describe('checkChannelForm: email', () => {
  it('builds the SMTP settings; STARTTLS is the default and an empty password is left out', () => {
    const check = checkChannelForm(email(), null);
    assert.ok(check.ok, JSON.stringify(check.errors));
    assert.deepEqual(check.body, {
      name: 'Ops mail',
      kind: 'email',
      minSeverity: 'warning',
      enabled: true,
      email: {
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        requireTLS: true,
        user: null,
        from: 'Argus <argus@example.com>',
        to: ['ops@example.com', 'oncall@example.com'],
        tlsRejectUnauthorized: true,
      },
    });
  });

  it('maps the security choice onto secure/requireTLS and sends a typed password', () => {
    const tls = checkChannelForm(email({ security: 'tls', port: '465', user: 'argus', password: 'pw' }), null);
    assert.ok(tls.ok);
    assert.equal(tls.body.email!.secure, true);
    assert.equal(tls.body.email!.requireTLS, false);
    assert.equal(tls.body.email!.password, 'pw');
    assert.equal(tls.body.email!.user, 'argus');
    const none = checkChannelForm(email({ security: 'none' }), null);
    assert.ok(none.ok);
    assert.deepEqual([none.body.email!.secure, none.body.email!.requireTLS], [false, false]);
  });

  it('names what is wrong', () => {
    const check = checkChannelForm(
      email({ name: '', host: '', port: '70000', emailFrom: '', emailTo: 'ops@example.com not-an-address' }),
      null,
    );
    assert.deepEqual(Object.keys(check.errors).sort(), ['emailFrom', 'emailTo', 'host', 'name', 'port']);
    assert.match(check.errors.emailTo!, /not-an-address/);
    assert.equal(checkChannelForm(email({ emailTo: '' }), null).errors.emailTo, 'At least one recipient.');
  });
});

describe('checkChannelForm: SMS and webhook secrets', () => {
  const sms = (over: Partial<ChannelFormValues> = {}): ChannelFormValues => ({
    ...EMPTY_CHANNEL_FORM,
    kind: 'sms',
    name: 'Pager',
    accountSid: 'AC123',
    authToken: 'tok',
    smsFrom: '+15550001111',
    smsTo: '+4915112345678\n+4915112345679',
    ...over,
  });

  it('builds a Twilio-compatible channel; an empty base URL means Twilio', () => {
    const check = checkChannelForm(sms(), null);
    assert.ok(check.ok, JSON.stringify(check.errors));
    assert.deepEqual(check.body.sms, {
      baseUrl: null,
      accountSid: 'AC123',
      authToken: 'tok',
      from: '+15550001111',
      to: ['+4915112345678', '+4915112345679'],
    });
    assert.equal(check.body.email, undefined, 'only the settings of its kind');
  });

  it('requires E.164 numbers and, for a new channel, the auth token', () => {
    assert.match(checkChannelForm(sms({ smsTo: '015112345678' }), null).errors.smsTo!, /E\.164/);
    assert.equal(checkChannelForm(sms({ authToken: '' }), null).errors.authToken, 'The auth token is required.');
    assert.match(checkChannelForm(sms({ baseUrl: 'ftp://x' }), null).errors.baseUrl!, /http/);
  });

  it('keeps a stored secret when its field is left empty while editing', () => {
    const values = { ...channelToForm(savedHook), secret: '' };
    const check = checkChannelForm(values, savedHook);
    assert.ok(check.ok, JSON.stringify(check.errors));
    assert.deepEqual(check.body.webhook, { url: 'https://hooks.example.com/argus', headers: { 'X-Team': 'ops' } });
    assert.equal('secret' in check.body.webhook!, false, 'no secret key at all: the server keeps the old one');
  });

  it('requires a signing secret of 16+ characters for a new webhook', () => {
    const values = { ...channelToForm(savedHook), name: 'New hook' };
    assert.match(checkChannelForm(values, null).errors.secret!, /required/);
    assert.equal(checkChannelForm({ ...values, secret: 'short' }, null).errors.secret, 'At least 16 characters.');
    const ok = checkChannelForm({ ...values, secret: '0123456789abcdef' }, null);
    assert.ok(ok.ok);
    assert.equal(ok.body.webhook!.secret, '0123456789abcdef');
  });
});

describe('parsing lists and headers', () => {
  it('splits recipients on new lines, commas and semicolons, without repeats', () => {
    assert.deepEqual(parseList(' a@x.io,b@x.io;\n a@x.io \n'), ['a@x.io', 'b@x.io']);
    assert.deepEqual(parseList(''), []);
  });

  it('reads "Name: value" headers and reports the bad line', () => {
    assert.deepEqual(parseHeaders('X-Team: ops\n\nAuthorization: Bearer abc:def'), {
      headers: { 'X-Team': 'ops', Authorization: 'Bearer abc:def' },
    });
    assert.deepEqual(parseHeaders('X-Team ops'), { error: 'Line 1: write “Name: value”; names use letters, digits and “-”.' });
    assert.ok('error' in parseHeaders('ok: 1\nbad name: 2'));
  });
});

describe('channel ↔ form', () => {
  it('fills the form of a saved email channel, secrets empty', () => {
    const values = channelToForm({
      ...savedHook,
      kind: 'email',
      webhook: null,
      email: {
        host: 'smtp.example.com',
        port: 465,
        secure: true,
        requireTLS: false,
        user: 'argus',
        from: 'argus@example.com',
        to: ['a@example.com', 'b@example.com'],
        tlsRejectUnauthorized: false,
        hasPassword: true,
      },
    });
    assert.equal(values.security, 'tls');
    assert.equal(values.port, '465');
    assert.equal(values.password, '');
    assert.equal(values.emailTo, 'a@example.com\nb@example.com');
    assert.equal(values.tlsRejectUnauthorized, false);
  });

  it('maps server issue paths onto the fields', () => {
    assert.equal(channelIssueField('email.to.1'), 'emailTo');
    assert.equal(channelIssueField('sms.authToken'), 'authToken');
    assert.equal(channelIssueField('webhook.secret'), 'secret');
    assert.equal(channelIssueField('name'), 'name');
    assert.equal(channelIssueField('kind'), null);
  });

  it('describes where a channel sends and what a test said', () => {
    assert.equal(describeTarget(savedHook), 'hooks.example.com/argus');
    assert.equal(describeTestResult({ ok: true, retryable: false, status: 204, detail: '' }), 'Test message delivered (status 204).');
    assert.match(
      describeTestResult({ ok: false, retryable: true, detail: 'connect ECONNREFUSED' }),
      /ECONNREFUSED — a real notification would be retried/,
    );
  });
});
