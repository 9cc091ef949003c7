/**
 * Webhook channel: POSTs the notification as JSON to a URL the admin configured.
 *
 * ## What a receiver gets
 *
 * ```
 * POST <url>
 * Content-Type: application/json
 * X-Argus-Event: alert.opened
 * X-Argus-Delivery: <notification id>       same on every retry: use it to drop duplicates
 * X-Argus-Timestamp: 1767225600             unix seconds when this attempt was signed
 * X-Argus-Signature: sha256=<64 hex chars>
 *
 * {"id":"…","event":"alert.opened","severity":"critical","subject":"…","text":"…","at":"…","data":{…}}
 * ```
 *
 * ## Verifying it
 *
 * The signature is the hex HMAC-SHA256, keyed with the webhook's secret, of the string
 * `<X-Argus-Timestamp>.<raw request body>` — the body exactly as received, before any JSON
 * parsing. A receiver should
 * 1. recompute it and compare in constant time with the hex after `sha256=`;
 * 2. reject a timestamp more than a few minutes from its own clock (replay protection: the
 *    timestamp is inside the signed string, so it cannot be changed without the secret);
 * 3. answer 2xx once it has stored the delivery, and treat a repeated X-Argus-Delivery as
 *    already handled (a retry after a lost reply): still answer 2xx.
 *
 * `verifyWebhookSignature` below does steps 1 and 2. In a shell:
 * `printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET"`.
 *
 * ## Replies
 * 2xx delivered; 408, 429, 5xx, a timeout (10 s) or a network error: retried later; any other
 * status (other 4xx, a 3xx redirect — redirects are not followed) is a permanent failure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isReply, postWithDeadline, replyResult } from './http';
import { type ChannelSender, type DeliveryResult, type Notification } from './types';

export const SIGNATURE_PREFIX = 'sha256=';
/** What X-Argus-Delivery can carry: visible ASCII, bounded. */
const HEADER_TOKEN = /^[\x21-\x7e]{1,200}$/;
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'x-argus-event',
  'x-argus-delivery',
  'x-argus-timestamp',
  'x-argus-signature',
]);

export interface WebhookSenderOptions {
  /** http:// or https:// only. */
  url: string;
  /** HMAC key of X-Argus-Signature. */
  secret: string;
  /** Extra headers (e.g. an Authorization the receiver wants); the X-Argus-* and Content-Type ones cannot be overridden. */
  headers?: Record<string, string>;
  /** Default 10 000. */
  timeoutMs?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<rawBody>")>`. */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return SIGNATURE_PREFIX + mac.digest('hex');
}

/**
 * True when `header` (the X-Argus-Signature value) is the signature of `rawBody` at `timestamp`
 * (the X-Argus-Timestamp value) with `secret`, and the timestamp is within `toleranceSec` of
 * `nowMs`. The comparison takes the same time whichever byte differs.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  rawBody: string | Buffer,
  header: string | undefined | null,
  toleranceSec: number,
  nowMs: number = Date.now(),
): boolean {
  const ts = String(timestamp);
  if (!/^\d{1,12}$/.test(ts) || typeof header !== 'string') return false;
  if (Math.abs(nowMs / 1000 - Number(ts)) > toleranceSec) return false;
  const got = header.trim();
  if (!got.startsWith(SIGNATURE_PREFIX) || !/^[0-9a-f]{64}$/i.test(got.slice(SIGNATURE_PREFIX.length))) return false;
  const expected = Buffer.from(signWebhook(secret, ts, rawBody).slice(SIGNATURE_PREFIX.length), 'hex');
  return timingSafeEqual(expected, Buffer.from(got.slice(SIGNATURE_PREFIX.length), 'hex'));
}

/** The JSON body a receiver gets. */
export function webhookPayload(n: Notification): string {
  const { id, event, severity, subject, text, at, data } = n;
  return JSON.stringify({ id, event, severity, subject, text, at, data });
}

export class WebhookSender implements ChannelSender {
  private readonly url: URL;
  private readonly extraHeaders: Record<string, string>;
  private readonly timeoutMs: number | undefined;
  private readonly now: () => number;
  readonly #secret: string;

  constructor(opts: WebhookSenderOptions) {
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new TypeError('Webhook URL is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`Webhook URL must be http:// or https://, not ${url.protocol}//`);
    }
    if (!opts.secret) throw new TypeError('Webhook secret must not be empty');
    this.extraHeaders = {};
    // fetch refuses a URL with credentials in it: send them as Basic auth instead (an
    // Authorization header given in `headers` wins).
    if (url.username || url.password) {
      let userinfo: string;
      try {
        userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      } catch {
        throw new TypeError('Webhook URL has malformed credentials');
      }
      this.extraHeaders.authorization = `Basic ${Buffer.from(userinfo).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    this.url = url;
    this.#secret = opts.secret;
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      // Headers() throws on a name or value that cannot be sent (e.g. one holding a line break).
      new Headers([[name, value]]);
      if (!RESERVED_HEADERS.has(name.toLowerCase())) this.extraHeaders[name.toLowerCase()] = value;
    }
    this.timeoutMs = opts.timeoutMs;
    this.now = opts.now ?? Date.now;
  }

  /** Where it posts, for messages: the host only (a URL can carry a token in its path or query). */
  get where(): string {
    return `webhook ${this.url.host}`;
  }

  async send(n: Notification, signal?: AbortSignal): Promise<DeliveryResult> {
    if (!HEADER_TOKEN.test(n.id))
      return { ok: false, retryable: false, detail: `${this.where}: notification id is not a valid header value` };
    const body = webhookPayload(n);
    const timestamp = Math.floor(this.now() / 1000);
    const headers = {
      ...this.extraHeaders,
      'Content-Type': 'application/json',
      'X-Argus-Event': n.event,
      'X-Argus-Delivery': n.id,
      'X-Argus-Timestamp': String(timestamp),
      'X-Argus-Signature': signWebhook(this.#secret, timestamp, body),
    };
    const reply = await postWithDeadline(this.url.href, { headers, body }, { timeoutMs: this.timeoutMs, signal, what: this.where });
    if (!isReply(reply)) return reply;
    const secrets = [this.#secret, ...Object.values(this.extraHeaders), this.url.search.slice(1)].filter((s) => s.length >= 4);
    return replyResult(reply, this.where, reply.status >= 300 ? reply.body : '', secrets);
  }
}
