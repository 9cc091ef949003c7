import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CLOCK, type Clock, iso, isoNN } from '../common/clock';
import { newId, randomToken, sha256Hex } from '../common/crypto';
import { conflict, notFound } from '../common/errors';
import { parseStringList } from '../common/json';
import { RTMP_APP } from '../media/nginx-config';
import { DB, type Db, num } from '../db/database';
import type { CamerasTable } from '../db/schema';
import { isUniqueViolation } from '../users/users.service';
import {
  type Camera,
  type CameraCreate,
  type CameraListQuery,
  type CameraStatus,
  CAMERA_STATUSES,
  type CameraUpdate,
  LiveProfile,
} from './camera.schemas';

const MASK = '***';

/** Replaces a URL's password with ***; the stored URL keeps it. */
export function maskUrl(url: string | null): string | null {
  if (!url) return url;
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = MASK;
    return u.toString();
  } catch {
    return null;
  }
}

/**
 * When a client sends back the masked URL it was shown (same user and host), keep the
 * stored password instead of saving "***" as the password.
 */
export function mergeMaskedPassword(incoming: string, stored: string | null): string {
  if (!stored) return incoming;
  try {
    const a = new URL(incoming);
    const b = new URL(stored);
    if (decodeURIComponent(a.password) === MASK && a.username === b.username && a.host === b.host) {
      a.password = b.password;
      return a.toString();
    }
  } catch {
    /* validated upstream */
  }
  return incoming;
}

export function publishUrl(host: string, rtmpPort: number, key: string): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `rtmp://${h}${rtmpPort === 1935 ? '' : `:${rtmpPort}`}/${RTMP_APP}/${key}`;
}

function parseProfile(s: string): LiveProfile {
  const r = LiveProfile.safeParse(JSON.parse(s));
  return r.success ? r.data : { type: 'copy' };
}

export function toCamera(r: CamerasTable): Camera {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    location: r.location,
    sourceType: r.sourceType as Camera['sourceType'],
    pullUrl: maskUrl(r.pullUrl),
    enabled: Boolean(num(r.enabled)),
    recordingEnabled: Boolean(num(r.recordingEnabled)),
    retentionDays: num(r.retentionDays),
    liveProfile: parseProfile(r.liveProfile),
    status: r.status as CameraStatus,
    statusReason: r.statusReason,
    statusSince: iso(r.statusSince),
    minFps: r.minFps === null ? null : num(r.minFps),
    minBitrateKbps: r.minBitrateKbps === null ? null : num(r.minBitrateKbps),
    publishAllowlist: parseStringList(r.publishAllowlist),
    recordingState: r.recordingState as Camera['recordingState'],
    recordingReason: r.recordingReason,
    streamKeyPrefix: r.streamKeyPrefix,
    createdAt: isoNN(r.createdAt),
    updatedAt: isoNN(r.updatedAt),
  };
}

const NAME_TAKEN = () => conflict('A camera with this name already exists', [{ path: 'name', message: 'already in use' }]);

@Injectable()
export class CamerasService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private newKey() {
    const key = randomToken(24);
    return { key, hash: sha256Hex(key), prefix: key.slice(0, 6) };
  }

  async list(q: CameraListQuery) {
    let query = this.db.selectFrom('cameras');
    if (q.name) query = query.where((eb) => eb(eb.fn('lower', ['name']), 'like', `%${q.name!.toLowerCase()}%`));
    if (q.status) query = query.where('status', '=', q.status);
    if (q.enabled !== undefined) query = query.where('enabled', '=', q.enabled ? 1 : 0);
    if (q.sourceType) query = query.where('sourceType', '=', q.sourceType);
    const desc = q.sort.startsWith('-');
    const col = q.sort.replace('-', '') as 'name' | 'createdAt' | 'status';
    const [rows, count] = await Promise.all([
      query
        .selectAll()
        .orderBy(col, desc ? 'desc' : 'asc')
        .orderBy('id')
        .limit(q.limit)
        .offset(q.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toCamera), total: num(count.n), limit: q.limit, offset: q.offset };
  }

  async findRow(id: string): Promise<CamerasTable> {
    const row = await this.db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Camera');
    return row;
  }

  async get(id: string): Promise<Camera> {
    return toCamera(await this.findRow(id));
  }

  async create(input: CameraCreate, actorId: string | null, host: string) {
    const now = this.clock.now();
    const key = input.sourceType === 'push' ? this.newKey() : null;
    const row: CamerasTable = {
      id: newId(),
      name: input.name,
      description: input.description ?? '',
      location: input.location ?? '',
      sourceType: input.sourceType,
      pullUrl: input.sourceType === 'pull' ? (input.pullUrl ?? null) : null,
      enabled: input.enabled === false ? 0 : 1,
      recordingEnabled: input.recordingEnabled === false ? 0 : 1,
      retentionDays: input.retentionDays ?? 30,
      liveProfile: JSON.stringify(input.liveProfile ?? { type: 'copy' }),
      status: 'offline',
      statusReason: null,
      streamKeyHash: key?.hash ?? null,
      streamKeyPrefix: key?.prefix ?? null,
      createdBy: actorId,
      createdAt: now,
      updatedAt: now,
      minFps: input.minFps ?? null,
      minBitrateKbps: input.minBitrateKbps ?? null,
      publishAllowlist: JSON.stringify([...new Set(input.publishAllowlist ?? [])]),
      statusSince: now,
      recordingState: 'idle',
      recordingReason: null,
    };
    try {
      await this.db.insertInto('cameras').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw NAME_TAKEN();
      throw err;
    }
    return {
      camera: toCamera(row),
      streamKey: key?.key ?? null,
      publishUrl: key ? publishUrl(host, this.config.rtmpPort, key.key) : null,
    };
  }

  async update(id: string, input: CameraUpdate): Promise<Camera> {
    const current = await this.findRow(id);
    const patch: Partial<CamerasTable> = { updatedAt: this.clock.now() };
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description;
    if (input.location !== undefined) patch.location = input.location;
    if (input.enabled !== undefined) patch.enabled = input.enabled ? 1 : 0;
    if (input.recordingEnabled !== undefined) patch.recordingEnabled = input.recordingEnabled ? 1 : 0;
    if (input.retentionDays !== undefined) patch.retentionDays = input.retentionDays;
    if (input.liveProfile !== undefined) patch.liveProfile = JSON.stringify(input.liveProfile);
    if (input.minFps !== undefined) patch.minFps = input.minFps;
    if (input.minBitrateKbps !== undefined) patch.minBitrateKbps = input.minBitrateKbps;
    if (input.publishAllowlist !== undefined) patch.publishAllowlist = JSON.stringify([...new Set(input.publishAllowlist)]);
    if (input.pullUrl !== undefined) {
      if (current.sourceType !== 'pull') {
        if (input.pullUrl !== null)
          throw conflict('Only pull cameras have a pull URL', [{ path: 'pullUrl', message: 'is only for pull cameras' }]);
      } else {
        if (input.pullUrl === null)
          throw conflict('A pull camera needs a pull URL', [{ path: 'pullUrl', message: 'is required for a pull camera' }]);
        patch.pullUrl = mergeMaskedPassword(input.pullUrl, current.pullUrl);
      }
    }
    try {
      await this.db.updateTable('cameras').set(patch).where('id', '=', id).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw NAME_TAKEN();
      throw err;
    }
    return this.get(id);
  }

  async remove(id: string): Promise<Camera> {
    const row = await this.findRow(id);
    await this.db.deleteFrom('cameras').where('id', '=', id).execute();
    return toCamera(row);
  }

  async rotateKey(id: string, host: string) {
    const row = await this.findRow(id);
    if (row.sourceType !== 'push') throw conflict('Pull cameras have no stream key');
    const key = this.newKey();
    await this.db
      .updateTable('cameras')
      .set({ streamKeyHash: key.hash, streamKeyPrefix: key.prefix, updatedAt: this.clock.now() })
      .where('id', '=', id)
      .execute();
    return { camera: await this.get(id), streamKey: key.key, publishUrl: publishUrl(host, this.config.rtmpPort, key.key) };
  }

  async counts(): Promise<{ total: number; enabled: number; byStatus: Record<CameraStatus, number> }> {
    const rows = await this.db
      .selectFrom('cameras')
      .select(['status', 'enabled', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['status', 'enabled'])
      .execute();
    const byStatus = Object.fromEntries(CAMERA_STATUSES.map((s) => [s, 0])) as Record<CameraStatus, number>;
    let total = 0;
    let enabled = 0;
    for (const r of rows) {
      const n = num(r.n);
      total += n;
      if (num(r.enabled)) enabled += n;
      if (r.status in byStatus) byStatus[r.status as CameraStatus] += n;
    }
    return { total, enabled, byStatus };
  }
}
