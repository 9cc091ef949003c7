/**
 * One HTTP POST with a deadline, for the HTTP-based senders (SMS providers, webhooks), through
 * Node's fetch. Redirects are not followed: a POST turned into a GET by a 301/302 would be
 * silently lost, so a 3xx is reported as a permanent failure that names the new location's host.
 */
import type { DeliveryResult } from './types';
import { shortDetail } from './types';

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/** Longest response body read back to build a `detail`. */
const MAX_BODY_READ = 4 * 1024;

export interface HttpReply {
  status: number;
  /** The beginning of the response body (at most 4 KiB). */
  body: string;
  headers: Headers;
}

/** 2xx ok; 408, 429 and 5xx retryable; any other status (3xx, 4xx) permanent. */
export function classifyHttpStatus(status: number): Pick<DeliveryResult, 'ok' | 'retryable'> {
  if (status >= 200 && status < 300) return { ok: true, retryable: false };
  return { ok: false, retryable: status === 408 || status === 429 || status >= 500 };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

async function readSome(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_READ) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_READ).toString('utf8');
}

/**
 * POSTs and reads the start of the reply. Never throws for a network problem: a failure to get a
 * reply comes back as a retryable DeliveryResult (timeout, refused connection, reset, DNS), or
 * as an aborted one when `signal` fired.
 */
export async function postWithDeadline(
  url: string,
  init: { headers: Record<string, string>; body: string },
  opts: { timeoutMs?: number; signal?: AbortSignal; what: string },
): Promise<HttpReply | DeliveryResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  try {
    const res = await fetch(url, { method: 'POST', headers: init.headers, body: init.body, redirect: 'manual', signal });
    const body = await readSome(res);
    return { status: res.status, body, headers: res.headers };
  } catch (err) {
    if (opts.signal?.aborted) return { ok: false, retryable: true, detail: `${opts.what}: aborted` };
    if (deadline.aborted) return { ok: false, retryable: true, detail: `${opts.what}: no reply within ${timeoutMs / 1000} s` };
    const code = errorCode(err);
    if (code && NETWORK_CODES.has(code)) return { ok: false, retryable: true, detail: `${opts.what}: cannot connect (${code})` };
    // fetch wraps every network failure in "TypeError: fetch failed"; an unknown one may pass.
    return { ok: false, retryable: true, detail: shortDetail(`${opts.what}: ${code ?? (err as Error).message ?? String(err)}`) };
  }
}

export function isReply(r: HttpReply | DeliveryResult): r is HttpReply {
  return 'status' in r && 'headers' in r;
}

/** The DeliveryResult for an HTTP reply, with the peer's words (cut short, secrets removed). */
export function replyResult(reply: HttpReply, what: string, peerWords: string, secrets: readonly string[] = []): DeliveryResult {
  const verdict = classifyHttpStatus(reply.status);
  if (reply.status >= 300 && reply.status < 400) {
    let where = '';
    try {
      const loc = reply.headers.get('location');
      if (loc) where = ` to ${new URL(loc, 'http://invalid/').host}`;
    } catch {
      where = '';
    }
    return { ...verdict, status: reply.status, detail: `${what}: HTTP ${reply.status} redirect${where} (redirects are not followed)` };
  }
  const words = peerWords ? `: ${peerWords}` : '';
  return { ...verdict, status: reply.status, detail: shortDetail(`${what}: HTTP ${reply.status}${words}`, secrets) };
}
