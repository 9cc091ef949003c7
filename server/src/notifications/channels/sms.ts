/**
 * SMS channel: a provider sends one text to one number over HTTP; SmsSender sends a notification
 * to every configured number through it. TwilioSmsProvider speaks Twilio's Messages API, which
 * several other providers and self-hosted gateways copy, so `baseUrl` can point at any of them.
 *
 * A text is the notification's plain `text` (never the HTML), cut to 1600 characters — the most
 * Twilio accepts in one Body.
 */
import { isReply, postWithDeadline, replyResult } from './http';
import { type ChannelSender, type DeliveryResult, type Notification, shortDetail } from './types';

export const MAX_SMS_CHARS = 1600;

/** Sends one text to one number. */
export interface SmsProvider {
  /** For messages, e.g. "Twilio". */
  readonly name: string;
  sendOne(to: string, body: string, signal?: AbortSignal): Promise<DeliveryResult>;
}

/** The text of a notification, cut to `max` characters (code points, so no emoji is split), ending with "…" when cut. */
export function smsBody(text: string, max = MAX_SMS_CHARS): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** Hides all but the last 4 digits of a number in messages: "+1•••••1234". */
export function maskNumber(n: string): string {
  return n.length <= 4 ? n : `${n.slice(0, n.startsWith('+') ? 2 : 0)}•••${n.slice(-4)}`;
}

/** Recipients that already got a notification, so a retry after a partial failure texts only the rest. */
const REMEMBERED_NOTIFICATIONS = 1000;

export class SmsSender implements ChannelSender {
  private readonly to: string[];
  /** notification id → numbers it was delivered to (oldest first; bounded). */
  private readonly delivered = new Map<string, Set<string>>();

  constructor(
    readonly provider: SmsProvider,
    to: string[],
  ) {
    if (to.length === 0) throw new TypeError('An SMS channel needs at least one recipient');
    this.to = [...new Set(to)];
  }

  async send(n: Notification, signal?: AbortSignal): Promise<DeliveryResult> {
    const body = smsBody(n.text);
    if (!body) return { ok: false, retryable: false, detail: `${this.provider.name}: the notification has no text` };
    const done = this.delivered.get(n.id) ?? new Set<string>();
    const failures: { to: string; result: DeliveryResult }[] = [];
    // One request per recipient, one after the other: providers rate-limit per account.
    for (const to of this.to) {
      if (done.has(to)) continue;
      const result = await this.provider.sendOne(to, body, signal);
      if (result.ok) done.add(to);
      else failures.push({ to, result });
    }
    this.remember(n.id, done);
    if (failures.length === 0) return { ok: true, retryable: false, detail: `${this.provider.name}: sent to ${this.to.length} number(s)` };
    const first = failures[0].result;
    return {
      ok: false,
      // A retry can help when any failed number may still go through; those that worked are skipped then.
      retryable: failures.some((f) => f.result.retryable),
      status: first.status,
      detail: shortDetail(
        `${done.size}/${this.to.length} sent; ` + failures.map((f) => `${maskNumber(f.to)}: ${f.result.detail}`).join('; '),
      ),
    };
  }

  private remember(id: string, done: Set<string>): void {
    this.delivered.delete(id);
    if (done.size === 0) return;
    this.delivered.set(id, done);
    if (this.delivered.size > REMEMBERED_NOTIFICATIONS) {
      const oldest = this.delivered.keys().next().value;
      if (oldest !== undefined) this.delivered.delete(oldest);
    }
  }
}

export interface TwilioOptions {
  /** Default https://api.twilio.com. */
  baseUrl?: string;
  accountSid: string;
  authToken: string;
  /** The sending number in E.164 form (or an alphanumeric sender ID where the provider allows one). */
  from: string;
  /** Per request; default 10 000. */
  timeoutMs?: number;
}

/**
 * Twilio's "Create a Message": POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json with
 * HTTP Basic auth (AccountSid:AuthToken) and a form body To, From, Body. 2xx sent; 429 and 5xx
 * retryable; other 4xx permanent (bad number, bad credentials — Twilio's error code and message
 * are kept in the detail).
 */
export class TwilioSmsProvider implements SmsProvider {
  readonly name = 'Twilio';
  private readonly endpoint: string;
  private readonly authorization: string;
  private readonly from: string;
  private readonly timeoutMs: number | undefined;
  readonly #token: string;

  constructor(opts: TwilioOptions) {
    const base = new URL(opts.baseUrl ?? 'https://api.twilio.com');
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError('Twilio baseUrl must be http:// or https://');
    if (!opts.accountSid || !opts.authToken) throw new TypeError('Twilio needs an account SID and an auth token');
    const root = base.href.endsWith('/') ? base.href : `${base.href}/`;
    this.endpoint = `${root}2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
    this.from = opts.from;
    this.timeoutMs = opts.timeoutMs;
    this.#token = opts.authToken;
  }

  async sendOne(to: string, body: string, signal?: AbortSignal): Promise<DeliveryResult> {
    const form = new URLSearchParams({ To: to, From: this.from, Body: body });
    const reply = await postWithDeadline(
      this.endpoint,
      {
        headers: { Authorization: this.authorization, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
      },
      { timeoutMs: this.timeoutMs, signal, what: this.name },
    );
    if (!isReply(reply)) return reply;
    return replyResult(reply, this.name, reply.status >= 300 ? twilioError(reply.body) : '', [this.#token, this.authorization]);
  }
}

/** Twilio's error JSON is {code, message, more_info, status}; keep "21211 The 'To' number … is not valid". */
function twilioError(body: string): string {
  try {
    const e = JSON.parse(body) as { code?: unknown; message?: unknown };
    const parts = [e.code, e.message].filter((x) => typeof x === 'string' || typeof x === 'number');
    if (parts.length) return parts.join(' ');
  } catch {
    // not JSON: the start of the body is all there is
  }
  return body;
}

/** SmsSender over Twilio: `new TwilioSmsSender({ accountSid, authToken, from, to })`. */
export class TwilioSmsSender extends SmsSender {
  constructor(opts: TwilioOptions & { to: string[] }) {
    super(new TwilioSmsProvider(opts), opts.to);
  }
}
