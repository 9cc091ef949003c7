import { Inject, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { CLOCK, type Clock, isoNN } from '../common/clock';
import type { RequestContext } from '../common/request';
import { DB, type Db, num } from '../db/database';

export const AuditOutcome = z.enum(['success', 'failure', 'denied']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorType: z.enum(['user', 'token', 'system', 'anonymous']),
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    outcome: AuditOutcome,
    statusCode: z.number().int().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export interface AuditInput {
  actorType: AuditEntry['actorType'];
  actorId?: string | null;
  actorLabel?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  outcome: AuditOutcome;
  statusCode?: number | null;
  details?: Record<string, unknown> | null;
}

export interface AuditFilter {
  limit: number;
  offset: number;
  actor?: string;
  action?: string;
  target?: string;
  outcome?: AuditOutcome;
  from?: number;
  to?: number;
}

export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'success';
  if (status === 401 || status === 403) return 'denied';
  return 'failure';
}

/** Append-only audit trail: this service only inserts and reads; nothing updates or deletes rows. */
@Injectable()
export class AuditService {
  private readonly log = new Logger('Audit');

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(e: AuditInput): Promise<void> {
    await this.db
      .insertInto('auditLog')
      .values({
        at: this.clock.now(),
        actorType: e.actorType,
        actorId: e.actorId ?? null,
        actorLabel: e.actorLabel?.slice(0, 254) ?? null,
        action: e.action,
        targetType: e.targetType ?? null,
        targetId: e.targetId?.slice(0, 64) ?? null,
        ip: e.ip ?? null,
        outcome: e.outcome,
        statusCode: e.statusCode ?? null,
        details: e.details ? JSON.stringify(e.details).slice(0, 60_000) : null,
      })
      .execute();
  }

  /** Records the outcome of a state-changing API request (called before the response is sent). */
  async recordRequest(ctx: RequestContext, statusCode: number, params: unknown): Promise<void> {
    const { spec, principal, audit } = ctx;
    if (!spec.audit || spec.audit === 'none') return;
    const paramId = (params as { id?: unknown } | undefined)?.id;
    try {
      await this.record({
        actorType: principal ? principal.kind : 'anonymous',
        actorId: principal ? (principal.tokenId ?? principal.userId) : (audit.actorId ?? null),
        actorLabel: principal
          ? principal.kind === 'token'
            ? `${principal.tokenName} (${principal.email})`
            : principal.email
          : (audit.actorLabel ?? null),
        action: spec.audit,
        targetType: audit.targetType ?? null,
        targetId: audit.targetId ?? (typeof paramId === 'string' ? paramId : null),
        ip: ctx.ip,
        outcome: outcomeOf(statusCode),
        statusCode,
        details: audit.details ?? null,
      });
    } catch (err) {
      this.log.error(`audit write failed for ${spec.audit}: ${(err as Error).message}`);
      throw err;
    }
  }

  async list(f: AuditFilter): Promise<{ items: AuditEntry[]; total: number }> {
    let q = this.db.selectFrom('auditLog');
    if (f.actor) {
      const like = `%${f.actor}%`;
      q = q.where((eb) => eb.or([eb('actorId', '=', f.actor!), eb('actorLabel', 'like', like)]));
    }
    if (f.action) q = q.where('action', 'like', `${f.action}%`);
    if (f.target) q = q.where('targetId', '=', f.target);
    if (f.outcome) q = q.where('outcome', '=', f.outcome);
    if (f.from !== undefined) q = q.where('at', '>=', f.from);
    if (f.to !== undefined) q = q.where('at', '<=', f.to);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: num(count.n),
      items: rows.map((r) => ({
        id: num(r.id),
        at: isoNN(r.at),
        actorType: r.actorType as AuditEntry['actorType'],
        actorId: r.actorId,
        actorLabel: r.actorLabel,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        ip: r.ip,
        outcome: r.outcome as AuditOutcome,
        statusCode: r.statusCode === null ? null : num(r.statusCode),
        details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
      })),
    };
  }
}
