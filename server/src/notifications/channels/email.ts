/**
 * Email channel: one SMTP transaction per notification, to every configured address, through
 * nodemailer. The message is multipart/alternative (the text and the HTML of the notification);
 * the subject starts with the severity ("[CRITICAL] Camera 'Front door' offline"). Its Message-ID
 * is derived from the notification id, so a retried notification carries the same one and mail
 * clients that collapse duplicates show it once.
 *
 * Failures: an SMTP 4xx reply (and 503), a refused/reset/timed-out connection or a failed TLS
 * handshake are retryable; a 5xx reply (authentication refused, recipients or sender rejected,
 * message refused), missing credentials and a server certificate that cannot be trusted are
 * permanent — the settings have to change first.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { createTransport, type NodemailerError, type Transporter } from 'nodemailer';
import { type ChannelSender, type DeliveryResult, type Notification, severitySubject, shortDetail } from './types';

export interface EmailSenderOptions {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (usually port 465). */
  secure: boolean;
  /** Insist on STARTTLS on a plain connection (usually port 587): never send in clear text. */
  requireTLS: boolean;
  user?: string;
  pass?: string;
  /** "Argus <alerts@example.com>" or a bare address. */
  from: string;
  to: string[];
  /** Default true. False accepts any server certificate (a self-signed relay on the LAN). */
  tlsRejectUnauthorized?: boolean;
  /** Connect, greeting and TLS upgrade each; default 10 000 ms. The whole exchange gets 6× this. */
  timeoutMs?: number;
}

/** TLS errors that say the certificate is not trusted: retrying will not change that. */
const CERT_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
]);

function tlsCause(err: NodemailerError): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    for (const key of ['originalCode', 'code'] as const) {
      const code = (e as Record<string, unknown>)[key];
      if (typeof code === 'string' && CERT_ERRORS.has(code)) return code;
    }
  }
  const m = /\b([A-Z_]*CERT[A-Z_]*)\b/.exec(err.message ?? '');
  return m && CERT_ERRORS.has(m[1]) ? m[1] : undefined;
}

/** Maps a nodemailer error to a DeliveryResult. Exported for unit tests. */
export function smtpErrorResult(err: unknown, secrets: readonly (string | undefined)[] = []): DeliveryResult {
  const e = (err ?? {}) as NodemailerError;
  const code = e.code ?? 'ERROR';
  const words = (s: string | undefined) => shortDetail(`SMTP ${s ?? e.message ?? String(err)}`, secrets);
  if (code === 'EABORT') return { ok: false, retryable: true, detail: 'SMTP: aborted' };
  const cert = tlsCause(e);
  if (cert) return { ok: false, retryable: false, detail: `SMTP: the server's TLS certificate is not trusted (${cert})` };
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    // nodemailer marks replies: 5xx (but 503) permanent, 4xx and 503 transient.
    const permanent = e.permanent ?? (e.responseCode >= 500 && e.responseCode !== 503);
    const what = code === 'EAUTH' ? 'authentication refused' : code === 'EENVELOPE' ? 'recipient or sender refused' : '';
    const verb = e.command?.split(' ')[0].toUpperCase();
    const after = !verb ? '' : verb === 'CONN' ? 'at the greeting' : `after ${verb}`;
    const said = (e.response ?? e.message ?? '').replace(/^\d{3}[ -]/, '');
    return {
      ok: false,
      retryable: !permanent,
      status: e.responseCode,
      detail: words(`${e.responseCode} ${[what, after].filter(Boolean).join(', ')}: ${said}`),
    };
  }
  switch (code) {
    case 'ENOAUTH':
    case 'ECONFIG':
    case 'EMAXRECIPIENTS':
      return { ok: false, retryable: false, detail: words(`${code}: ${e.message}`) };
    case 'EAUTH':
      // EAUTH without a reply code: the server offers no method we can use (e.g. AUTH before TLS).
      return { ok: false, retryable: false, detail: words(`authentication not possible: ${e.message}`) };
    case 'EENVELOPE':
      return { ok: false, retryable: false, detail: words(`${code}: ${e.message}`) };
    default: {
      // ECONNECTION, ESOCKET (ECONNREFUSED, ECONNRESET…), ETIMEDOUT, EDNS, ETLS, EPROTOCOL and
      // anything unknown: the server may answer properly later.
      const net = e.originalCode && e.originalCode !== code ? ` (${e.originalCode})` : '';
      return { ok: false, retryable: true, detail: words(`${code}${net}: ${e.message}`) };
    }
  }
}

/** "<id-hash.argus@example.com>": stable per notification id, valid whatever the id holds. */
function messageIdFor(notificationId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'argus.invalid';
  const hash = createHash('sha256').update(notificationId).digest('hex').slice(0, 32);
  return `<${hash}.argus@${domain}>`;
}

export class EmailSender implements ChannelSender {
  private readonly transport: Transporter;
  private readonly from: string;
  private readonly to: string[];
  readonly #pass: string | undefined;

  constructor(opts: EmailSenderOptions) {
    if (opts.to.length === 0) throw new TypeError('An email channel needs at least one recipient');
    if (!opts.host) throw new TypeError('An email channel needs an SMTP host');
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new RangeError(`SMTP port ${opts.port} is not valid`);
    if ((opts.user === undefined) !== (opts.pass === undefined)) throw new TypeError('SMTP user and password go together');
    const timeout = opts.timeoutMs ?? 10_000;
    this.from = opts.from;
    this.to = [...opts.to];
    this.#pass = opts.pass;
    this.transport = createTransport({
      host: opts.host,
      port: opts.port,
      secure: opts.secure,
      requireTLS: opts.requireTLS,
      auth: opts.user !== undefined ? { user: opts.user, pass: opts.pass } : undefined,
      tls: {
        rejectUnauthorized: opts.tlsRejectUnauthorized ?? true,
        minVersion: 'TLSv1.2',
        // SNI needs a host name; an IP literal goes without.
        servername: isIP(opts.host) ? undefined : opts.host,
      },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 6,
      // No pool: one connection per notification, closed when done.
      pool: false,
      logger: false,
      debug: false,
    });
  }

  async send(n: Notification, signal?: AbortSignal): Promise<DeliveryResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: this.to,
        subject: severitySubject(n).replace(/[\r\n]+/g, ' '),
        text: n.text,
        html: n.html || undefined,
        messageId: messageIdFor(n.id, this.from),
        date: Number.isNaN(Date.parse(n.at)) ? undefined : new Date(n.at),
        headers: { 'X-Argus-Event': n.event, 'X-Argus-Delivery': n.id.replace(/[^\x21-\x7e]/g, '') },
        signal,
      });
      const rejected = (info.rejected ?? []).map(String);
      const accepted = (info.accepted ?? []).length;
      // Some recipients took it: a retry would send it to them again, so it counts as sent.
      const detail = rejected.length
        ? `SMTP: accepted for ${accepted} of ${this.to.length} recipient(s); refused: ${rejected.join(', ')}`
        : `SMTP: accepted for ${accepted} recipient(s)`;
      return { ok: true, retryable: false, status: 250, detail: shortDetail(detail) };
    } catch (err) {
      return smtpErrorResult(err, [this.#pass]);
    }
  }

  /** Connects, greets, upgrades TLS and logs in without sending anything: a settings check. */
  async check(): Promise<DeliveryResult> {
    try {
      await this.transport.verify();
      return { ok: true, retryable: false, detail: 'SMTP: connection and login work' };
    } catch (err) {
      return smtpErrorResult(err, [this.#pass]);
    }
  }
}
