import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, readlink, rm, stat, symlink, unlink } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { CLOCK, type Clock, iso, isoNN } from '../common/clock';
import { newId } from '../common/crypto';
import { badRequest, conflict, notFound } from '../common/errors';
import type { Principal } from '../common/request';
import { SecretBox } from '../common/secret-box';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DB, type Db, num } from '../db/database';
import type { RecordingsTable, StorageTiersTable } from '../db/schema';
import { HOT_TIER, RecordingsService } from '../recordings/recordings.service';
import { LocalDriver } from './drivers/local-driver';
import { S3Driver } from './drivers/s3-driver';
import { SafeStorage } from './drivers/safe-keys';
import type { StorageDriver } from './drivers/types';
import { type MoverHooks, StorageMover } from './mover';
import { type Action, type Blocked, type ChunkState, DAY_MS, type Hold, isHeld, planStorage, type Policy, type TierState } from './policy';

export interface LocalTierConfig {
  path: string;
}
export interface S3TierConfig {
  endpoint: string | null;
  region: string;
  bucket: string;
  prefix: string | null;
  accessKeyId: string;
  forcePathStyle: boolean | null;
}

export interface TierInput {
  name: string;
  kind: 'local' | 's3';
  rank: number;
  local?: LocalTierConfig;
  s3?: S3TierConfig & { secretAccessKey?: string };
  quotaBytes?: number | null;
  floorPercent?: number | null;
  floorBytes?: number | null;
}

export interface PolicyInput {
  warmAfterDays: number | null;
  warmTierId: string | null;
  coldAfterDays: number | null;
  coldTierId: string | null;
  deleteAfterDays: number | null;
  quotaBytes: number | null;
}

/**
 * Fault injection for the end-to-end crash tests only: ARGUS_FAULT=storage-after-copy (or -after-switch)
 * kills the server with SIGKILL at that step of a move, as a power cut would.
 */
function faultHooks(): MoverHooks {
  const f = process.env.ARGUS_FAULT;
  const die = () => {
    process.kill(process.pid, 'SIGKILL');
  };
  if (f === 'storage-after-copy') return { afterCopy: die };
  if (f === 'storage-after-switch') return { afterSwitch: die };
  return {};
}

/** Default floor of the hot tier: keep 5 % of the disk free. */
const HOT_FLOOR_PERCENT = 5;
/** Candidate chunks per camera and tier handed to the policy engine in one pass (the oldest). */
const CANDIDATES = 400;

export interface PassReport {
  at: string;
  trigger: string;
  planned: number;
  moved: number;
  deleted: number;
  failed: number;
  deferred: number;
  blocked: Blocked[];
  errors: string[];
  durationMs: number;
}

/**
 * Storage tiers, lifecycle policies, legal holds and the mover. The hot tier (`local`, DATA_DIR/recordings)
 * always exists; admins add warm (local folders) and cold (S3-compatible) tiers. A pass plans with the pure
 * policy engine and executes with the journaled mover; it runs every STORAGE_PASS_SECONDS and at once when
 * the hot disk crosses its floor (checked every 10 s), so recording never runs out of space while
 * anything can be freed.
 */
@Injectable()
export class StorageService {
  private readonly log = new Logger('Storage');
  private readonly box: SecretBox;
  private readonly drivers = new Map<string, StorageDriver>();
  private readonly reachable = new Map<string, { ok: boolean; error: string | null; at: number }>();
  readonly tiersDir: string;
  private mover: StorageMover;
  private passTimer: NodeJS.Timeout | null = null;
  private pressureTimer: NodeJS.Timeout | null = null;
  private running: Promise<PassReport> | null = null;
  private abort: AbortController | null = null;
  private started = false;
  lastPass: PassReport | null = null;
  /** Tier figures of the last check (every 10 s while running), for the alert rules. */
  private cached: {
    id: string;
    kind: 'local' | 's3';
    reachable: boolean;
    failing: boolean;
    freeBytes: number | null;
    totalBytes: number | null;
  }[] = [];
  /** Tiers whose last move into them failed (cleared by a successful one). */
  private readonly failingTiers = new Set<string>();
  /** Bytes per second the mover may copy (0 = unlimited). */
  bytesPerSecond = 0;

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RecordingsService) private readonly recordings: RecordingsService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.storageKey);
    this.tiersDir = join(config.dataDir, 'tiers');
    this.mover = new StorageMover(db, clock, (id) => this.driverSync(id), join(config.dataDir, 'tmp'), faultHooks());
    this.bytesPerSecond = config.storageMoveMbps * 1_000_000;
    recordings.setTierAccess({
      playlistUri: async (row, ttl) => {
        const tier = await this.tierRow(row.tier);
        if (!tier) return null;
        if (tier.kind === 'local') {
          const [, day, file] = row.path.split('/');
          return `t/${tier.id}/${day}/${file}`;
        }
        return (await this.driver(tier.id)).presignGet(row.path, ttl);
      },
      readablePath: async (row, ttl) => {
        const tier = await this.tierRow(row.tier);
        if (!tier) return null;
        const d = await this.driver(tier.id);
        return d.localPath(row.path) ?? d.presignGet(row.path, ttl);
      },
    });
  }

  /** For tests: stop points inside moves (fault injection). */
  setMoverHooks(hooks: MoverHooks): void {
    this.mover = new StorageMover(this.db, this.clock, (id) => this.driverSync(id), join(this.config.dataDir, 'tmp'), hooks);
  }

  // ------------------------------------------------------------------ lifecycle

  async start(opts: { timers: boolean }): Promise<void> {
    for (const t of await this.db.selectFrom('storageTiers').selectAll().execute()) {
      if (t.kind === 'local') await this.linkTier(t).catch((e: Error) => this.log.warn(`tier ${t.name}: ${e.message}`));
    }
    this.started = true;
    // Moves a stopped or crashed run left half done are finished first.
    await this.loadDrivers();
    await this.mover
      .resume({ bytesPerSecond: this.bytesPerSecond || undefined })
      .catch((e: Error) => this.log.error(`resuming moves failed: ${e.message}`));
    await this.refreshState().catch(() => undefined);
    if (!opts.timers) return;
    this.passTimer = setInterval(() => void this.runPass('schedule').catch(() => undefined), this.config.storagePassSeconds * 1000);
    this.passTimer.unref();
    this.pressureTimer = setInterval(() => void this.checkPressure(), 10_000);
    this.pressureTimer.unref();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.passTimer) clearInterval(this.passTimer);
    if (this.pressureTimer) clearInterval(this.pressureTimer);
    this.abort?.abort();
    await this.running?.catch(() => undefined);
  }

  /** The built-in hot tier row (DATA_DIR/recordings); created at the first start. */
  async ensureHotTier(): Promise<void> {
    await mkdir(this.recordings.recordingsDir, { recursive: true });
    const hot = await this.db.selectFrom('storageTiers').select('id').where('id', '=', HOT_TIER).executeTakeFirst();
    if (hot) return;
    const now = this.clock.now();
    await this.db
      .insertInto('storageTiers')
      .values({
        id: HOT_TIER,
        name: 'hot',
        kind: 'local',
        rank: 0,
        config: JSON.stringify({ path: this.recordings.recordingsDir }),
        secret: null,
        quotaBytes: null,
        floorPercent: HOT_FLOOR_PERCENT,
        floorBytes: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  }

  /** DATA_DIR/tiers/<id> → the tier's folder, so nginx serves its chunks (the hot tier is served directly). */
  private async linkTier(t: StorageTiersTable): Promise<void> {
    if (t.id === HOT_TIER || t.kind !== 'local') return;
    await mkdir(this.tiersDir, { recursive: true });
    const link = join(this.tiersDir, t.id);
    const target = (JSON.parse(t.config) as LocalTierConfig).path;
    const current = await readlink(link).catch(() => null);
    if (current === target) return;
    if (current !== null) await unlink(link);
    await symlink(target, link);
  }

  // ------------------------------------------------------------------ drivers

  private tierRow(id: string) {
    return this.db.selectFrom('storageTiers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  private makeDriver(t: StorageTiersTable): StorageDriver {
    if (t.kind === 'local') return new SafeStorage(new LocalDriver((JSON.parse(t.config) as LocalTierConfig).path));
    const c = JSON.parse(t.config) as S3TierConfig;
    return new SafeStorage(
      new S3Driver({
        endpoint: c.endpoint ?? undefined,
        region: c.region,
        bucket: c.bucket,
        prefix: c.prefix ?? undefined,
        accessKeyId: c.accessKeyId,
        secretAccessKey: t.secret ? this.box.open(t.secret) : '',
        forcePathStyle: c.forcePathStyle ?? undefined,
      }),
    );
  }

  async driver(tierId: string): Promise<StorageDriver> {
    const cached = this.drivers.get(tierId);
    if (cached) return cached;
    const t = await this.tierRow(tierId);
    if (!t) throw notFound('Storage tier');
    const d = this.makeDriver(t);
    this.drivers.set(tierId, d);
    return d;
  }

  private driverSync(tierId: string): StorageDriver {
    const d = this.drivers.get(tierId);
    if (!d) throw new Error(`storage tier ${tierId} is not loaded`);
    return d;
  }

  private async loadDrivers(): Promise<StorageTiersTable[]> {
    const tiers = await this.db.selectFrom('storageTiers').selectAll().orderBy('rank').orderBy('name').execute();
    for (const t of tiers) if (!this.drivers.has(t.id)) this.drivers.set(t.id, this.makeDriver(t));
    return tiers;
  }

  /** Reachability, checked at most every 60 s per tier (a probe write for S3). */
  private async probe(t: StorageTiersTable, force = false): Promise<{ ok: boolean; error: string | null }> {
    const prev = this.reachable.get(t.id);
    if (!force && prev && this.clock.now() - prev.at < 60_000) return prev;
    let r: { ok: boolean; error: string | null };
    try {
      await (await this.driver(t.id)).check();
      r = { ok: true, error: null };
    } catch (e) {
      r = { ok: false, error: (e as Error).message };
    }
    this.reachable.set(t.id, { ...r, at: this.clock.now() });
    return r;
  }

  // ------------------------------------------------------------------ tiers

  tierView(t: StorageTiersTable) {
    const config = JSON.parse(t.config) as Record<string, unknown>;
    return {
      id: t.id,
      name: t.name,
      kind: t.kind as 'local' | 's3',
      rank: num(t.rank),
      builtIn: t.id === HOT_TIER,
      local: t.kind === 'local' ? { path: String(config.path) } : null,
      s3:
        t.kind === 's3'
          ? {
              endpoint: (config.endpoint as string | null) ?? null,
              region: String(config.region),
              bucket: String(config.bucket),
              prefix: (config.prefix as string | null) ?? null,
              accessKeyId: String(config.accessKeyId),
              forcePathStyle: (config.forcePathStyle as boolean | null) ?? null,
              hasSecret: t.secret !== null,
            }
          : null,
      quotaBytes: t.quotaBytes === null ? null : num(t.quotaBytes),
      floorPercent: t.floorPercent === null ? null : num(t.floorPercent),
      floorBytes: t.floorBytes === null ? null : num(t.floorBytes),
      createdAt: isoNN(t.createdAt),
      updatedAt: isoNN(t.updatedAt),
    };
  }

  async listTiers() {
    const tiers = await this.db.selectFrom('storageTiers').selectAll().orderBy('rank').orderBy('name').execute();
    return tiers.map((t) => this.tierView(t));
  }

  async getTier(id: string) {
    const t = await this.tierRow(id);
    if (!t) throw notFound('Storage tier');
    return this.tierView(t);
  }

  private validateLocalPath(path: string): string {
    if (!isAbsolute(path)) throw badRequest('The folder must be an absolute path', [{ path: 'local.path', message: 'must be absolute' }]);
    const p = normalize(path).replace(/\/+$/, '');
    const data = normalize(this.config.dataDir).replace(/\/+$/, '');
    const inside = (a: string, b: string) => a === b || !relative(b, a).startsWith('..');
    if (p === '' || p === '/' || inside(data, p) || inside(p, this.recordings.recordingsDir)) {
      throw badRequest('The folder must not be /, the data folder, or inside the recordings folder', [
        { path: 'local.path', message: 'choose a dedicated folder' },
      ]);
    }
    return p;
  }

  async createTier(input: TierInput) {
    if (input.rank < 1)
      throw badRequest('Rank 0 is the built-in hot tier; use 1 (warm) or higher', [{ path: 'rank', message: 'must be ≥ 1' }]);
    if (await this.db.selectFrom('storageTiers').select('id').where('name', '=', input.name).executeTakeFirst()) {
      throw conflict(`A tier named "${input.name}" already exists`, [{ path: 'name', message: 'already used' }]);
    }
    const now = this.clock.now();
    const row: StorageTiersTable = {
      id: newId(),
      name: input.name,
      kind: input.kind,
      rank: input.rank,
      config: '',
      secret: null,
      quotaBytes: input.quotaBytes ?? null,
      floorPercent: input.kind === 'local' ? (input.floorPercent ?? null) : null,
      floorBytes: input.kind === 'local' ? (input.floorBytes ?? null) : null,
      createdAt: now,
      updatedAt: now,
    };
    if (input.kind === 'local') {
      if (!input.local) throw badRequest('A local tier needs a folder', [{ path: 'local', message: 'required' }]);
      const path = this.validateLocalPath(input.local.path);
      const s = await stat(path).catch(() => null);
      if (!s?.isDirectory()) throw badRequest(`The folder ${path} does not exist`, [{ path: 'local.path', message: 'does not exist' }]);
      row.config = JSON.stringify({ path });
    } else {
      if (!input.s3) throw badRequest('An S3 tier needs its bucket settings', [{ path: 's3', message: 'required' }]);
      if (!input.s3.secretAccessKey)
        throw badRequest('An S3 tier needs a secret access key', [{ path: 's3.secretAccessKey', message: 'required' }]);
      const { secretAccessKey, ...cfg } = input.s3;
      row.config = JSON.stringify(cfg);
      row.secret = this.box.seal(secretAccessKey);
    }
    // Reachable before it is saved: a typo is a 400 now, not a failing mover later.
    const d = this.makeDriver(row);
    try {
      await d.check();
    } catch (e) {
      throw badRequest(`The tier cannot be used: ${(e as Error).message}`);
    }
    await this.db.insertInto('storageTiers').values(row).execute();
    this.drivers.set(row.id, d);
    this.reachable.set(row.id, { ok: true, error: null, at: now });
    if (row.kind === 'local') await this.linkTier(row);
    return this.tierView(row);
  }

  async updateTier(id: string, patch: Partial<TierInput>) {
    const t = await this.tierRow(id);
    if (!t) throw notFound('Storage tier');
    const next: StorageTiersTable = { ...t, updatedAt: this.clock.now() };
    if (patch.name !== undefined && patch.name !== t.name) {
      if (await this.db.selectFrom('storageTiers').select('id').where('name', '=', patch.name).executeTakeFirst()) {
        throw conflict(`A tier named "${patch.name}" already exists`, [{ path: 'name', message: 'already used' }]);
      }
      next.name = patch.name;
    }
    if (patch.rank !== undefined && patch.rank !== num(t.rank)) {
      if (id === HOT_TIER || patch.rank < 1)
        throw badRequest('The hot tier stays rank 0 and other tiers rank 1 or higher', [{ path: 'rank', message: 'not allowed' }]);
      next.rank = patch.rank;
    }
    if (patch.quotaBytes !== undefined) next.quotaBytes = patch.quotaBytes;
    if (patch.floorPercent !== undefined) next.floorPercent = t.kind === 'local' ? patch.floorPercent : null;
    if (patch.floorBytes !== undefined) next.floorBytes = t.kind === 'local' ? patch.floorBytes : null;
    if (patch.local && t.kind === 'local') {
      if (id === HOT_TIER)
        throw badRequest('The hot tier is the recordings folder; set DATA_DIR to move it', [{ path: 'local.path', message: 'fixed' }]);
      const path = this.validateLocalPath(patch.local.path);
      const used = await this.db.selectFrom('recordings').select('id').where('tier', '=', id).limit(1).executeTakeFirst();
      if (used && path !== (JSON.parse(t.config) as LocalTierConfig).path)
        throw conflict('Chunks are stored on this tier; its folder cannot change');
      next.config = JSON.stringify({ path });
    }
    if (patch.s3 && t.kind === 's3') {
      const { secretAccessKey, ...cfg } = patch.s3;
      next.config = JSON.stringify(cfg);
      if (secretAccessKey) next.secret = this.box.seal(secretAccessKey);
    }
    if (next.config !== t.config || next.secret !== t.secret) {
      try {
        await this.makeDriver(next).check();
      } catch (e) {
        throw badRequest(`The tier cannot be used: ${(e as Error).message}`);
      }
    }
    await this.db.updateTable('storageTiers').set(next).where('id', '=', id).execute();
    this.drivers.delete(id);
    this.reachable.delete(id);
    if (next.kind === 'local') await this.linkTier(next);
    return this.tierView(next);
  }

  async deleteTier(id: string) {
    const t = await this.tierRow(id);
    if (!t) throw notFound('Storage tier');
    if (id === HOT_TIER) throw conflict('The hot tier cannot be deleted');
    const chunks = await this.db
      .selectFrom('recordings')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tier', '=', id)
      .executeTakeFirstOrThrow();
    if (num(chunks.n) > 0) throw conflict(`${num(chunks.n)} chunks are stored on this tier; move or delete them first`);
    const used = await this.db
      .selectFrom('storagePolicies')
      .select('id')
      .where((eb) => eb.or([eb('warmTierId', '=', id), eb('coldTierId', '=', id)]))
      .executeTakeFirst();
    if (used) throw conflict('A storage policy uses this tier; change the policy first');
    await this.db.deleteFrom('storageTiers').where('id', '=', id).execute();
    this.drivers.delete(id);
    await rm(join(this.tiersDir, id), { force: true });
    return this.tierView(t);
  }

  // ------------------------------------------------------------------ policies

  private policyView(
    p:
      | {
          warmAfterDays: number | null;
          warmTierId: string | null;
          coldAfterDays: number | null;
          coldTierId: string | null;
          deleteAfterDays: number | null;
          quotaBytes: number | null;
        }
      | undefined,
    cameraId: string | null,
    inherited: boolean,
  ) {
    return {
      cameraId,
      inherited,
      warmAfterDays: p?.warmAfterDays ?? null,
      warmTierId: p?.warmTierId ?? null,
      coldAfterDays: p?.coldAfterDays ?? null,
      coldTierId: p?.coldTierId ?? null,
      deleteAfterDays: p?.deleteAfterDays ?? null,
      quotaBytes: p?.quotaBytes === null || p?.quotaBytes === undefined ? null : num(p.quotaBytes),
    };
  }

  async getPolicy(cameraId: string | null) {
    if (cameraId) await this.recordings.assertCamera(cameraId);
    const own = await this.db
      .selectFrom('storagePolicies')
      .selectAll()
      .where((eb) => (cameraId ? eb('cameraId', '=', cameraId) : eb('cameraId', 'is', null)))
      .executeTakeFirst();
    if (own || !cameraId) return this.policyView(own, cameraId, false);
    const def = await this.db.selectFrom('storagePolicies').selectAll().where('cameraId', 'is', null).executeTakeFirst();
    return this.policyView(def, cameraId, true);
  }

  async putPolicy(cameraId: string | null, p: PolicyInput) {
    if (cameraId) await this.recordings.assertCamera(cameraId);
    const tiers = new Map((await this.db.selectFrom('storageTiers').select(['id', 'rank']).execute()).map((t) => [t.id, num(t.rank)]));
    for (const [field, id] of [
      ['warmTierId', p.warmTierId],
      ['coldTierId', p.coldTierId],
    ] as const) {
      if (id !== null && !tiers.has(id)) throw badRequest('Unknown storage tier', [{ path: field, message: 'no such tier' }]);
      if (id === HOT_TIER) throw badRequest('Footage cannot be moved to the hot tier', [{ path: field, message: 'choose a colder tier' }]);
    }
    if ((p.warmAfterDays === null) !== (p.warmTierId === null))
      throw badRequest('Set both warmAfterDays and warmTierId, or neither', [{ path: 'warmTierId', message: 'incomplete' }]);
    if ((p.coldAfterDays === null) !== (p.coldTierId === null))
      throw badRequest('Set both coldAfterDays and coldTierId, or neither', [{ path: 'coldTierId', message: 'incomplete' }]);
    if (p.warmTierId && p.coldTierId && tiers.get(p.warmTierId)! >= tiers.get(p.coldTierId)!) {
      throw badRequest('The cold tier must be colder (higher rank) than the warm tier', [
        { path: 'coldTierId', message: 'not colder than warm' },
      ]);
    }
    const ages = [p.warmAfterDays, p.coldAfterDays, p.deleteAfterDays].filter((d): d is number => d !== null);
    for (let i = 1; i < ages.length; i++) {
      if (ages[i]! <= ages[i - 1]!)
        throw badRequest('Days must grow: warm < cold < delete', [{ path: 'deleteAfterDays', message: 'must come after the moves' }]);
    }
    const now = this.clock.now();
    const existing = await this.db
      .selectFrom('storagePolicies')
      .select('id')
      .where((eb) => (cameraId ? eb('cameraId', '=', cameraId) : eb('cameraId', 'is', null)))
      .executeTakeFirst();
    if (existing)
      await this.db
        .updateTable('storagePolicies')
        .set({ ...p, updatedAt: now })
        .where('id', '=', existing.id)
        .execute();
    else
      await this.db
        .insertInto('storagePolicies')
        .values({ id: newId(), cameraId, ...p, updatedAt: now })
        .execute();
    return this.getPolicy(cameraId);
  }

  async deletePolicy(cameraId: string) {
    await this.recordings.assertCamera(cameraId);
    await this.db.deleteFrom('storagePolicies').where('cameraId', '=', cameraId).execute();
    return this.getPolicy(cameraId);
  }

  // ------------------------------------------------------------------ legal holds

  private holdView(h: {
    id: string;
    cameraId: string | null;
    fromAt: number | null;
    toAt: number | null;
    reason: string;
    createdBy: string;
    createdAt: number;
    releasedAt: number | null;
    releasedBy: string | null;
  }) {
    return {
      id: h.id,
      cameraId: h.cameraId,
      from: iso(h.fromAt),
      to: iso(h.toAt),
      reason: h.reason,
      createdBy: h.createdBy,
      createdAt: isoNN(h.createdAt),
      releasedAt: iso(h.releasedAt),
      releasedBy: h.releasedBy,
      active: h.releasedAt === null,
    };
  }

  async listHolds(activeOnly: boolean) {
    let q = this.db.selectFrom('legalHolds').selectAll();
    if (activeOnly) q = q.where('releasedAt', 'is', null);
    return (await q.orderBy('createdAt', 'desc').execute()).map((h) => this.holdView(h));
  }

  async createHold(input: { cameraId: string | null; from: number | null; to: number | null; reason: string }, by: Principal) {
    if (input.cameraId) await this.recordings.assertCamera(input.cameraId);
    if (input.from !== null && input.to !== null && input.to <= input.from)
      throw badRequest('"to" must be after "from"', [{ path: 'to', message: 'must be after from' }]);
    const row = {
      id: newId(),
      cameraId: input.cameraId,
      fromAt: input.from,
      toAt: input.to,
      reason: input.reason,
      createdBy: by.email,
      createdAt: this.clock.now(),
      releasedAt: null,
      releasedBy: null,
    };
    await this.db.insertInto('legalHolds').values(row).execute();
    return this.holdView(row);
  }

  async releaseHold(id: string, by: Principal) {
    const h = await this.db.selectFrom('legalHolds').selectAll().where('id', '=', id).executeTakeFirst();
    if (!h) throw notFound('Legal hold');
    if (h.releasedAt !== null) throw conflict('The hold was already released');
    const patch = { releasedAt: this.clock.now(), releasedBy: by.email };
    await this.db.updateTable('legalHolds').set(patch).where('id', '=', id).execute();
    return this.holdView({ ...h, ...patch });
  }

  private async activeHolds(): Promise<Hold[]> {
    const rows = await this.db.selectFrom('legalHolds').selectAll().where('releasedAt', 'is', null).execute();
    return rows.map((h) => ({
      id: h.id,
      cameraId: h.cameraId,
      fromMs: h.fromAt === null ? null : num(h.fromAt),
      toMs: h.toAt === null ? null : num(h.toAt),
    }));
  }

  // ------------------------------------------------------------------ usage

  private async tierStates(
    force = false,
    freshSums = true,
  ): Promise<{ states: TierState[]; rows: StorageTiersTable[]; capacity: Map<string, { freeBytes: number; totalBytes: number } | null> }> {
    const rows = await this.loadDrivers();
    const used = await this.usedBytes(freshSums);
    const capacity = new Map<string, { freeBytes: number; totalBytes: number } | null>();
    const states: TierState[] = [];
    for (const t of rows) {
      const reach = await this.probe(t, force);
      const cap = reach.ok
        ? await this.driverSync(t.id)
            .capacity()
            .catch(() => null)
        : null;
      capacity.set(t.id, cap);
      const floor =
        t.kind === 'local' && cap
          ? Math.max(
              t.floorPercent === null ? 0 : (num(t.floorPercent) / 100) * cap.totalBytes,
              t.floorBytes === null ? 0 : num(t.floorBytes),
            ) || null
          : null;
      states.push({
        id: t.id,
        name: t.name,
        rank: num(t.rank),
        kind: t.kind as 'local' | 's3',
        quotaBytes: t.quotaBytes === null ? null : num(t.quotaBytes),
        usedBytes: used.get(t.id) ?? 0,
        freeBytes: cap?.freeBytes ?? null,
        floorBytes: floor,
        reachable: reach.ok,
      });
    }
    return { states, rows, capacity };
  }

  /** Per tier and per camera: bytes, chunks, oldest/newest footage, free space, projected days until full. */
  async usage() {
    const { states, rows } = await this.tierStates();
    const now = this.clock.now();
    const perTier = await this.db
      .selectFrom('recordings')
      .select([
        'tier',
        'cameraId',
        (eb) => eb.fn.sum<number>('bytes').as('bytes'),
        (eb) => eb.fn.countAll<number>().as('chunks'),
        (eb) => eb.fn.min<number>('startAt').as('oldest'),
        (eb) => eb.fn.max<number>('endAt').as('newest'),
      ])
      .where('state', '!=', 'missing')
      .groupBy(['tier', 'cameraId'])
      .execute();
    // Write rate per tier over the last 24 h: chunks recorded (hot) or moved in (others).
    const since = now - DAY_MS;
    const rate = new Map(
      (
        await this.db
          .selectFrom('recordings')
          .select(['tier', (eb) => eb.fn.sum<number>('bytes').as('b')])
          .where('updatedAt', '>=', since)
          .where('state', 'in', ['complete', 'recovered', 'writing'])
          .groupBy('tier')
          .execute()
      ).map((r) => [r.tier, num(r.b ?? 0)]),
    );
    const cameras = new Map<
      string,
      { cameraId: string; bytes: number; chunks: number; oldest: number | null; newest: number | null; tiers: Record<string, number> }
    >();
    for (const r of perTier) {
      const c = cameras.get(r.cameraId) ?? { cameraId: r.cameraId, bytes: 0, chunks: 0, oldest: null, newest: null, tiers: {} };
      c.bytes += num(r.bytes ?? 0);
      c.chunks += num(r.chunks);
      const o = r.oldest === null ? null : num(r.oldest);
      const n = r.newest === null ? null : num(r.newest);
      if (o !== null && (c.oldest === null || o < c.oldest)) c.oldest = o;
      if (n !== null && (c.newest === null || n > c.newest)) c.newest = n;
      c.tiers[r.tier] = (c.tiers[r.tier] ?? 0) + num(r.bytes ?? 0);
      cameras.set(r.cameraId, c);
    }
    const tiers = states.map((s) => {
      const mine = perTier.filter((r) => r.tier === s.id);
      const perDay = rate.get(s.id) ?? 0;
      const room =
        s.kind === 'local' && s.freeBytes !== null
          ? s.freeBytes - (s.floorBytes ?? 0)
          : s.quotaBytes !== null
            ? s.quotaBytes - s.usedBytes
            : null;
      const row = rows.find((r) => r.id === s.id)!;
      const reach = this.reachable.get(s.id);
      return {
        ...this.tierView(row),
        reachable: s.reachable,
        error: reach?.error ?? null,
        bytes: s.usedBytes,
        chunks: mine.reduce((n, r) => n + num(r.chunks), 0),
        oldest: iso(
          mine.reduce<number | null>((m, r) => (r.oldest !== null && (m === null || num(r.oldest) < m) ? num(r.oldest) : m), null),
        ),
        newest: iso(
          mine.reduce<number | null>((m, r) => (r.newest !== null && (m === null || num(r.newest) > m) ? num(r.newest) : m), null),
        ),
        freeBytes: s.freeBytes,
        floorBytesResolved: s.floorBytes,
        writeBytesPerDay: perDay,
        daysUntilFull: room === null || perDay <= 0 ? null : Math.max(0, Math.round((room / perDay) * 10) / 10),
      };
    });
    return {
      at: isoNN(now),
      tiers,
      cameras: [...cameras.values()].map((c) => ({ ...c, oldest: iso(c.oldest), newest: iso(c.newest) })),
      lastPass: this.lastPass,
      problems: [
        ...tiers
          .filter((t) => !t.reachable)
          .map((t) => ({ kind: 'tier-unreachable', tierId: t.id, message: `Tier ${t.name} is unreachable: ${t.error}` })),
        ...(this.lastPass?.blocked ?? []).map((b) => ({
          kind: 'blocked',
          tierId: b.tierId,
          message: `${b.reason}: ${Math.ceil(b.bytesNeeded / 1e6)} MB cannot be freed (${b.why})${b.cameraId ? ` for camera ${b.cameraId}` : ''}`,
        })),
      ],
    };
  }

  // ------------------------------------------------------------------ passes

  private usedCache: { at: number; used: Map<string, number> } | null = null;

  /**
   * Bytes per tier. Summing the whole index is a scan of every chunk row, so the sums are kept for a minute
   * (passes and the API's own calls refresh them sooner).
   */
  private async usedBytes(force: boolean): Promise<Map<string, number>> {
    const now = this.clock.now();
    if (!force && this.usedCache && now - this.usedCache.at < 60_000) return this.usedCache.used;
    const rows = await this.db
      .selectFrom('recordings')
      .select(['tier', (eb) => eb.fn.sum<number>('bytes').as('b')])
      .where('state', '!=', 'missing')
      .groupBy('tier')
      .execute();
    const used = new Map(rows.map((r) => [r.tier, num(r.b ?? 0)]));
    this.usedCache = { at: now, used };
    return used;
  }

  /** What the alert rules read: reachability, upload failures and free space per tier. */
  cachedState() {
    return this.cached;
  }

  async refreshState(): Promise<void> {
    const { states, capacity } = await this.tierStates(false, false);
    this.cached = states.map((t) => ({
      id: t.id,
      kind: t.kind,
      reachable: t.reachable,
      failing: this.failingTiers.has(t.id),
      freeBytes: t.freeBytes,
      totalBytes: capacity.get(t.id)?.totalBytes ?? null,
    }));
  }

  private async checkPressure(): Promise<void> {
    await this.refreshState().catch((e: Error) => this.log.warn(`storage check failed: ${e.message}`));
    if (!this.started || this.running) return;
    const hot = await this.tierRow(HOT_TIER);
    if (!hot) return;
    const cap = await (await this.driver(HOT_TIER)).capacity().catch(() => null);
    if (!cap) return;
    const floor = Math.max(
      hot.floorPercent === null ? 0 : (num(hot.floorPercent) / 100) * cap.totalBytes,
      hot.floorBytes === null ? 0 : num(hot.floorBytes),
    );
    const quotaHit = hot.quotaBytes !== null && (await this.hotUsed()) > num(hot.quotaBytes);
    if (quotaHit || cap.freeBytes < floor) this.usedCache = null;
    if (cap.freeBytes < floor || quotaHit) await this.runPass('disk pressure').catch(() => undefined);
  }

  private async hotUsed(): Promise<number> {
    const r = await this.db
      .selectFrom('recordings')
      .select((eb) => eb.fn.sum<number>('bytes').as('b'))
      .where('tier', '=', HOT_TIER)
      .where('state', '!=', 'missing')
      .executeTakeFirst();
    return num(r?.b ?? 0);
  }

  /** The oldest chunks of every camera on every tier: what any rule could pick in one pass. */
  private async candidates(): Promise<{ chunks: ChunkState[]; usage: { tierId: string; cameraId: string; bytes: number }[] }> {
    const groups = await this.db
      .selectFrom('recordings')
      .select(['tier', 'cameraId', (eb) => eb.fn.sum<number>('bytes').as('b')])
      .where('state', '!=', 'missing')
      .groupBy(['tier', 'cameraId'])
      .execute();
    const chunks: ChunkState[] = [];
    for (const g of groups) {
      const rows = await this.db
        .selectFrom('recordings')
        .select(['id', 'cameraId', 'tier', 'startAt', 'endAt', 'bytes', 'state'])
        .where('tier', '=', g.tier)
        .where('cameraId', '=', g.cameraId)
        .where('state', 'in', ['complete', 'recovered'])
        .orderBy('startAt')
        .limit(CANDIDATES)
        .execute();
      for (const r of rows) {
        chunks.push({
          id: r.id,
          cameraId: r.cameraId,
          tierId: r.tier,
          startMs: num(r.startAt),
          endMs: r.endAt === null ? num(r.startAt) : num(r.endAt),
          bytes: num(r.bytes),
          state: r.state as ChunkState['state'],
        });
      }
    }
    return { chunks, usage: groups.map((g) => ({ tierId: g.tier, cameraId: g.cameraId, bytes: num(g.b ?? 0) })) };
  }

  /** Plans with the policy engine and carries the actions out, one at a time. One pass runs at a time. */
  runPass(trigger: string): Promise<PassReport> {
    if (this.running) return this.running;
    this.running = this.pass(trigger).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(trigger: string): Promise<PassReport> {
    const t0 = this.clock.now();
    const { states } = await this.tierStates();
    const policies: Policy[] = (await this.db.selectFrom('storagePolicies').selectAll().execute()).map((p) => ({
      cameraId: p.cameraId,
      warmAfterDays: p.warmAfterDays === null ? null : num(p.warmAfterDays),
      warmTierId: p.warmTierId,
      coldAfterDays: p.coldAfterDays === null ? null : num(p.coldAfterDays),
      coldTierId: p.coldTierId,
      deleteAfterDays: p.deleteAfterDays === null ? null : num(p.deleteAfterDays),
      quotaBytes: p.quotaBytes === null ? null : num(p.quotaBytes),
    }));
    const holds = await this.activeHolds();
    const { chunks, usage } = await this.candidates();
    const plan = planStorage({ nowMs: t0, tiers: states, policies, holds, chunks, usage, maxActions: 200 });
    const report: PassReport = {
      at: isoNN(t0),
      trigger,
      planned: plan.actions.length,
      moved: 0,
      deleted: 0,
      failed: 0,
      deferred: plan.deferred,
      blocked: plan.blocked,
      errors: [],
      durationMs: 0,
    };
    for (const b of plan.blocked)
      this.log.warn(`storage blocked: ${b.reason} on ${b.tierId ?? b.cameraId}: ${b.bytesNeeded} bytes (${b.why})`);
    this.abort = new AbortController();
    for (const a of plan.actions) {
      if (this.abort.signal.aborted) break;
      try {
        const done = await this.execute(a, holds, `policy: ${a.reason}`, null, a.reason);
        if (done === 'moved') report.moved += 1;
        if (done === 'deleted') report.deleted += 1;
      } catch (e) {
        report.failed += 1;
        if (report.errors.length < 20) report.errors.push(`${a.kind} ${a.chunkId}: ${(e as Error).message}`);
        this.log.error(`storage ${a.kind} of ${a.chunkId} failed: ${(e as Error).message}`);
      }
    }
    report.durationMs = this.clock.now() - t0;
    this.lastPass = report;
    if (report.moved + report.deleted + report.failed > 0) {
      this.log.log(
        `storage pass (${trigger}): moved ${report.moved}, deleted ${report.deleted}, failed ${report.failed} in ${report.durationMs} ms`,
      );
    }
    return report;
  }

  /** One action, re-checked against the current row and holds right before it runs. */
  private async execute(
    a: Action,
    holds: Hold[],
    why: string,
    actor: Principal | null,
    reason: string,
  ): Promise<'moved' | 'deleted' | 'skipped'> {
    const row = await this.db.selectFrom('recordings').selectAll().where('id', '=', a.chunkId).executeTakeFirst();
    if (!row || (row.state !== 'complete' && row.state !== 'recovered')) return 'skipped';
    const from = a.kind === 'move' ? a.fromTierId : a.tierId;
    if (row.tier !== from) return 'skipped';
    const latest = await this.activeHolds();
    if (
      isHeld({ cameraId: row.cameraId, startMs: num(row.startAt), endMs: row.endAt === null ? num(row.startAt) : num(row.endAt) }, [
        ...holds,
        ...latest,
      ])
    )
      return 'skipped';
    if (a.kind === 'move') {
      await this.recordings.ensureSidecar(row);
      await this.loadDrivers();
      try {
        await this.mover.move(row, a.toTierId, reason, { signal: this.abort?.signal, bytesPerSecond: this.bytesPerSecond || undefined });
        this.failingTiers.delete(a.toTierId);
      } catch (e) {
        this.failingTiers.add(a.toTierId);
        throw e;
      }
      return 'moved';
    }
    await this.deleteChunk(row, why, actor);
    return 'deleted';
  }

  /** Deletes a chunk: audit entry and index row first (in one transaction), then the file and its index sidecar. */
  private async deleteChunk(row: RecordingsTable, why: string, actor: Principal | null): Promise<void> {
    await this.loadDrivers();
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('recordings').where('id', '=', row.id).execute();
      await tx
        .insertInto('auditLog')
        .values({
          at: this.clock.now(),
          actorType: actor ? actor.kind : 'system',
          actorId: actor?.userId ?? null,
          actorLabel: actor?.email ?? 'storage policy',
          action: 'recording.delete',
          targetType: 'camera',
          targetId: row.cameraId,
          ip: null,
          outcome: 'success',
          statusCode: null,
          details: JSON.stringify({
            chunk: row.id,
            path: row.path,
            tier: row.tier,
            from: iso(row.startAt),
            to: iso(row.endAt),
            bytes: num(row.bytes),
            why,
          }),
        })
        .execute();
    });
    if (row.endAt !== null) await this.recordings.spans.remove(row.cameraId, num(row.startAt), num(row.endAt));
    await this.driverSync(row.tier).delete(row.path);
    await unlink(`${this.recordings.abs(row.path)}.idx.json`).catch(() => undefined);
  }

  // ------------------------------------------------------------------ manual actions

  /** Moves or deletes a camera's footage in a range (admin): a dry run lists what would happen. */
  async manual(
    input: { cameraId: string; from: number; to: number; action: 'move' | 'delete'; toTierId: string | null; dryRun: boolean },
    by: Principal,
  ) {
    await this.recordings.assertCamera(input.cameraId);
    if (input.to <= input.from) throw badRequest('"to" must be after "from"', [{ path: 'to', message: 'must be after from' }]);
    let target: StorageTiersTable | undefined;
    if (input.action === 'move') {
      if (!input.toTierId) throw badRequest('A move needs a target tier', [{ path: 'toTierId', message: 'required' }]);
      target = await this.tierRow(input.toTierId);
      if (!target) throw badRequest('Unknown storage tier', [{ path: 'toTierId', message: 'no such tier' }]);
    }
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('cameraId', '=', input.cameraId)
      .where('startAt', '<', input.to)
      .where('endAt', '>', input.from)
      .orderBy('startAt')
      .execute();
    const holds = await this.activeHolds();
    const items = rows.map((r) => {
      const held = isHeld(
        { cameraId: r.cameraId, startMs: num(r.startAt), endMs: r.endAt === null ? num(r.startAt) : num(r.endAt) },
        holds,
      );
      const skip =
        r.state === 'writing'
          ? 'being recorded'
          : r.state !== 'complete' && r.state !== 'recovered'
            ? `state ${r.state}`
            : held
              ? 'legal hold'
              : input.action === 'move' && r.tier === target!.id
                ? 'already there'
                : null;
      return { id: r.id, startAt: isoNN(r.startAt), endAt: iso(r.endAt), tier: r.tier, bytes: num(r.bytes), skip };
    });
    const todo = items.filter((i) => i.skip === null);
    const summary = {
      dryRun: input.dryRun,
      action: input.action,
      toTierId: target?.id ?? null,
      chunks: todo.length,
      bytes: todo.reduce((n, i) => n + i.bytes, 0),
      skipped: items.length - todo.length,
      held: items.filter((i) => i.skip === 'legal hold').length,
      items: items.slice(0, 200),
    };
    if (input.dryRun) return summary;
    const why = `manual ${input.action} by ${by.email}`;
    void (async () => {
      for (const i of todo) {
        const row = rows.find((r) => r.id === i.id)!;
        const a: Action =
          input.action === 'move'
            ? {
                kind: 'move',
                chunkId: row.id,
                cameraId: row.cameraId,
                fromTierId: row.tier,
                toTierId: target!.id,
                bytes: num(row.bytes),
                reason: 'age',
              }
            : { kind: 'delete', chunkId: row.id, cameraId: row.cameraId, tierId: row.tier, bytes: num(row.bytes), reason: 'age' };
        await this.execute(a, holds, why, by, 'manual').catch((e: Error) => this.log.error(`${why}: ${row.path}: ${e.message}`));
      }
    })();
    return summary;
  }
}
