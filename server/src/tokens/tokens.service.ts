import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { PERMISSIONS, type Permission, type Role, tokenPermissions } from '../auth/permissions';
import { CLOCK, type Clock, iso, isoNN } from '../common/clock';
import { newId, randomToken, sha256Hex } from '../common/crypto';
import { badRequest, forbidden, notFound } from '../common/errors';
import { canonicalCidr, ipAllowed, isIpOrCidr } from '../common/ip';
import type { Principal } from '../common/request';
import { parseStringList } from '../common/json';
import { text } from '../common/schemas';
import { DB, type Db, num } from '../db/database';
import type { ApiTokensTable } from '../db/schema';

export const TOKEN_PREFIX = 'argus_';

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(PERMISSIONS)),
    expiresAt: z.string().nullable(),
    ipAllowlist: z.array(z.string()),
    lastUsedAt: z.string().nullable(),
    lastUsedIp: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    userId: z.string(),
    userEmail: z.string(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const TokenCreate = z.strictObject({
  name: text(100, 1),
  scopes: z.array(z.enum(PERMISSIONS)).min(1, { message: 'must name at least one scope' }).max(PERMISSIONS.length),
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
  ipAllowlist: z
    .array(z.string().trim().max(64).refine(isIpOrCidr, { message: 'must be an IP address or CIDR range' }))
    .max(50)
    .optional(),
});

export const TokenListQuery = z.strictObject({
  all: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** Only write "last used" once a minute per token, so API calls do not each cost a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class TokensService {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private view(r: ApiTokensTable & { userEmail: string }): ApiToken {
    return {
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      scopes: parseStringList(r.scopes) as Permission[],
      expiresAt: iso(r.expiresAt),
      ipAllowlist: parseStringList(r.ipAllowlist),
      lastUsedAt: iso(r.lastUsedAt),
      lastUsedIp: r.lastUsedIp,
      createdAt: isoNN(r.createdAt),
      revokedAt: iso(r.revokedAt),
      userId: r.userId,
      userEmail: r.userEmail,
    };
  }

  async list(actor: Principal, all: boolean): Promise<{ items: ApiToken[] }> {
    if (all && !actor.permissions.has('tokens:admin')) throw forbidden('Only admins can list every token');
    let q = this.db
      .selectFrom('apiTokens')
      .innerJoin('users', 'users.id', 'apiTokens.userId')
      .selectAll('apiTokens')
      .select('users.email as userEmail');
    if (!all) q = q.where('apiTokens.userId', '=', actor.userId);
    const rows = await q.orderBy('apiTokens.createdAt', 'desc').limit(1000).execute();
    return { items: rows.map((r) => this.view(r)) };
  }

  async create(input: z.infer<typeof TokenCreate>, actor: Principal): Promise<{ token: ApiToken; secret: string }> {
    const wider = input.scopes.filter((s) => !actor.permissions.has(s));
    if (wider.length) {
      throw badRequest('A token cannot have scopes wider than yours', [
        { path: 'scopes', message: `not permitted for you: ${wider.join(', ')}` },
      ]);
    }
    const now = this.clock.now();
    const secret = TOKEN_PREFIX + randomToken(30);
    const row: ApiTokensTable = {
      id: newId(),
      userId: actor.userId,
      name: input.name,
      prefix: secret.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 8),
      tokenHash: sha256Hex(secret),
      scopes: JSON.stringify([...new Set(input.scopes)]),
      ipAllowlist: JSON.stringify([...new Set((input.ipAllowlist ?? []).map(canonicalCidr))]),
      expiresAt: input.expiresInDays ? now + input.expiresInDays * 86_400_000 : null,
      lastUsedAt: null,
      lastUsedIp: null,
      createdAt: now,
      revokedAt: null,
    };
    await this.db.insertInto('apiTokens').values(row).execute();
    return { token: this.view({ ...row, userEmail: actor.email }), secret };
  }

  async revoke(id: string, actor: Principal): Promise<void> {
    const row = await this.db.selectFrom('apiTokens').select(['id', 'userId', 'revokedAt']).where('id', '=', id).executeTakeFirst();
    if (!row || (row.userId !== actor.userId && !actor.permissions.has('tokens:admin'))) throw notFound('Token');
    if (row.revokedAt === null) {
      await this.db.updateTable('apiTokens').set({ revokedAt: this.clock.now() }).where('id', '=', id).execute();
    }
  }

  /** Resolves `Authorization: Bearer argus_...` to a principal, or null (401) when unusable. */
  async authenticate(secret: string, ip: string): Promise<Principal | 'ip_denied' | null> {
    const now = this.clock.now();
    const row = await this.db
      .selectFrom('apiTokens')
      .innerJoin('users', 'users.id', 'apiTokens.userId')
      .selectAll('apiTokens')
      .select(['users.email as userEmail', 'users.name as userName', 'users.role as userRole', 'users.disabled as userDisabled'])
      .where('apiTokens.tokenHash', '=', sha256Hex(secret))
      .executeTakeFirst();
    if (!row || row.revokedAt !== null || (row.expiresAt !== null && num(row.expiresAt) <= now) || num(row.userDisabled)) return null;
    if (!ipAllowed(ip, parseStringList(row.ipAllowlist))) return 'ip_denied';
    if (row.lastUsedAt === null || now - num(row.lastUsedAt) >= LAST_USED_RESOLUTION_MS || row.lastUsedIp !== ip) {
      await this.db
        .updateTable('apiTokens')
        .set({ lastUsedAt: now, lastUsedIp: ip.slice(0, 64) })
        .where('id', '=', row.id)
        .execute();
    }
    return {
      kind: 'token',
      userId: row.userId,
      email: row.userEmail,
      name: row.userName,
      role: row.userRole as Role,
      permissions: tokenPermissions(row.userRole, parseStringList(row.scopes)),
      tokenId: row.id,
      tokenName: row.name,
    };
  }

  async activeCount(userId: string | null): Promise<number> {
    let q = this.db
      .selectFrom('apiTokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('revokedAt', 'is', null)
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', this.clock.now())]));
    if (userId) q = q.where('userId', '=', userId);
    return num((await q.executeTakeFirstOrThrow()).n);
  }
}
