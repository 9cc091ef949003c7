import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock, iso, isoNN } from '../common/clock';
import { newId } from '../common/crypto';
import { badRequest, conflict, notFound } from '../common/errors';
import type { Principal } from '../common/request';
import { DB, type Db, num } from '../db/database';
import type { AlertRulesTable, AlertsTable } from '../db/schema';
import type { Notification } from '../notifications/channels/types';
import { escapeHtml, NotificationsService } from '../notifications/notifications.service';
import type { AlertEvent } from '../realtime/events';
import { RealtimeService } from '../realtime/realtime.service';
import { HOT_TIER } from '../recordings/recordings.service';
import { StorageService } from '../storage/storage.service';
import { StreamsService } from '../streams/streams.service';
import {
  alertKey,
  type Observation,
  type Rule,
  RuleEngine,
  type RuleKind,
  ruleProblems,
  type Severity,
  type Snooze,
  type Transition,
} from './rule-engine';

export const RULE_KINDS: RuleKind[] = [
  'camera_offline',
  'fps_below',
  'bitrate_below',
  'dropped_frames_above',
  'restarts_above',
  'recording_stalled',
  'disk_free_below',
  'tier_unreachable',
  's3_upload_failing',
];
export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
/** Alerts Argus raises itself (not from a rule): a notification channel that keeps failing. */
const CHANNEL_RULE = 'channel-failing';

export interface RuleInput {
  name: string;
  kind: RuleKind;
  threshold: number | null;
  clearThreshold: number | null;
  forSeconds: number;
  clearForSeconds: number;
  severity: Severity;
  scope: Rule['scope'];
  quietHours: Rule['quietHours'];
  channelIds: string[];
  enabled: boolean;
}

interface DropSample {
  at: number;
  dropped: number;
  fps: number;
}

/**
 * Alert rules, the alert lifecycle (open → acknowledged → resolved, with history), snoozes and the
 * evaluation loop: once a second it samples camera status and health, recording state and storage,
 * feeds the pure rule engine, and persists what it decides — each change pushed over socket.io and
 * queued for notification in the durable outbox.
 */
@Injectable()
export class AlertsService {
  private readonly log = new Logger('Alerts');
  private engine = new RuleEngine([]);
  private rules = new Map<string, AlertRulesTable>();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly drops = new Map<string, DropSample[]>();
  private readonly restarts = new Map<string, { seen: number; times: number[] }>();

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RealtimeService) private readonly realtime: RealtimeService,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(StreamsService) private readonly streams: StreamsService,
    @Inject(StorageService) private readonly storage: StorageService,
  ) {
    notifications.onChannelHealth((c, failing, detail) => void this.channelHealth(c, failing, detail).catch(() => undefined));
  }

  // ------------------------------------------------------------------ lifecycle

  async start(intervalMs = 1000): Promise<void> {
    await this.loadRules();
    const open = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('state', '!=', 'resolved')
      .where('ruleId', '!=', CHANNEL_RULE)
      .execute();
    const now = this.clock.now();
    await this.apply(
      this.engine.restore(
        open.map((a) => ({ key: a.alertKey, ruleId: a.ruleId, subject: a.subject, openedAt: num(a.openedAt) })),
        now,
      ),
    );
    this.timer = setInterval(() => void this.evaluate(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private toRule(r: AlertRulesTable): Rule {
    return {
      id: r.id,
      kind: r.kind as RuleKind,
      threshold: r.threshold === null ? null : Number(r.threshold),
      clearThreshold: r.clearThreshold === null ? null : Number(r.clearThreshold),
      forSeconds: num(r.forSeconds),
      clearForSeconds: num(r.clearForSeconds),
      severity: r.severity as Severity,
      scope: JSON.parse(r.scope) as Rule['scope'],
      quietHours: r.quietHours ? (JSON.parse(r.quietHours) as Rule['quietHours']) : null,
      enabled: num(r.enabled) === 1,
    };
  }

  private async loadRules(): Promise<void> {
    const rows = await this.db.selectFrom('alertRules').selectAll().execute();
    this.rules = new Map(rows.map((r) => [r.id, r]));
    await this.apply(
      this.engine.setRules(
        rows.map((r) => this.toRule(r)),
        this.clock.now(),
      ),
    );
  }

  // ------------------------------------------------------------------ evaluation

  private async snoozes(now: number): Promise<Snooze[]> {
    const rows = await this.db.selectFrom('alertSnoozes').selectAll().where('until', '>', now).execute();
    return rows.map((s) => ({ ruleId: s.ruleId, subject: s.subject, until: num(s.until) }));
  }

  /** One round: sample everything, feed the engine, persist its transitions. */
  async evaluate(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = this.clock.now();
      const snoozes = await this.snoozes(now);
      const out: Transition[] = [];
      for (const o of await this.observe(now)) out.push(...this.engine.observe(o, snoozes));
      out.push(...this.engine.tick(now, snoozes));
      await this.apply(out);
    } catch (e) {
      this.log.error(`alert evaluation failed: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private async observe(now: number): Promise<Observation[]> {
    const obs: Observation[] = [];
    const cams = await this.db
      .selectFrom('cameras')
      .select(['id', 'status', 'recordingState', 'recordingEnabled'])
      .where('enabled', '=', 1)
      .execute();
    const health = new Map(this.streams.liveHealth().map((h) => [h.cameraId, h]));
    for (const c of cams) {
      const values: Observation['values'] = {
        offline: c.status === 'offline' || c.status === 'error',
        recordingStalled: num(c.recordingEnabled) === 1 && c.recordingState === 'error',
      };
      const h = health.get(c.id);
      if (h && (c.status === 'online' || c.status === 'degraded')) {
        if (h.fps !== null) values.fps = h.fps;
        if (h.bitrateKbps !== null) values.bitrateKbps = h.bitrateKbps;
        const dp = this.droppedPercent(c.id, now, h.droppedFrames ?? 0, h.fps ?? 0);
        if (dp !== null) values.droppedPercent = dp;
        values.restartsLastHour = this.restartsLastHour(c.id, now, h.restarts);
      }
      obs.push({ subject: c.id, kind: 'camera', at: now, values });
    }
    const usage = this.storage.cachedState();
    for (const t of usage) {
      obs.push({
        subject: t.id,
        kind: 'tier',
        at: now,
        values: { tierUnreachable: !t.reachable, s3UploadFailing: t.kind === 's3' && t.failing },
      });
      if (t.id === HOT_TIER && t.freeBytes !== null && t.totalBytes) {
        obs.push({
          subject: 'system',
          kind: 'system',
          at: now,
          values: { diskFreeBytes: t.freeBytes, diskFreePercent: (t.freeBytes / t.totalBytes) * 100 },
        });
      }
    }
    return obs;
  }

  /** Dropped frames as a share of the frames expected over the last 60 s. */
  private droppedPercent(cameraId: string, now: number, dropped: number, fps: number): number | null {
    const list = (this.drops.get(cameraId) ?? []).filter((s) => now - s.at <= 60_000);
    list.push({ at: now, dropped, fps });
    this.drops.set(cameraId, list);
    const first = list[0]!;
    const spanSec = (now - first.at) / 1000;
    if (spanSec < 5) return null;
    const expected = (list.reduce((n, s) => n + s.fps, 0) / list.length) * spanSec;
    if (expected <= 0) return null;
    return Math.max(0, Math.min(100, ((dropped - first.dropped) / expected) * 100));
  }

  private restartsLastHour(cameraId: string, now: number, sessionRestarts: number): number {
    const r = this.restarts.get(cameraId) ?? { seen: 0, times: [] };
    if (sessionRestarts < r.seen) r.seen = 0;
    for (let i = r.seen; i < sessionRestarts; i++) r.times.push(now);
    r.seen = sessionRestarts;
    r.times = r.times.filter((t) => now - t <= 3_600_000);
    this.restarts.set(cameraId, r);
    return r.times.length;
  }

  // ------------------------------------------------------------------ persistence of transitions

  private async names(subject: string): Promise<string> {
    const cam = await this.db.selectFrom('cameras').select('name').where('id', '=', subject).executeTakeFirst();
    if (cam) return `camera "${cam.name}"`;
    const tier = await this.db.selectFrom('storageTiers').select('name').where('id', '=', subject).executeTakeFirst();
    if (tier) return `storage tier "${tier.name}"`;
    return subject === 'system' ? 'the server' : subject;
  }

  private async apply(transitions: Transition[]): Promise<void> {
    for (const t of transitions) {
      try {
        if (t.type === 'open') await this.open(t);
        else await this.resolved(t);
      } catch (e) {
        this.log.error(`alert ${t.key}: ${(e as Error).message}`);
      }
    }
  }

  private async open(t: Extract<Transition, { type: 'open' }>): Promise<void> {
    const rule = this.rules.get(t.ruleId);
    if (!rule) return;
    // Dedup also across restarts: one open alert per key.
    const existing = await this.db
      .selectFrom('alerts')
      .select('id')
      .where('alertKey', '=', t.key)
      .where('state', '!=', 'resolved')
      .executeTakeFirst();
    if (existing) return;
    const who = await this.names(t.subject);
    const cam = await this.db.selectFrom('cameras').select('id').where('id', '=', t.subject).executeTakeFirst();
    const message = `${rule.name}: ${describe(rule.kind as RuleKind, who, t.value, rule.threshold === null ? null : Number(rule.threshold))}`;
    const now = this.clock.now();
    const row: AlertsTable = {
      id: newId(),
      ruleId: t.ruleId,
      alertKey: t.key,
      subject: t.subject,
      cameraId: cam?.id ?? null,
      kind: rule.kind,
      severity: t.severity,
      state: 'open',
      message: message.slice(0, 1000),
      value: String(t.value).slice(0, 64),
      openedAt: t.at,
      acknowledgedAt: null,
      acknowledgedBy: null,
      ackComment: null,
      resolvedAt: null,
      resolvedBy: null,
      resolveReason: null,
      updatedAt: now,
    };
    await this.db.insertInto('alerts').values(row).execute();
    await this.event(row.id, 'opened', null, message);
    await this.publish(row, rule.name);
    if (t.notify) await this.notify(row, rule, 'alert.opened');
  }

  private async resolved(t: Extract<Transition, { type: 'resolve' }>): Promise<void> {
    const row = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('alertKey', '=', t.key)
      .where('state', '!=', 'resolved')
      .executeTakeFirst();
    if (!row) return;
    const reason = t.reason === 'cleared' ? 'condition cleared' : t.reason;
    await this.close(row, null, reason);
    const rule = this.rules.get(row.ruleId);
    if (t.notify && rule) await this.notify({ ...row, state: 'resolved', resolvedAt: t.at, resolveReason: reason }, rule, 'alert.resolved');
  }

  private async close(row: AlertsTable, by: string | null, reason: string): Promise<AlertsTable> {
    const now = this.clock.now();
    const patch = { state: 'resolved', resolvedAt: now, resolvedBy: by, resolveReason: reason, updatedAt: now };
    await this.db.updateTable('alerts').set(patch).where('id', '=', row.id).execute();
    await this.event(row.id, 'resolved', by, reason);
    const next = { ...row, ...patch };
    await this.publish(next, this.rules.get(row.ruleId)?.name ?? 'Argus');
    return next;
  }

  private async event(alertId: string, type: string, actor: string | null, detail: string | null): Promise<void> {
    await this.db
      .insertInto('alertEvents')
      .values({ alertId, at: this.clock.now(), type, actor, detail: detail?.slice(0, 1000) ?? null })
      .execute();
  }

  private async unacknowledged(): Promise<number> {
    const r = await this.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('state', '=', 'open')
      .executeTakeFirstOrThrow();
    return num(r.n);
  }

  private async publish(a: AlertsTable, ruleName: string): Promise<void> {
    const e: AlertEvent = {
      id: a.id,
      ruleId: a.ruleId,
      ruleName,
      kind: a.kind,
      subject: a.subject,
      cameraId: a.cameraId,
      severity: a.severity as AlertEvent['severity'],
      state: a.state as AlertEvent['state'],
      message: a.message,
      openedAt: isoNN(a.openedAt),
      acknowledgedAt: iso(a.acknowledgedAt),
      acknowledgedBy: a.acknowledgedBy,
      resolvedAt: iso(a.resolvedAt),
      unacknowledged: await this.unacknowledged(),
      at: isoNN(this.clock.now()),
    };
    this.realtime.alertChanged(e);
  }

  private async notify(
    a: AlertsTable,
    rule: Pick<AlertRulesTable, 'name' | 'channelIds'>,
    event: Notification['event'],
    exclude?: string,
  ): Promise<void> {
    const verb =
      event === 'alert.opened'
        ? 'Alert'
        : event === 'alert.resolved'
          ? 'Resolved'
          : event === 'alert.acknowledged'
            ? 'Acknowledged'
            : 'Alert';
    const lines = [
      a.message,
      `Severity: ${a.severity}`,
      `Opened: ${isoNN(a.openedAt)}`,
      ...(a.resolvedAt ? [`Resolved: ${iso(a.resolvedAt)} (${a.resolveReason ?? ''})`] : []),
      ...(a.acknowledgedBy ? [`Acknowledged by ${a.acknowledgedBy}${a.ackComment ? `: ${a.ackComment}` : ''}`] : []),
    ];
    const n: Notification = {
      id: `${a.id}:${event}`,
      subject: `${verb}: ${a.message}`.slice(0, 200),
      text: lines.join('\n'),
      html: `<p>${lines.map(escapeHtml).join('<br>')}</p>`,
      severity: a.severity as Notification['severity'],
      event,
      data: {
        id: a.id,
        ruleId: a.ruleId,
        rule: rule.name,
        kind: a.kind,
        subject: a.subject,
        cameraId: a.cameraId,
        severity: a.severity,
        state: a.state,
        message: a.message,
        openedAt: isoNN(a.openedAt),
        resolvedAt: iso(a.resolvedAt),
      },
      at: isoNN(this.clock.now()),
    };
    const ids = (JSON.parse(rule.channelIds) as string[]).filter((id) => id !== exclude);
    if (exclude && ids.length === 0) {
      const all = await this.db.selectFrom('notificationChannels').select('id').where('id', '!=', exclude).execute();
      if (all.length === 0) return;
      await this.notifications.enqueue(
        n,
        a.id,
        all.map((c) => c.id),
      );
      return;
    }
    await this.notifications.enqueue(n, a.id, ids);
  }

  /** A channel that keeps failing raises an alert of its own (told through the other channels); it resolves when a delivery succeeds. */
  private async channelHealth(c: { id: string; name: string }, failing: boolean, detail: string | null): Promise<void> {
    const key = alertKey(CHANNEL_RULE, c.id);
    const open = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('alertKey', '=', key)
      .where('state', '!=', 'resolved')
      .executeTakeFirst();
    if (!failing) {
      if (open) await this.close(open, null, 'a delivery succeeded');
      return;
    }
    if (open) return;
    const now = this.clock.now();
    const row: AlertsTable = {
      id: newId(),
      ruleId: CHANNEL_RULE,
      alertKey: key,
      subject: c.id,
      cameraId: null,
      kind: 'channel_failing',
      severity: 'warning',
      state: 'open',
      message: `Notification channel "${c.name}" is failing: ${detail ?? 'unknown error'}`.slice(0, 1000),
      value: null,
      openedAt: now,
      acknowledgedAt: null,
      acknowledgedBy: null,
      ackComment: null,
      resolvedAt: null,
      resolvedBy: null,
      resolveReason: null,
      updatedAt: now,
    };
    await this.db.insertInto('alerts').values(row).execute();
    await this.event(row.id, 'opened', null, row.message);
    await this.publish(row, 'Notification channels');
    await this.notify(row, { name: 'Notification channels', channelIds: '[]' }, 'alert.opened', c.id);
  }

  // ------------------------------------------------------------------ API: alerts

  view(a: AlertsTable) {
    return {
      id: a.id,
      ruleId: a.ruleId,
      ruleName: this.rules.get(a.ruleId)?.name ?? (a.ruleId === CHANNEL_RULE ? 'Notification channels' : null),
      kind: a.kind,
      subject: a.subject,
      cameraId: a.cameraId,
      severity: a.severity as Severity,
      state: a.state as (typeof ALERT_STATES)[number],
      message: a.message,
      value: a.value,
      openedAt: isoNN(a.openedAt),
      acknowledgedAt: iso(a.acknowledgedAt),
      acknowledgedBy: a.acknowledgedBy,
      ackComment: a.ackComment,
      resolvedAt: iso(a.resolvedAt),
      resolvedBy: a.resolvedBy,
      resolveReason: a.resolveReason,
    };
  }

  async search(q: {
    state?: (typeof ALERT_STATES)[number];
    cameraId?: string;
    ruleId?: string;
    severity?: Severity;
    from?: number;
    to?: number;
    q?: string;
    limit: number;
    offset: number;
  }) {
    let query = this.db.selectFrom('alerts');
    if (q.state) query = query.where('state', '=', q.state);
    if (q.cameraId) query = query.where('cameraId', '=', q.cameraId);
    if (q.ruleId) query = query.where('ruleId', '=', q.ruleId);
    if (q.severity) query = query.where('severity', '=', q.severity);
    if (q.from !== undefined) query = query.where((eb) => eb.or([eb('resolvedAt', 'is', null), eb('resolvedAt', '>=', q.from!)]));
    if (q.to !== undefined) query = query.where('openedAt', '<', q.to);
    if (q.q)
      query = query.where((eb) => eb(eb.fn('lower', ['message']), 'like', `%${q.q!.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('openedAt', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((a) => this.view(a)), total: num(count.n), limit: q.limit, offset: q.offset };
  }

  async get(id: string) {
    const a = await this.row(id);
    const events = await this.db.selectFrom('alertEvents').selectAll().where('alertId', '=', id).orderBy('at').orderBy('id').execute();
    return {
      ...this.view(a),
      history: events.map((e) => ({ at: isoNN(e.at), type: e.type, actor: e.actor, detail: e.detail })),
    };
  }

  async summary() {
    const rows = await this.db
      .selectFrom('alerts')
      .select(['state', 'severity', (eb) => eb.fn.countAll().as('n')])
      .where('state', '!=', 'resolved')
      .groupBy(['state', 'severity'])
      .execute();
    const out = {
      open: 0,
      acknowledged: 0,
      unacknowledged: 0,
      bySeverity: { info: 0, warning: 0, critical: 0 } as Record<Severity, number>,
    };
    for (const r of rows) {
      const n = num(r.n);
      if (r.state === 'open') out.open += n;
      else out.acknowledged += n;
      out.bySeverity[r.severity as Severity] += n;
    }
    out.unacknowledged = out.open;
    return out;
  }

  private async row(id: string): Promise<AlertsTable> {
    const a = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound('Alert');
    return a;
  }

  async acknowledge(id: string, by: Principal, comment: string | null) {
    const a = await this.row(id);
    if (a.state !== 'open') throw conflict(`The alert is ${a.state}`);
    const now = this.clock.now();
    const patch = { state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: by.email, ackComment: comment, updatedAt: now };
    await this.db.updateTable('alerts').set(patch).where('id', '=', id).where('state', '=', 'open').execute();
    await this.event(id, 'acknowledged', by.email, comment);
    const next = { ...a, ...patch };
    await this.publish(next, this.rules.get(a.ruleId)?.name ?? 'Argus');
    return this.view(next);
  }

  async resolve(id: string, by: Principal, comment: string | null) {
    const a = await this.row(id);
    if (a.state === 'resolved') throw conflict('The alert is already resolved');
    this.engine.resolveManually(a.alertKey);
    const next = await this.close(a, by.email, comment ? `resolved by hand: ${comment}` : 'resolved by hand');
    return this.view(next);
  }

  // ------------------------------------------------------------------ API: rules

  ruleView(r: AlertRulesTable) {
    return {
      id: r.id,
      name: r.name,
      kind: r.kind as RuleKind,
      threshold: r.threshold === null ? null : Number(r.threshold),
      clearThreshold: r.clearThreshold === null ? null : Number(r.clearThreshold),
      forSeconds: num(r.forSeconds),
      clearForSeconds: num(r.clearForSeconds),
      severity: r.severity as Severity,
      scope: JSON.parse(r.scope) as Rule['scope'],
      quietHours: r.quietHours ? (JSON.parse(r.quietHours) as NonNullable<Rule['quietHours']>) : null,
      channelIds: JSON.parse(r.channelIds) as string[],
      enabled: num(r.enabled) === 1,
      createdAt: isoNN(r.createdAt),
      updatedAt: isoNN(r.updatedAt),
    };
  }

  async listRules() {
    return (await this.db.selectFrom('alertRules').selectAll().orderBy('name').execute()).map((r) => this.ruleView(r));
  }

  private async validateRule(input: RuleInput): Promise<void> {
    const problems = ruleProblems({ id: 'new', ...input });
    if (problems.length) throw badRequest(`The rule is not valid: ${problems.join('; ')}`);
    const camIds = input.scope.type === 'camera' ? [input.scope.cameraId] : input.scope.type === 'group' ? input.scope.cameraIds : [];
    if (camIds.length) {
      const found = await this.db.selectFrom('cameras').select('id').where('id', 'in', camIds).execute();
      if (found.length !== new Set(camIds).size)
        throw badRequest('The scope names a camera that does not exist', [{ path: 'scope', message: 'unknown camera' }]);
    }
    if (input.channelIds.length) {
      const found = await this.db.selectFrom('notificationChannels').select('id').where('id', 'in', input.channelIds).execute();
      if (found.length !== new Set(input.channelIds).size)
        throw badRequest('Unknown notification channel', [{ path: 'channelIds', message: 'unknown channel' }]);
    }
  }

  async createRule(input: RuleInput) {
    await this.validateRule(input);
    const now = this.clock.now();
    const row: AlertRulesTable = {
      id: newId(),
      name: input.name,
      kind: input.kind,
      threshold: input.threshold,
      clearThreshold: input.clearThreshold,
      forSeconds: input.forSeconds,
      clearForSeconds: input.clearForSeconds,
      severity: input.severity,
      scope: JSON.stringify(input.scope),
      quietHours: input.quietHours ? JSON.stringify(input.quietHours) : null,
      channelIds: JSON.stringify(input.channelIds),
      enabled: input.enabled ? 1 : 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.insertInto('alertRules').values(row).execute();
    await this.loadRules();
    return this.ruleView(row);
  }

  async updateRule(id: string, input: RuleInput) {
    const r = await this.db.selectFrom('alertRules').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound('Alert rule');
    await this.validateRule(input);
    const next: AlertRulesTable = {
      ...r,
      name: input.name,
      kind: input.kind,
      threshold: input.threshold,
      clearThreshold: input.clearThreshold,
      forSeconds: input.forSeconds,
      clearForSeconds: input.clearForSeconds,
      severity: input.severity,
      scope: JSON.stringify(input.scope),
      quietHours: input.quietHours ? JSON.stringify(input.quietHours) : null,
      channelIds: JSON.stringify(input.channelIds),
      enabled: input.enabled ? 1 : 0,
      updatedAt: this.clock.now(),
    };
    await this.db.updateTable('alertRules').set(next).where('id', '=', id).execute();
    await this.loadRules();
    return this.ruleView(next);
  }

  async deleteRule(id: string) {
    const r = await this.db.selectFrom('alertRules').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound('Alert rule');
    await this.db.deleteFrom('alertRules').where('id', '=', id).execute();
    await this.loadRules();
    return this.ruleView(r);
  }

  // ------------------------------------------------------------------ API: snoozes

  async listSnoozes() {
    const rows = await this.db.selectFrom('alertSnoozes').selectAll().where('until', '>', this.clock.now()).orderBy('until').execute();
    return rows.map((s) => ({
      id: s.id,
      ruleId: s.ruleId,
      subject: s.subject,
      until: isoNN(s.until),
      reason: s.reason,
      createdBy: s.createdBy,
      createdAt: isoNN(s.createdAt),
    }));
  }

  async snooze(input: { ruleId: string | null; subject: string | null; until: number; reason: string | null }, by: Principal) {
    if (input.until <= this.clock.now()) throw badRequest('"until" must be in the future', [{ path: 'until', message: 'in the past' }]);
    if (input.ruleId && !this.rules.has(input.ruleId))
      throw badRequest('Unknown alert rule', [{ path: 'ruleId', message: 'no such rule' }]);
    const row = {
      id: newId(),
      ruleId: input.ruleId,
      subject: input.subject,
      until: input.until,
      reason: input.reason,
      createdBy: by.email,
      createdAt: this.clock.now(),
    };
    await this.db.insertInto('alertSnoozes').values(row).execute();
    return { ...row, until: isoNN(row.until), createdAt: isoNN(row.createdAt) };
  }

  async unsnooze(id: string) {
    const s = await this.db.selectFrom('alertSnoozes').select('id').where('id', '=', id).executeTakeFirst();
    if (!s) throw notFound('Snooze');
    await this.db.deleteFrom('alertSnoozes').where('id', '=', id).execute();
  }
}

/** "camera "Door" is offline", "fps 3.2 is below 10", … */
function describe(kind: RuleKind, who: string, value: number | boolean, threshold: number | null): string {
  const v = typeof value === 'number' ? Math.round(value * 10) / 10 : value;
  switch (kind) {
    case 'camera_offline':
      return `${who} is offline`;
    case 'fps_below':
      return `${who} runs at ${v} fps (below ${threshold})`;
    case 'bitrate_below':
      return `${who} sends ${v} kbit/s (below ${threshold})`;
    case 'dropped_frames_above':
      return `${who} drops ${v} % of its frames (above ${threshold})`;
    case 'restarts_above':
      return `${who}'s pipeline restarted ${v} times in the last hour (above ${threshold})`;
    case 'recording_stalled':
      return `recording of ${who} has stalled`;
    case 'disk_free_below':
      return `free disk space of ${who} is ${v} % (below ${threshold} %)`;
    case 'tier_unreachable':
      return `${who} is unreachable`;
    case 's3_upload_failing':
      return `uploads to ${who} are failing`;
  }
}
