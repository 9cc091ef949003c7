/**
 * The channel layer: one sender per kind of channel (email, SMS, webhook) turns a Notification
 * into a delivery attempt and says how it went. A sender never throws for a delivery failure: it
 * answers with a DeliveryResult whose `retryable` tells the caller whether trying the same
 * notification again later can help (see retry.ts for when). Senders keep no queue and no
 * schedule of their own; the notification service owns those.
 */

export type NotificationSeverity = 'info' | 'warning' | 'critical';

export type NotificationEvent = 'alert.opened' | 'alert.acknowledged' | 'alert.resolved' | 'test' | 'channel.failing';

export interface Notification {
  /** Stable across retries of the same notification: the idempotency key given to receivers. */
  id: string;
  subject: string;
  text: string;
  html: string;
  severity: NotificationSeverity;
  event: NotificationEvent;
  /** The alert as JSON. */
  data: Record<string, unknown>;
  /** ISO 8601 time the notification was created. */
  at: string;
}

export interface DeliveryResult {
  ok: boolean;
  /** Meaningful when !ok: true when the same notification may go through on a later attempt. */
  retryable: boolean;
  /** The peer's status: the HTTP status, or the SMTP reply code. */
  status?: number;
  /** Short and free of secrets: shown to admins and stored with the attempt. */
  detail: string;
}

export interface ChannelSender {
  /** Resolves with the outcome; rejects only on a programming error, never for a failed delivery. */
  send(n: Notification, signal?: AbortSignal): Promise<DeliveryResult>;
}

/** Longest `detail` a sender returns. */
export const MAX_DETAIL = 300;

/** Cuts a peer's message to one short line and removes the given secrets from it. */
export function shortDetail(text: string, secrets: readonly (string | undefined)[] = []): string {
  let s = text.replace(/\s+/g, ' ').trim();
  for (const secret of secrets) if (secret) s = s.split(secret).join('***');
  return s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s;
}

/** "[CRITICAL] Camera 'Front door' offline". */
export function severitySubject(n: Pick<Notification, 'severity' | 'subject'>): string {
  return `[${n.severity.toUpperCase()}] ${n.subject}`;
}
