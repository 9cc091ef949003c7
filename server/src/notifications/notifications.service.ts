import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock, iso, isoNN } from '../common/clock';
import { newId } from '../common/crypto';
import { badRequest, conflict, notFound } from '../common/errors';
import { SecretBox } from '../common/secret-box';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DB, type Db, num } from '../db/database';
import type { NotificationChannelsTable, NotificationOutboxTable } from '../db/schema';
import { EmailSender } from './channels/email';
import { nextAttemptDelay, shouldGiveUp } from './channels/retry';
import { TwilioSmsSender } from './channels/sms';
import type { ChannelSender, DeliveryResult, Notification, NotificationSeverity } from './channels/types';
import { WebhookSender } from './channels/webhook';

export const CHANNEL_KINDS = ['email', 'sms', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
const SEVERITY_RANK: Record<NotificationSeverity, number> = { info: 0, warning: 1, critical: 2 };
/** Attempts before a notification is given up (about 3 h with the retry schedule). */
export const MAX_ATTEMPTS = 8;

export interface EmailConfig {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  user: string | null;
  from: string;
  to: string[];
  tlsRejectUnauthorized: boolean;
}
export interface SmsConfig {
  baseUrl: string | null;
  accountSid: string;
  from: string;
  to: string[];
}
export interface WebhookConfig {
  url: string;
  headers: Record<string, string>;
}

export interface ChannelInput {
  name: string;
  kind: ChannelKind;
  minSeverity: NotificationSeverity;
  enabled: boolean;
  email?: EmailConfig & { password?: string };
  sms?: SmsConfig & { authToken?: string };
  webhook?: WebhookConfig & { secret?: string };
}

/** Called when a channel starts or stops failing (the alerts service turns it into an alert). */
export type ChannelHealthListener = (channel: { id: string; name: string }, failing: boolean, detail: string | null) => void;

/**
 * Notification channels and the durable outbox: every notification is a row per channel written in the same
 * breath as the alert change, delivered by a worker with retries and backoff, so none is lost across a
 * restart. Each attempt's outcome stays on the row (the delivery log).
 */
@Injectable()
export class NotificationsService {
  private readonly log = new Logger('Notifications');
  private readonly box: SecretBox;
  private timer: NodeJS.Timeout | null = null;
  private working: Promise<void> | null = null;
  private stopping = false;
  private listener: ChannelHealthListener | null = null;
  /** For tests: replaces the real senders. */
  senderFactory: ((c: NotificationChannelsTable) => ChannelSender) | null = null;

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.storageKey);
  }

  onChannelHealth(l: ChannelHealthListener): void {
    this.listener = l;
  }

  start(pollMs = 1000): void {
    this.stopping = false;
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.working;
  }

  /** Resolves when the worker has nothing in hand (tests). */
  async idle(): Promise<void> {
    while (this.working) await this.working;
  }

  kick(): void {
    if (this.working || this.stopping) return;
    this.working = this.deliverDue().finally(() => {
      this.working = null;
    });
  }

  // ------------------------------------------------------------------ channels

  view(c: NotificationChannelsTable) {
    const config = JSON.parse(c.config) as Record<string, unknown>;
    return {
      id: c.id,
      name: c.name,
      kind: c.kind as ChannelKind,
      minSeverity: c.minSeverity as NotificationSeverity,
      enabled: num(c.enabled) === 1,
      failing: num(c.failing) === 1,
      lastError: c.lastError,
      email: c.kind === 'email' ? { ...(config as unknown as EmailConfig), hasPassword: c.secret !== null } : null,
      sms: c.kind === 'sms' ? { ...(config as unknown as SmsConfig), hasAuthToken: c.secret !== null } : null,
      webhook: c.kind === 'webhook' ? { ...(config as unknown as WebhookConfig), hasSecret: c.secret !== null } : null,
      createdAt: isoNN(c.createdAt),
      updatedAt: isoNN(c.updatedAt),
    };
  }

  private async row(id: string): Promise<NotificationChannelsTable> {
    const c = await this.db.selectFrom('notificationChannels').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound('Notification channel');
    return c;
  }

  async list() {
    return (await this.db.selectFrom('notificationChannels').selectAll().orderBy('name').execute()).map((c) => this.view(c));
  }

  async get(id: string) {
    return this.view(await this.row(id));
  }

  private configOf(input: ChannelInput): { config: string; secret: string | undefined } {
    if (input.kind === 'email') {
      if (!input.email) throw badRequest('An email channel needs its SMTP settings', [{ path: 'email', message: 'required' }]);
      const { password, ...cfg } = input.email;
      return { config: JSON.stringify(cfg), secret: password };
    }
    if (input.kind === 'sms') {
      if (!input.sms) throw badRequest('An SMS channel needs its provider settings', [{ path: 'sms', message: 'required' }]);
      const { authToken, ...cfg } = input.sms;
      return { config: JSON.stringify(cfg), secret: authToken };
    }
    if (!input.webhook) throw badRequest('A webhook channel needs a URL', [{ path: 'webhook', message: 'required' }]);
    const { secret, ...cfg } = input.webhook;
    return { config: JSON.stringify(cfg), secret };
  }

  async create(input: ChannelInput) {
    if (await this.db.selectFrom('notificationChannels').select('id').where('name', '=', input.name).executeTakeFirst()) {
      throw conflict(`A channel named "${input.name}" already exists`, [{ path: 'name', message: 'already used' }]);
    }
    const { config, secret } = this.configOf(input);
    if (input.kind !== 'email' && !secret) {
      throw badRequest(input.kind === 'sms' ? 'An SMS channel needs the auth token' : 'A webhook channel needs a signing secret', [
        { path: input.kind === 'sms' ? 'sms.authToken' : 'webhook.secret', message: 'required' },
      ]);
    }
    const now = this.clock.now();
    const row: NotificationChannelsTable = {
      id: newId(),
      name: input.name,
      kind: input.kind,
      config,
      secret: secret ? this.box.seal(secret) : null,
      minSeverity: input.minSeverity,
      enabled: input.enabled ? 1 : 0,
      failing: 0,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    this.sender(row); // refuses settings no sender accepts (a bad webhook URL) before anything is stored
    await this.db.insertInto('notificationChannels').values(row).execute();
    return this.view(row);
  }

  async update(id: string, input: ChannelInput) {
    const c = await this.row(id);
    if (input.kind !== c.kind) throw badRequest('The kind of a channel cannot change', [{ path: 'kind', message: 'fixed' }]);
    if (
      input.name !== c.name &&
      (await this.db.selectFrom('notificationChannels').select('id').where('name', '=', input.name).executeTakeFirst())
    ) {
      throw conflict(`A channel named "${input.name}" already exists`, [{ path: 'name', message: 'already used' }]);
    }
    const { config, secret } = this.configOf(input);
    const next: NotificationChannelsTable = {
      ...c,
      name: input.name,
      config,
      secret: secret ? this.box.seal(secret) : c.secret,
      minSeverity: input.minSeverity,
      enabled: input.enabled ? 1 : 0,
      updatedAt: this.clock.now(),
    };
    this.sender(next);
    await this.db.updateTable('notificationChannels').set(next).where('id', '=', id).execute();
    return this.view(next);
  }

  async remove(id: string) {
    const c = await this.row(id);
    await this.db.deleteFrom('notificationChannels').where('id', '=', id).execute();
    // Pending notifications of a deleted channel cannot go anywhere.
    await this.db
      .updateTable('notificationOutbox')
      .set({ state: 'failed', lastError: 'channel deleted' })
      .where('channelId', '=', id)
      .where('state', '=', 'pending')
      .execute();
    return this.view(c);
  }

  private sender(c: NotificationChannelsTable): ChannelSender {
    if (this.senderFactory) return this.senderFactory(c);
    const secret = c.secret ? this.box.open(c.secret) : undefined;
    try {
      if (c.kind === 'email') {
        const e = JSON.parse(c.config) as EmailConfig;
        return new EmailSender({ ...e, user: e.user ?? undefined, pass: secret });
      }
      if (c.kind === 'sms') {
        const s = JSON.parse(c.config) as SmsConfig;
        return new TwilioSmsSender({
          baseUrl: s.baseUrl ?? undefined,
          accountSid: s.accountSid,
          authToken: secret ?? '',
          from: s.from,
          to: s.to,
        });
      }
      const w = JSON.parse(c.config) as WebhookConfig;
      return new WebhookSender({ url: w.url, secret: secret ?? '', headers: w.headers });
    } catch (e) {
      throw badRequest(`The channel settings are not usable: ${(e as Error).message}`);
    }
  }

  /** Sends a test message now (not through the outbox) and returns what the peer said. */
  async test(id: string): Promise<DeliveryResult> {
    const c = await this.row(id);
    const at = isoNN(this.clock.now());
    return this.sender(c).send({
      id: newId(),
      subject: `Test message from Argus (${c.name})`,
      text: `This is a test of the notification channel "${c.name}". If you read this, it works.`,
      html: `<p>This is a test of the notification channel <b>${escapeHtml(c.name)}</b>. If you read this, it works.</p>`,
      severity: 'info',
      event: 'test',
      data: { channel: c.name },
      at,
    });
  }

  // ------------------------------------------------------------------ outbox

  /**
   * Queues a notification for every enabled channel whose minimum severity it reaches (restricted to
   * `channelIds` when the rule names channels). Returns how many rows were queued.
   */
  async enqueue(n: Notification, alertId: string | null, channelIds: string[]): Promise<number> {
    let q = this.db.selectFrom('notificationChannels').selectAll().where('enabled', '=', 1);
    if (channelIds.length) q = q.where('id', 'in', channelIds);
    const channels = (await q.execute()).filter((c) => SEVERITY_RANK[n.severity] >= SEVERITY_RANK[c.minSeverity as NotificationSeverity]);
    if (channels.length === 0) return 0;
    const now = this.clock.now();
    await this.db
      .insertInto('notificationOutbox')
      .values(
        channels.map((c) => ({
          id: newId(),
          channelId: c.id,
          alertId,
          event: n.event,
          // The same notification id for every channel and attempt: the receivers' idempotency key.
          payload: JSON.stringify(n),
          state: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          lastStatus: null,
          lastError: null,
          createdAt: now,
          sentAt: null,
        })),
      )
      .execute();
    this.kick();
    return channels.length;
  }

  async deliveries(q: { channelId?: string; alertId?: string; state?: string; limit: number; offset: number }) {
    let query = this.db.selectFrom('notificationOutbox');
    if (q.channelId) query = query.where('channelId', '=', q.channelId);
    if (q.alertId) query = query.where('alertId', '=', q.alertId);
    if (q.state) query = query.where('state', '=', q.state);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('createdAt', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => this.deliveryView(r)), total: num(count.n), limit: q.limit, offset: q.offset };
  }

  private deliveryView(r: NotificationOutboxTable) {
    const n = JSON.parse(r.payload) as Notification;
    return {
      id: r.id,
      channelId: r.channelId,
      alertId: r.alertId,
      event: r.event,
      subject: n.subject,
      state: r.state,
      attempts: num(r.attempts),
      nextAttemptAt: r.state === 'pending' ? iso(r.nextAttemptAt) : null,
      lastStatus: r.lastStatus === null ? null : num(r.lastStatus),
      lastError: r.lastError,
      createdAt: isoNN(r.createdAt),
      sentAt: iso(r.sentAt),
    };
  }

  private async deliverDue(): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const due = await this.db
        .selectFrom('notificationOutbox')
        .selectAll()
        .where('state', '=', 'pending')
        .where('nextAttemptAt', '<=', this.clock.now())
        .orderBy('nextAttemptAt')
        .orderBy('id')
        .limit(20)
        .execute();
      if (due.length === 0) return;
      // Channels in parallel, one delivery at a time per channel (keeps order, spares slow peers).
      const byChannel = new Map<string, NotificationOutboxTable[]>();
      for (const d of due) byChannel.set(d.channelId, [...(byChannel.get(d.channelId) ?? []), d]);
      await Promise.all(
        [...byChannel.entries()].map(async ([channelId, list]) => {
          const c = await this.db.selectFrom('notificationChannels').selectAll().where('id', '=', channelId).executeTakeFirst();
          for (const d of list) await this.attempt(d, c);
        }),
      );
    }
  }

  private async attempt(d: NotificationOutboxTable, c: NotificationChannelsTable | undefined): Promise<void> {
    const now = this.clock.now();
    if (!c || !num(c.enabled)) {
      await this.db
        .updateTable('notificationOutbox')
        .set({ state: 'failed', lastError: c ? 'channel disabled' : 'channel deleted' })
        .where('id', '=', d.id)
        .execute();
      return;
    }
    let result: DeliveryResult;
    try {
      result = await this.sender(c).send(JSON.parse(d.payload) as Notification);
    } catch (e) {
      result = { ok: false, retryable: true, detail: (e as Error).message.slice(0, 300) };
    }
    const attempts = num(d.attempts) + 1;
    if (result.ok) {
      await this.db
        .updateTable('notificationOutbox')
        .set({ state: 'sent', attempts, sentAt: now, lastStatus: result.status ?? null, lastError: null })
        .where('id', '=', d.id)
        .execute();
      if (num(c.failing)) await this.setFailing(c, false, null);
      return;
    }
    const giveUp = !result.retryable || shouldGiveUp(attempts, MAX_ATTEMPTS);
    await this.db
      .updateTable('notificationOutbox')
      .set({
        state: giveUp ? 'failed' : 'pending',
        attempts,
        nextAttemptAt: giveUp ? now : now + nextAttemptDelay(attempts),
        lastStatus: result.status ?? null,
        lastError: result.detail.slice(0, 1000),
      })
      .where('id', '=', d.id)
      .execute();
    this.log.warn(`channel ${c.name}: delivery ${d.id} attempt ${attempts} failed (${result.detail})${giveUp ? '; giving up' : ''}`);
    if (!num(c.failing)) await this.setFailing(c, true, result.detail);
  }

  private async setFailing(c: NotificationChannelsTable, failing: boolean, detail: string | null): Promise<void> {
    await this.db
      .updateTable('notificationChannels')
      .set({ failing: failing ? 1 : 0, lastError: detail, updatedAt: this.clock.now() })
      .where('id', '=', c.id)
      .execute();
    this.listener?.({ id: c.id, name: c.name }, failing, detail);
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
