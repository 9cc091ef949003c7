import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody, ValidParams, ValidQuery } from '../common/endpoint';
import { principalOf, type RequestContext } from '../common/request';
import { IdParams, IsoDateTime, qBool, text } from '../common/schemas';
import { StorageService } from './storage.service';

const Bytes = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Days = z.number().int().min(1).max(36_500);
const TierName = text(100, 1).refine((s) => /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/.test(s), { message: 'letters, digits, space, _ . - only' });

const LocalConfig = z.strictObject({ path: z.string().min(1).max(1000) });
const S3Config = z.strictObject({
  endpoint: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(500)
    .nullable()
    .default(null)
    .describe('Unset for AWS S3; e.g. https://storage.googleapis.com, a MinIO or B2 endpoint'),
  region: z.string().min(1).max(64).default('us-east-1'),
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name')
    .max(63),
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9_-][A-Za-z0-9_./-]*$/, 'letters, digits, _ . - / only')
    .max(200)
    .nullable()
    .default(null),
  accessKeyId: z.string().min(1).max(256),
  secretAccessKey: z.string().min(1).max(512).optional().describe('Write-only: never returned'),
  forcePathStyle: z.boolean().nullable().default(null),
});

const TierCreate = z
  .strictObject({
    name: TierName,
    kind: z.enum(['local', 's3']),
    rank: z.number().int().min(1).max(9).describe('1 = warm, 2 = cold, …; 0 is the built-in hot tier'),
    local: LocalConfig.optional(),
    s3: S3Config.optional(),
    quotaBytes: Bytes.nullable().optional(),
    floorPercent: z.number().int().min(0).max(90).nullable().optional(),
    floorBytes: Bytes.nullable().optional(),
  })
  .refine((t) => (t.kind === 'local' ? !!t.local && !t.s3 : !!t.s3 && !t.local), {
    message: 'give `local` for a local tier, `s3` for an S3 tier',
    path: ['kind'],
  });
const TierPatch = z.strictObject({
  name: TierName.optional(),
  rank: z.number().int().min(1).max(9).optional(),
  local: LocalConfig.optional(),
  s3: S3Config.optional(),
  quotaBytes: Bytes.nullable().optional(),
  floorPercent: z.number().int().min(0).max(90).nullable().optional(),
  floorBytes: Bytes.nullable().optional(),
});

const TierSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['local', 's3']),
    rank: z.number(),
    builtIn: z.boolean(),
    local: z.object({ path: z.string() }).nullable(),
    s3: z
      .object({
        endpoint: z.string().nullable(),
        region: z.string(),
        bucket: z.string(),
        prefix: z.string().nullable(),
        accessKeyId: z.string(),
        forcePathStyle: z.boolean().nullable(),
        hasSecret: z.boolean(),
      })
      .nullable(),
    quotaBytes: z.number().nullable(),
    floorPercent: z.number().nullable(),
    floorBytes: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'StorageTier' });

const PolicyBody = z.strictObject({
  warmAfterDays: Days.nullable().default(null),
  warmTierId: z.string().max(64).nullable().default(null),
  coldAfterDays: Days.nullable().default(null),
  coldTierId: z.string().max(64).nullable().default(null),
  deleteAfterDays: Days.nullable().default(null),
  quotaBytes: Bytes.nullable().default(null),
});
const PolicySchema = z
  .object({
    cameraId: z.string().nullable(),
    inherited: z.boolean().describe('true when the camera has no policy of its own and the default applies'),
    warmAfterDays: z.number().nullable(),
    warmTierId: z.string().nullable(),
    coldAfterDays: z.number().nullable(),
    coldTierId: z.string().nullable(),
    deleteAfterDays: z.number().nullable(),
    quotaBytes: z.number().nullable(),
  })
  .meta({ id: 'StoragePolicy' });

const HoldBody = z.strictObject({
  cameraId: z.string().max(64).nullable().default(null).describe('null = every camera'),
  from: IsoDateTime.nullable().default(null),
  to: IsoDateTime.nullable().default(null),
  reason: text(500, 1),
});
const HoldSchema = z
  .object({
    id: z.string(),
    cameraId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    reason: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    releasedAt: z.string().nullable(),
    releasedBy: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'LegalHold' });

const ManualBody = z.strictObject({
  cameraId: z.string().max(64),
  from: IsoDateTime,
  to: IsoDateTime,
  action: z.enum(['move', 'delete']),
  toTierId: z.string().max(64).nullable().default(null),
  dryRun: z.boolean().default(true).describe('true (the default) only lists what would happen'),
});
const ManualSchema = z
  .object({
    dryRun: z.boolean(),
    action: z.enum(['move', 'delete']),
    toTierId: z.string().nullable(),
    chunks: z.number().int(),
    bytes: z.number(),
    skipped: z.number().int(),
    held: z.number().int(),
    items: z.array(
      z.object({
        id: z.string(),
        startAt: z.string(),
        endAt: z.string().nullable(),
        tier: z.string(),
        bytes: z.number(),
        skip: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'StorageManualAction' });

const Blocked = z.object({
  tierId: z.string().nullable(),
  cameraId: z.string().nullable(),
  reason: z.string(),
  bytesNeeded: z.number(),
  why: z.string(),
});
const PassSchema = z
  .object({
    at: z.string(),
    trigger: z.string(),
    planned: z.number(),
    moved: z.number(),
    deleted: z.number(),
    failed: z.number(),
    deferred: z.number(),
    blocked: z.array(Blocked),
    errors: z.array(z.string()),
    durationMs: z.number(),
  })
  .meta({ id: 'StoragePass' });

const UsageSchema = z
  .object({
    at: z.string(),
    tiers: z.array(
      TierSchema.extend({
        reachable: z.boolean(),
        error: z.string().nullable(),
        bytes: z.number(),
        chunks: z.number(),
        oldest: z.string().nullable(),
        newest: z.string().nullable(),
        freeBytes: z.number().nullable(),
        floorBytesResolved: z.number().nullable(),
        writeBytesPerDay: z.number(),
        daysUntilFull: z.number().nullable().describe('At the last 24 h write rate, until the floor (local) or quota is reached'),
      }),
    ),
    cameras: z.array(
      z.object({
        cameraId: z.string(),
        bytes: z.number(),
        chunks: z.number(),
        oldest: z.string().nullable(),
        newest: z.string().nullable(),
        tiers: z.record(z.string(), z.number()),
      }),
    ),
    lastPass: PassSchema.nullable(),
    problems: z.array(z.object({ kind: z.string(), tierId: z.string().nullable(), message: z.string() })),
  })
  .meta({ id: 'StorageUsage' });

@ApiController('', 'Storage')
export class StorageController {
  constructor(@Inject(StorageService) private readonly storage: StorageService) {}

  @Endpoint({
    method: 'GET',
    path: 'storage',
    summary: 'Storage usage per tier and camera, free space, days until full, problems',
    permission: 'storage:read',
    response: UsageSchema,
  })
  usage() {
    return this.storage.usage();
  }

  @Endpoint({ method: 'GET', path: 'storage/tiers', summary: 'Storage tiers', permission: 'storage:read', response: z.array(TierSchema) })
  tiers() {
    return this.storage.listTiers();
  }

  @Endpoint({
    method: 'POST',
    path: 'storage/tiers',
    summary: 'Add a storage tier (checked for reachability first; the S3 secret is write-only)',
    permission: 'storage:admin',
    body: TierCreate,
    response: TierSchema,
    status: 201,
    audit: 'storage.tier_create',
    errors: [409],
  })
  async createTier(@ValidBody() b: z.infer<typeof TierCreate>, @Ctx() ctx: RequestContext) {
    const t = await this.storage.createTier(b);
    ctx.audit.targetType = 'storage_tier';
    ctx.audit.targetId = t.id;
    ctx.audit.details = { name: t.name, kind: t.kind, rank: t.rank };
    return t;
  }

  @Endpoint({
    method: 'GET',
    path: 'storage/tiers/:id',
    summary: 'One storage tier',
    permission: 'storage:read',
    params: IdParams,
    response: TierSchema,
    errors: [404],
  })
  tier(@ValidParams() p: z.infer<typeof IdParams>) {
    return this.storage.getTier(p.id);
  }

  @Endpoint({
    method: 'PATCH',
    path: 'storage/tiers/:id',
    summary: 'Change a storage tier (name, rank, quota, floor, connection settings)',
    permission: 'storage:admin',
    params: IdParams,
    body: TierPatch,
    response: TierSchema,
    audit: 'storage.tier_update',
    errors: [404, 409],
  })
  async updateTier(@ValidParams() p: z.infer<typeof IdParams>, @ValidBody() b: z.infer<typeof TierPatch>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'storage_tier';
    const { s3, ...rest } = b;
    ctx.audit.details = { ...rest, ...(s3 ? { s3: { ...s3, secretAccessKey: s3.secretAccessKey ? '(changed)' : undefined } } : {}) };
    return this.storage.updateTier(p.id, b);
  }

  @Endpoint({
    method: 'DELETE',
    path: 'storage/tiers/:id',
    summary: 'Remove an empty storage tier that no policy uses',
    permission: 'storage:admin',
    params: IdParams,
    audit: 'storage.tier_delete',
    errors: [404, 409],
  })
  async deleteTier(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'storage_tier';
    const t = await this.storage.deleteTier(p.id);
    ctx.audit.details = { name: t.name };
  }

  @Endpoint({
    method: 'GET',
    path: 'storage/policies/default',
    summary: 'The default lifecycle policy (cameras without their own)',
    permission: 'storage:read',
    response: PolicySchema,
  })
  defaultPolicy() {
    return this.storage.getPolicy(null);
  }

  @Endpoint({
    method: 'PUT',
    path: 'storage/policies/default',
    summary: 'Set the default lifecycle policy',
    permission: 'storage:admin',
    body: PolicyBody,
    response: PolicySchema,
    audit: 'storage.policy_update',
  })
  putDefaultPolicy(@ValidBody() b: z.infer<typeof PolicyBody>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'storage_policy';
    ctx.audit.targetId = 'default';
    ctx.audit.details = b;
    return this.storage.putPolicy(null, b);
  }

  @Endpoint({
    method: 'GET',
    path: 'cameras/:id/storage-policy',
    summary: "A camera's lifecycle policy (its own, or the default it inherits)",
    permission: 'storage:read',
    params: IdParams,
    response: PolicySchema,
    errors: [404],
  })
  cameraPolicy(@ValidParams() p: z.infer<typeof IdParams>) {
    return this.storage.getPolicy(p.id);
  }

  @Endpoint({
    method: 'PUT',
    path: 'cameras/:id/storage-policy',
    summary: 'Give a camera its own lifecycle policy',
    permission: 'storage:admin',
    params: IdParams,
    body: PolicyBody,
    response: PolicySchema,
    audit: 'storage.policy_update',
    errors: [404],
  })
  putCameraPolicy(@ValidParams() p: z.infer<typeof IdParams>, @ValidBody() b: z.infer<typeof PolicyBody>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'camera';
    ctx.audit.details = b;
    return this.storage.putPolicy(p.id, b);
  }

  @Endpoint({
    method: 'DELETE',
    path: 'cameras/:id/storage-policy',
    summary: "Remove a camera's own policy (it inherits the default again)",
    permission: 'storage:admin',
    params: IdParams,
    response: PolicySchema,
    audit: 'storage.policy_delete',
    errors: [404],
  })
  deleteCameraPolicy(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'camera';
    return this.storage.deletePolicy(p.id);
  }

  @Endpoint({
    method: 'GET',
    path: 'storage/holds',
    summary: 'Legal holds',
    permission: 'storage:read',
    query: z.strictObject({ active: qBool }),
    response: z.array(HoldSchema),
  })
  holds(@ValidQuery() q: { active?: boolean }) {
    return this.storage.listHolds(q.active ?? false);
  }

  @Endpoint({
    method: 'POST',
    path: 'storage/holds',
    summary: 'Put footage on legal hold: nothing may delete or move it until released',
    permission: 'storage:admin',
    body: HoldBody,
    response: HoldSchema,
    status: 201,
    audit: 'storage.hold_create',
    errors: [404],
  })
  async createHold(@ValidBody() b: z.infer<typeof HoldBody>, @Ctx() ctx: RequestContext) {
    const h = await this.storage.createHold(b, principalOf(ctx));
    ctx.audit.targetType = 'legal_hold';
    ctx.audit.targetId = h.id;
    ctx.audit.details = { cameraId: h.cameraId, from: h.from, to: h.to, reason: h.reason };
    return h;
  }

  @Endpoint({
    method: 'POST',
    path: 'storage/holds/:id/release',
    summary: 'Release a legal hold',
    permission: 'storage:admin',
    params: IdParams,
    response: HoldSchema,
    status: 200,
    audit: 'storage.hold_release',
    errors: [404, 409],
  })
  async releaseHold(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    const h = await this.storage.releaseHold(p.id, principalOf(ctx));
    ctx.audit.targetType = 'legal_hold';
    ctx.audit.details = { cameraId: h.cameraId, from: h.from, to: h.to, reason: h.reason };
    return h;
  }

  @Endpoint({
    method: 'POST',
    path: 'storage/actions',
    summary: "Move or delete a camera's footage in a time range (dry run by default: lists what would happen)",
    permission: 'storage:admin',
    body: ManualBody,
    response: ManualSchema,
    status: 200,
    audit: 'storage.manual',
    errors: [404],
  })
  async manual(@ValidBody() b: z.infer<typeof ManualBody>, @Ctx() ctx: RequestContext) {
    const r = await this.storage.manual(b, principalOf(ctx));
    ctx.audit.targetType = 'camera';
    ctx.audit.targetId = b.cameraId;
    ctx.audit.details = {
      action: b.action,
      dryRun: b.dryRun,
      from: new Date(b.from).toISOString(),
      to: new Date(b.to).toISOString(),
      toTierId: b.toTierId,
      chunks: r.chunks,
      bytes: r.bytes,
      held: r.held,
    };
    return r;
  }

  @Endpoint({
    method: 'POST',
    path: 'storage/run',
    summary: 'Run a storage pass now (moves and retention by the policies) and return its report',
    permission: 'storage:admin',
    response: PassSchema,
    status: 200,
    audit: 'storage.run',
  })
  run() {
    return this.storage.runPass('manual');
  }
}
