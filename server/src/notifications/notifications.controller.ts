import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody, ValidParams, ValidQuery } from '../common/endpoint';
import type { RequestContext } from '../common/request';
import { IdParams, page, qInt, text } from '../common/schemas';
import { CHANNEL_KINDS, NotificationsService } from './notifications.service';

const Severity = z.enum(['info', 'warning', 'critical']);
const EmailAddr = z.email({ message: 'must be an email address' }).max(254);
const Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +4915112345678');

const EmailConfig = z.strictObject({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(587),
  secure: z.boolean().default(false).describe('Implicit TLS (port 465)'),
  requireTLS: z.boolean().default(true).describe('Insist on STARTTLS'),
  user: z.string().max(254).nullable().default(null),
  password: z.string().max(512).optional().describe('Write-only'),
  from: z.string().min(3).max(320),
  to: z.array(EmailAddr).min(1).max(50),
  tlsRejectUnauthorized: z.boolean().default(true),
});
const SmsConfig = z.strictObject({
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .default(null)
    .describe('Twilio-compatible API; null = https://api.twilio.com'),
  accountSid: z.string().min(1).max(64),
  authToken: z.string().min(1).max(256).optional().describe('Write-only'),
  from: z.string().min(1).max(32),
  to: z.array(Phone).min(1).max(20),
});
const WebhookConfig = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(1000)).default({}),
  secret: z.string().min(16).max(256).optional().describe('Write-only HMAC key of X-Argus-Signature'),
});
const ChannelBody = z
  .strictObject({
    name: text(100, 1),
    kind: z.enum(CHANNEL_KINDS),
    minSeverity: Severity.default('warning'),
    enabled: z.boolean().default(true),
    email: EmailConfig.optional(),
    sms: SmsConfig.optional(),
    webhook: WebhookConfig.optional(),
  })
  .refine((c) => !!c[c.kind] && CHANNEL_KINDS.filter((k) => k !== c.kind).every((k) => !c[k]), {
    message: 'give the settings object named like the kind (email, sms or webhook), and only that one',
    path: ['kind'],
  });

const ChannelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    minSeverity: Severity,
    enabled: z.boolean(),
    failing: z.boolean(),
    lastError: z.string().nullable(),
    email: z
      .object({
        host: z.string(),
        port: z.number(),
        secure: z.boolean(),
        requireTLS: z.boolean(),
        user: z.string().nullable(),
        from: z.string(),
        to: z.array(z.string()),
        tlsRejectUnauthorized: z.boolean(),
        hasPassword: z.boolean(),
      })
      .nullable(),
    sms: z
      .object({
        baseUrl: z.string().nullable(),
        accountSid: z.string(),
        from: z.string(),
        to: z.array(z.string()),
        hasAuthToken: z.boolean(),
      })
      .nullable(),
    webhook: z.object({ url: z.string(), headers: z.record(z.string(), z.string()), hasSecret: z.boolean() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'NotificationChannel' });

const Delivery = z
  .object({
    id: z.string(),
    channelId: z.string(),
    alertId: z.string().nullable(),
    event: z.string(),
    subject: z.string(),
    state: z.string(),
    attempts: z.number(),
    nextAttemptAt: z.string().nullable(),
    lastStatus: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'NotificationDelivery' });

const DeliveryQuery = z.strictObject({
  channelId: z.string().max(64).optional(),
  alertId: z.string().max(64).optional(),
  state: z.enum(['pending', 'sent', 'failed']).optional(),
  limit: qInt(1, 200, 50),
  offset: qInt(0, 10_000_000, 0),
});

@ApiController('', 'Notifications')
export class NotificationsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Endpoint({
    method: 'GET',
    path: 'notification-channels',
    summary: 'Notification channels (secrets are never returned)',
    permission: 'notifications:admin',
    response: z.array(ChannelSchema),
  })
  list() {
    return this.notifications.list();
  }

  @Endpoint({
    method: 'POST',
    path: 'notification-channels',
    summary: 'Add an email, SMS (Twilio-compatible) or webhook channel',
    permission: 'notifications:admin',
    body: ChannelBody,
    response: ChannelSchema,
    status: 201,
    audit: 'notification_channel.create',
    errors: [409],
  })
  async create(@ValidBody() b: z.infer<typeof ChannelBody>, @Ctx() ctx: RequestContext) {
    const c = await this.notifications.create(b);
    ctx.audit.targetType = 'notification_channel';
    ctx.audit.targetId = c.id;
    ctx.audit.details = { name: c.name, kind: c.kind };
    return c;
  }

  @Endpoint({
    method: 'PUT',
    path: 'notification-channels/:id',
    summary: 'Replace a channel’s settings (omit a secret to keep it)',
    permission: 'notifications:admin',
    params: IdParams,
    body: ChannelBody,
    response: ChannelSchema,
    audit: 'notification_channel.update',
    errors: [404, 409],
  })
  update(@ValidParams() p: z.infer<typeof IdParams>, @ValidBody() b: z.infer<typeof ChannelBody>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'notification_channel';
    ctx.audit.details = { name: b.name, kind: b.kind };
    return this.notifications.update(p.id, b);
  }

  @Endpoint({
    method: 'DELETE',
    path: 'notification-channels/:id',
    summary: 'Delete a channel (its pending notifications are dropped)',
    permission: 'notifications:admin',
    params: IdParams,
    audit: 'notification_channel.delete',
    errors: [404],
  })
  async remove(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'notification_channel';
    const c = await this.notifications.remove(p.id);
    ctx.audit.details = { name: c.name };
  }

  @Endpoint({
    method: 'POST',
    path: 'notification-channels/:id/test',
    summary: 'Send a test message now and report what the peer answered',
    permission: 'notifications:admin',
    params: IdParams,
    response: z.object({ ok: z.boolean(), retryable: z.boolean(), status: z.number().optional(), detail: z.string() }),
    status: 200,
    audit: 'notification_channel.test',
    errors: [404],
  })
  test(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'notification_channel';
    return this.notifications.test(p.id);
  }

  @Endpoint({
    method: 'GET',
    path: 'notification-deliveries',
    summary: 'The delivery log: every queued notification with attempts, status and errors',
    permission: 'notifications:admin',
    query: DeliveryQuery,
    response: page(Delivery),
  })
  deliveries(@ValidQuery() q: z.infer<typeof DeliveryQuery>) {
    return this.notifications.deliveries(q);
  }
}
