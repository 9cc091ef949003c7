// The notification channel form (email over SMTP, SMS through a Twilio-compatible API, signed
// webhooks): its values, the checks the server would make, the body it becomes, and the form of
// a saved channel. Secrets are write-only: the API never returns them, so editing leaves the
// field empty and an empty field keeps the stored secret. Pure.
import type { Severity } from './model';

export const CHANNEL_KINDS = ['email', 'sms', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  email: 'Email (SMTP)',
  sms: 'SMS (Twilio-compatible)',
  webhook: 'Webhook',
};

/** How the SMTP connection is protected: STARTTLS required, implicit TLS (port 465), or none/opportunistic. */
export type SmtpSecurity = 'starttls' | 'tls' | 'none';

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  user: string | null;
  password?: string;
  from: string;
  to: string[];
  tlsRejectUnauthorized: boolean;
}
export interface SmsSettings {
  baseUrl: string | null;
  accountSid: string;
  authToken?: string;
  from: string;
  to: string[];
}
export interface WebhookSettings {
  url: string;
  headers: Record<string, string>;
  secret?: string;
}

/** The body of POST /api/notification-channels and PUT /api/notification-channels/:id. */
export interface ChannelBody {
  name: string;
  kind: ChannelKind;
  minSeverity: Severity;
  enabled: boolean;
  email?: EmailSettings;
  sms?: SmsSettings;
  webhook?: WebhookSettings;
}

/** A channel as the API returns it (secrets replaced by has… flags). */
export interface ChannelLike {
  id: string;
  name: string;
  kind: ChannelKind;
  minSeverity: Severity;
  enabled: boolean;
  failing: boolean;
  lastError: string | null;
  email: (Omit<EmailSettings, 'password'> & { hasPassword: boolean }) | null;
  sms: (Omit<SmsSettings, 'authToken'> & { hasAuthToken: boolean }) | null;
  webhook: (Omit<WebhookSettings, 'secret'> & { hasSecret: boolean }) | null;
}

export interface ChannelFormValues {
  name: string;
  kind: ChannelKind;
  minSeverity: Severity;
  enabled: boolean;
  host: string;
  port: string;
  security: SmtpSecurity;
  user: string;
  password: string;
  emailFrom: string;
  emailTo: string;
  tlsRejectUnauthorized: boolean;
  baseUrl: string;
  accountSid: string;
  authToken: string;
  smsFrom: string;
  smsTo: string;
  url: string;
  /** One "Name: value" per line. */
  headers: string;
  secret: string;
}

export type ChannelField = Exclude<keyof ChannelFormValues, 'kind' | 'minSeverity' | 'enabled' | 'security' | 'tlsRejectUnauthorized'>;
export type ChannelErrors = Partial<Record<ChannelField, string>>;

export const MIN_WEBHOOK_SECRET = 16;

export const EMPTY_CHANNEL_FORM: ChannelFormValues = {
  name: '',
  kind: 'email',
  minSeverity: 'warning',
  enabled: true,
  host: '',
  port: '587',
  security: 'starttls',
  user: '',
  password: '',
  emailFrom: '',
  emailTo: '',
  tlsRejectUnauthorized: true,
  baseUrl: '',
  accountSid: '',
  authToken: '',
  smsFrom: '',
  smsTo: '',
  url: '',
  headers: '',
  secret: '',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;

/** A list typed one per line or separated by commas/semicolons, without blanks or repeats. */
export function parseList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** "Name: value" lines as headers; the first bad line is reported. */
export function parseHeaders(text: string): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon).trim();
    const value = colon < 0 ? '' : line.slice(colon + 1).trim();
    if (colon < 0 || !HEADER_NAME.test(name)) return { error: `Line ${i + 1}: write “Name: value”; names use letters, digits and “-”.` };
    if (value.length > 1000) return { error: `Line ${i + 1}: the value is longer than 1000 characters.` };
    headers[name] = value;
  }
  return { headers };
}

export function formatHeaders(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function securityOf(email: { secure: boolean; requireTLS: boolean }): SmtpSecurity {
  return email.secure ? 'tls' : email.requireTLS ? 'starttls' : 'none';
}

/** The form of a saved channel; secrets start empty ("leave empty to keep"). */
export function channelToForm(channel: ChannelLike): ChannelFormValues {
  const v: ChannelFormValues = {
    ...EMPTY_CHANNEL_FORM,
    name: channel.name,
    kind: channel.kind,
    minSeverity: channel.minSeverity,
    enabled: channel.enabled,
  };
  if (channel.email) {
    Object.assign(v, {
      host: channel.email.host,
      port: String(channel.email.port),
      security: securityOf(channel.email),
      user: channel.email.user ?? '',
      emailFrom: channel.email.from,
      emailTo: channel.email.to.join('\n'),
      tlsRejectUnauthorized: channel.email.tlsRejectUnauthorized,
    });
  }
  if (channel.sms) {
    Object.assign(v, {
      baseUrl: channel.sms.baseUrl ?? '',
      accountSid: channel.sms.accountSid,
      smsFrom: channel.sms.from,
      smsTo: channel.sms.to.join('\n'),
    });
  }
  if (channel.webhook) Object.assign(v, { url: channel.webhook.url, headers: formatHeaders(channel.webhook.headers) });
  return v;
}

/** Whether a saved channel holds its secret (password, auth token, signing secret). */
export function hasStoredSecret(channel: ChannelLike | null): boolean {
  if (!channel) return false;
  return Boolean(channel.email?.hasPassword || channel.sms?.hasAuthToken || channel.webhook?.hasSecret);
}

export type ChannelCheck = { ok: true; errors: ChannelErrors; body: ChannelBody } | { ok: false; errors: ChannelErrors };

/**
 * Checks the form and builds the body. `existing` is the channel being edited (null: a new one);
 * an empty secret then keeps the stored one, while a new SMS or webhook channel needs its secret.
 */
export function checkChannelForm(values: ChannelFormValues, existing: ChannelLike | null): ChannelCheck {
  const errors: ChannelErrors = {};
  const name = values.name.trim();
  if (name === '') errors.name = 'Give the channel a name, e.g. “On-call email”.';
  else if (name.length > 100) errors.name = 'At most 100 characters.';
  const keeps = existing !== null && existing.kind === values.kind && hasStoredSecret(existing);
  const body: ChannelBody = { name, kind: values.kind, minSeverity: values.minSeverity, enabled: values.enabled };

  if (values.kind === 'email') {
    const host = values.host.trim();
    if (host === '') errors.host = 'Enter the SMTP server, e.g. smtp.example.com.';
    else if (host.length > 253 || /\s/.test(host)) errors.host = 'Enter a host name or IP address.';
    const port = Number(values.port.trim());
    if (!/^\d+$/.test(values.port.trim()) || port < 1 || port > 65535)
      errors.port = 'A port from 1 to 65535 (usually 587, or 465 for TLS).';
    const from = values.emailFrom.trim();
    if (from.length < 3 || from.length > 320) errors.emailFrom = 'The sender, e.g. Argus <argus@example.com>.';
    const to = parseList(values.emailTo);
    const badTo = to.find((a) => !EMAIL.test(a) || a.length > 254);
    if (to.length === 0) errors.emailTo = 'At least one recipient.';
    else if (badTo) errors.emailTo = `“${badTo}” is not an email address.`;
    else if (to.length > 50) errors.emailTo = 'At most 50 recipients.';
    const user = values.user.trim();
    if (user.length > 254) errors.user = 'At most 254 characters.';
    if (values.password.length > 512) errors.password = 'At most 512 characters.';
    body.email = {
      host,
      port,
      secure: values.security === 'tls',
      requireTLS: values.security === 'starttls',
      user: user === '' ? null : user,
      ...(values.password !== '' ? { password: values.password } : {}),
      from,
      to,
      tlsRejectUnauthorized: values.tlsRejectUnauthorized,
    };
  } else if (values.kind === 'sms') {
    const baseUrl = values.baseUrl.trim();
    if (baseUrl !== '' && (!isHttpUrl(baseUrl) || baseUrl.length > 500)) errors.baseUrl = 'An http(s) URL, or leave empty for Twilio.';
    const accountSid = values.accountSid.trim();
    if (accountSid === '' || accountSid.length > 64) errors.accountSid = 'The account SID (up to 64 characters).';
    if (values.authToken === '' && !keeps) errors.authToken = 'The auth token is required.';
    else if (values.authToken.length > 256) errors.authToken = 'At most 256 characters.';
    const from = values.smsFrom.trim();
    if (from === '' || from.length > 32) errors.smsFrom = 'The sending number or sender ID (up to 32 characters).';
    const to = parseList(values.smsTo);
    const badTo = to.find((n) => !E164.test(n));
    if (to.length === 0) errors.smsTo = 'At least one number.';
    else if (badTo) errors.smsTo = `“${badTo}” is not an E.164 number like +4915112345678.`;
    else if (to.length > 20) errors.smsTo = 'At most 20 numbers.';
    body.sms = {
      baseUrl: baseUrl === '' ? null : baseUrl,
      accountSid,
      ...(values.authToken !== '' ? { authToken: values.authToken } : {}),
      from,
      to,
    };
  } else {
    const url = values.url.trim();
    if (url === '' || !isHttpUrl(url) || url.length > 2000) errors.url = 'An http(s) URL, e.g. https://hooks.example.com/argus.';
    const parsed = parseHeaders(values.headers);
    if ('error' in parsed) errors.headers = parsed.error;
    if (values.secret === '' && !keeps) errors.secret = `A signing secret of at least ${MIN_WEBHOOK_SECRET} characters is required.`;
    else if (values.secret !== '' && values.secret.length < MIN_WEBHOOK_SECRET)
      errors.secret = `At least ${MIN_WEBHOOK_SECRET} characters.`;
    else if (values.secret.length > 256) errors.secret = 'At most 256 characters.';
    body.webhook = {
      url,
      headers: 'headers' in parsed ? parsed.headers : {},
      ...(values.secret !== '' ? { secret: values.secret } : {}),
    };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, errors, body };
}

/** The form field a server issue path points at ("email.to.0" → emailTo, "webhook.secret" → secret). */
export function channelIssueField(path: string): ChannelField | null {
  const [head, sub] = path.replace(/^\//, '').split(/[./]/);
  if (head === 'name') return 'name';
  if (head === 'email') {
    const map: Record<string, ChannelField> = {
      host: 'host',
      port: 'port',
      user: 'user',
      password: 'password',
      from: 'emailFrom',
      to: 'emailTo',
    };
    return (sub && map[sub]) || 'host';
  }
  if (head === 'sms') {
    const map: Record<string, ChannelField> = {
      baseUrl: 'baseUrl',
      accountSid: 'accountSid',
      authToken: 'authToken',
      from: 'smsFrom',
      to: 'smsTo',
    };
    return (sub && map[sub]) || 'accountSid';
  }
  if (head === 'webhook') {
    const map: Record<string, ChannelField> = { url: 'url', headers: 'headers', secret: 'secret' };
    return (sub && map[sub]) || 'url';
  }
  return null;
}

/** Where a channel sends: "ops@example.com +1 via smtp.example.com", "+4915… (2 numbers)", the webhook host. */
export function describeTarget(channel: ChannelLike): string {
  const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items[0]} +${items.length - 1}`);
  if (channel.email) return `${list(channel.email.to)} via ${channel.email.host}:${channel.email.port}`;
  if (channel.sms) return `${list(channel.sms.to)} from ${channel.sms.from}`;
  if (channel.webhook) {
    try {
      const url = new URL(channel.webhook.url);
      return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    } catch {
      return channel.webhook.url;
    }
  }
  return '';
}

/** The result of "Send test" in a sentence. */
export function describeTestResult(result: { ok: boolean; retryable: boolean; status?: number; detail: string }): string {
  const status = result.status !== undefined ? ` (status ${result.status})` : '';
  if (result.ok) return `Test message delivered${status}.${result.detail ? ` ${result.detail}` : ''}`;
  return `The test failed${status}: ${result.detail || 'no detail'}${result.retryable ? ' — a real notification would be retried.' : ' — retrying would not help; check the settings.'}`;
}
