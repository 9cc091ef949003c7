import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody, ValidParams, ValidQuery } from '../common/endpoint';
import { principalOf, type RequestContext } from '../common/request';
import { IdParams, IsoDateTime, page, qInt, qTime, text } from '../common/schemas';
import { ALERT_STATES, AlertsService, RULE_KINDS } from './alerts.service';

const Severity = z.enum(['info', 'warning', 'critical']);
const Id = z.string().min(1).max(64);
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const TimeZone = z
  .string()
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone, e.g. Europe/Berlin' },
  );

const RuleBody = z.strictObject({
  name: text(200, 1),
  kind: z.enum(RULE_KINDS as [string, ...string[]]).transform((k) => k as (typeof RULE_KINDS)[number]),
  threshold: z
    .number()
    .finite()
    .nullable()
    .default(null)
    .describe('fps, kbit/s, % of dropped frames, restarts per hour, or % of free disk'),
  clearThreshold: z.number().finite().nullable().default(null).describe('Hysteresis: where the condition clears (default: the threshold)'),
  forSeconds: z.number().int().min(0).max(86_400).default(30).describe('How long the condition must hold before an alert opens'),
  clearForSeconds: z.number().int().min(0).max(86_400).default(10).describe('How long it must be clear before the alert resolves'),
  severity: Severity.default('warning'),
  scope: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('camera'), cameraId: Id }),
      z.strictObject({ type: z.literal('group'), cameraIds: z.array(Id).min(1).max(500) }),
      z.strictObject({ type: z.literal('global') }),
    ])
    .default({ type: 'global' }),
  quietHours: z.strictObject({ start: HHMM, end: HHMM, timeZone: TimeZone }).nullable().default(null),
  channelIds: z.array(Id).max(50).default([]).describe('Empty = every channel whose minimum severity the alert reaches'),
  enabled: z.boolean().default(true),
});

const RuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    threshold: z.number().nullable(),
    clearThreshold: z.number().nullable(),
    forSeconds: z.number(),
    clearForSeconds: z.number(),
    severity: Severity,
    scope: z.union([
      z.object({ type: z.literal('camera'), cameraId: z.string() }),
      z.object({ type: z.literal('group'), cameraIds: z.array(z.string()) }),
      z.object({ type: z.literal('global') }),
    ]),
    quietHours: z.object({ start: z.string(), end: z.string(), timeZone: z.string() }).nullable(),
    channelIds: z.array(z.string()),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AlertRule' });

const AlertSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    ruleName: z.string().nullable(),
    kind: z.string(),
    subject: z.string(),
    cameraId: z.string().nullable(),
    severity: Severity,
    state: z.enum(ALERT_STATES),
    message: z.string(),
    value: z.string().nullable(),
    openedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    ackComment: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolveReason: z.string().nullable(),
  })
  .meta({ id: 'Alert' });
const AlertDetail = AlertSchema.extend({
  history: z.array(z.object({ at: z.string(), type: z.string(), actor: z.string().nullable(), detail: z.string().nullable() })),
}).meta({ id: 'AlertDetail' });

const SearchQuery = z.strictObject({
  state: z.enum(ALERT_STATES).optional(),
  cameraId: Id.optional(),
  ruleId: Id.optional(),
  severity: Severity.optional(),
  from: qTime,
  to: qTime,
  q: z.string().max(200).optional(),
  limit: qInt(1, 200, 50),
  offset: qInt(0, 10_000_000, 0),
});
const CommentBody = z.strictObject({ comment: text(1000).nullable().default(null) });
const SnoozeBody = z.strictObject({
  ruleId: Id.nullable().default(null).describe('null = every rule'),
  subject: Id.nullable().default(null).describe('A camera id, tier id or "system"; null = every subject'),
  until: IsoDateTime,
  reason: text(500).nullable().default(null),
});
const SnoozeSchema = z
  .object({
    id: z.string(),
    ruleId: z.string().nullable(),
    subject: z.string().nullable(),
    until: z.string(),
    reason: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'AlertSnooze' });

@ApiController('', 'Alerts')
export class AlertsController {
  constructor(@Inject(AlertsService) private readonly alerts: AlertsService) {}

  @Endpoint({
    method: 'GET',
    path: 'alerts',
    summary: 'Alerts, newest first: filter by state, camera, rule, severity, time and text',
    permission: 'alerts:read',
    query: SearchQuery,
    response: page(AlertSchema),
  })
  search(@ValidQuery() q: z.infer<typeof SearchQuery>) {
    return this.alerts.search(q);
  }

  @Endpoint({
    method: 'GET',
    path: 'alerts/summary',
    summary: 'Counts of open (unacknowledged) and acknowledged alerts by severity',
    permission: 'alerts:read',
    response: z.object({
      open: z.number(),
      acknowledged: z.number(),
      unacknowledged: z.number(),
      bySeverity: z.object({ info: z.number(), warning: z.number(), critical: z.number() }),
    }),
  })
  summary() {
    return this.alerts.summary();
  }

  @Endpoint({
    method: 'GET',
    path: 'alerts/:id',
    summary: 'One alert with its history',
    permission: 'alerts:read',
    params: IdParams,
    response: AlertDetail,
    errors: [404],
  })
  get(@ValidParams() p: z.infer<typeof IdParams>) {
    return this.alerts.get(p.id);
  }

  @Endpoint({
    method: 'POST',
    path: 'alerts/:id/acknowledge',
    summary: 'Acknowledge an open alert (who, when, comment)',
    permission: 'alerts:write',
    params: IdParams,
    body: CommentBody,
    response: AlertSchema,
    status: 200,
    audit: 'alert.acknowledge',
    errors: [404, 409],
  })
  acknowledge(@ValidParams() p: z.infer<typeof IdParams>, @ValidBody() b: z.infer<typeof CommentBody>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'alert';
    ctx.audit.details = { comment: b.comment };
    return this.alerts.acknowledge(p.id, principalOf(ctx), b.comment);
  }

  @Endpoint({
    method: 'POST',
    path: 'alerts/:id/resolve',
    summary: 'Resolve an alert by hand (it opens again only after its condition cleared and returned)',
    permission: 'alerts:write',
    params: IdParams,
    body: CommentBody,
    response: AlertSchema,
    status: 200,
    audit: 'alert.resolve',
    errors: [404, 409],
  })
  resolve(@ValidParams() p: z.infer<typeof IdParams>, @ValidBody() b: z.infer<typeof CommentBody>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'alert';
    ctx.audit.details = { comment: b.comment };
    return this.alerts.resolve(p.id, principalOf(ctx), b.comment);
  }

  @Endpoint({ method: 'GET', path: 'alert-rules', summary: 'Alert rules', permission: 'alerts:read', response: z.array(RuleSchema) })
  rules() {
    return this.alerts.listRules();
  }

  @Endpoint({
    method: 'POST',
    path: 'alert-rules',
    summary: 'Create an alert rule',
    permission: 'alerts:write',
    body: RuleBody,
    response: RuleSchema,
    status: 201,
    audit: 'alert_rule.create',
  })
  async createRule(@ValidBody() b: z.infer<typeof RuleBody>, @Ctx() ctx: RequestContext) {
    const r = await this.alerts.createRule(b);
    ctx.audit.targetType = 'alert_rule';
    ctx.audit.targetId = r.id;
    ctx.audit.details = { name: r.name, kind: r.kind };
    return r;
  }

  @Endpoint({
    method: 'PUT',
    path: 'alert-rules/:id',
    summary: 'Replace an alert rule',
    permission: 'alerts:write',
    params: IdParams,
    body: RuleBody,
    response: RuleSchema,
    audit: 'alert_rule.update',
    errors: [404],
  })
  updateRule(@ValidParams() p: z.infer<typeof IdParams>, @ValidBody() b: z.infer<typeof RuleBody>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'alert_rule';
    ctx.audit.details = { name: b.name, kind: b.kind };
    return this.alerts.updateRule(p.id, b);
  }

  @Endpoint({
    method: 'DELETE',
    path: 'alert-rules/:id',
    summary: 'Delete an alert rule (its open alerts resolve)',
    permission: 'alerts:write',
    params: IdParams,
    audit: 'alert_rule.delete',
    errors: [404],
  })
  async deleteRule(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'alert_rule';
    const r = await this.alerts.deleteRule(p.id);
    ctx.audit.details = { name: r.name };
  }

  @Endpoint({ method: 'GET', path: 'alert-snoozes', summary: 'Active snoozes', permission: 'alerts:read', response: z.array(SnoozeSchema) })
  snoozes() {
    return this.alerts.listSnoozes();
  }

  @Endpoint({
    method: 'POST',
    path: 'alert-snoozes',
    summary: 'Snooze a rule, a camera (subject) or one rule for one camera until a time',
    permission: 'alerts:write',
    body: SnoozeBody,
    response: SnoozeSchema,
    status: 201,
    audit: 'alert.snooze',
  })
  async snooze(@ValidBody() b: z.infer<typeof SnoozeBody>, @Ctx() ctx: RequestContext) {
    const s = await this.alerts.snooze(b, principalOf(ctx));
    ctx.audit.targetType = 'alert_snooze';
    ctx.audit.targetId = s.id;
    ctx.audit.details = { ruleId: s.ruleId, subject: s.subject, until: s.until };
    return s;
  }

  @Endpoint({
    method: 'DELETE',
    path: 'alert-snoozes/:id',
    summary: 'End a snooze',
    permission: 'alerts:write',
    params: IdParams,
    audit: 'alert.unsnooze',
    errors: [404],
  })
  async unsnooze(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'alert_snooze';
    await this.alerts.unsnooze(p.id);
  }
}
