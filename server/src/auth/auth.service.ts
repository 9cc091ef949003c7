import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CLOCK, type Clock } from '../common/clock';
import { newId, randomToken, sha256Hex } from '../common/crypto';
import { tooMany, unauthorized } from '../common/errors';
import type { AuditNote } from '../common/request';
import { DB, type Db } from '../db/database';
import type { UsersTable } from '../db/schema';
import { toUser, UsersService, type User } from '../users/users.service';
import { ACCESS_TOKENS, type AccessTokens } from './access-tokens';
import { PASSWORD_HASHER, type PasswordHasher } from './passwords';
import { RATE_LIMITER, type RateLimiter } from './rate-limiter';

export interface Session {
  accessToken: string;
  expiresIn: number;
  user: User;
  refreshToken: string;
  refreshExpiresAt: number;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** Failure reasons that count towards an account lock-out. */
const COUNTED = ['bad_password', 'unknown_user', 'disabled'];

/**
 * Pure lock-out rule: given the newest counted failures since the last success (newest first),
 * the account is locked until `newest + lock` when `max` of them fall within one window.
 */
export function lockedUntil(failuresNewestFirst: number[], max: number, windowMs: number, lockMs: number, now: number): number | null {
  if (failuresNewestFirst.length < max) return null;
  const newest = failuresNewestFirst[0]!;
  const oldest = failuresNewestFirst[max - 1]!;
  if (newest - oldest > windowMs) return null;
  const until = newest + lockMs;
  return now < until ? until : null;
}

@Injectable()
export class AuthService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  async login(emailRaw: string, password: string, client: ClientInfo, audit: AuditNote): Promise<Session> {
    const email = emailRaw.toLowerCase();
    const now = this.clock.now();
    audit.actorLabel = email;
    audit.targetType = 'user';

    const ipGate = await this.limiter.hit(`login:ip:${client.ip}`, this.config.loginIpMaxPerMinute, 60_000);
    if (!ipGate.allowed) {
      await this.attempt(email, null, client.ip, false, 'ip_rate_limited');
      audit.details = { reason: 'ip_rate_limited' };
      throw tooMany('Too many sign-in attempts from your address; try again shortly', ipGate.retryAfterMs / 1000);
    }

    const until = await this.lockedUntil(email, now);
    if (until !== null) {
      await this.attempt(email, null, client.ip, false, 'locked');
      audit.details = { reason: 'locked' };
      const minutes = Math.ceil((until - now) / 60_000);
      throw tooMany(`Too many failed sign-in attempts; this account is locked for ${minutes} more minute(s)`, (until - now) / 1000);
    }

    const user = await this.users.findByEmail(email);
    const ok = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verify(await this.dummy(), password).then(() => false);
    if (!user || !ok) {
      await this.attempt(email, user?.id ?? null, client.ip, false, user ? 'bad_password' : 'unknown_user');
      audit.actorId = user?.id;
      audit.details = { reason: user ? 'bad_password' : 'unknown_user' };
      throw unauthorized('Invalid email or password');
    }
    if (user.disabled) {
      await this.attempt(email, user.id, client.ip, false, 'disabled');
      audit.actorId = user.id;
      audit.details = { reason: 'disabled' };
      throw unauthorized('This account is disabled');
    }
    await this.attempt(email, user.id, client.ip, true, null);
    await this.db.updateTable('users').set({ lastLoginAt: now }).where('id', '=', user.id).execute();
    audit.actorId = user.id;
    audit.targetId = user.id;
    return this.issue({ ...user, lastLoginAt: now }, newId(), client);
  }

  async refresh(raw: string | undefined, client: ClientInfo, audit: AuditNote): Promise<Session> {
    if (!raw) throw unauthorized('Not signed in');
    const now = this.clock.now();
    const row = await this.db.selectFrom('refreshTokens').selectAll().where('tokenHash', '=', sha256Hex(raw)).executeTakeFirst();
    if (!row || row.revokedAt !== null || row.expiresAt <= now) throw unauthorized('Session expired; sign in again');
    audit.actorId = row.userId;
    audit.targetType = 'user';
    audit.targetId = row.userId;
    if (row.usedAt !== null) {
      await this.revokeFamily(row.familyId);
      audit.details = { reason: 'refresh_token_reuse', family: row.familyId };
      throw unauthorized('Session revoked: a refresh token was used twice');
    }
    // Claim the token; a concurrent second use loses the race and counts as reuse.
    const claimed = await this.db
      .updateTable('refreshTokens')
      .set({ usedAt: now })
      .where('id', '=', row.id)
      .where('usedAt', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      await this.revokeFamily(row.familyId);
      audit.details = { reason: 'refresh_token_reuse', family: row.familyId };
      throw unauthorized('Session revoked: a refresh token was used twice');
    }
    const user = await this.users.findById(row.userId);
    if (!user || user.disabled) {
      await this.revokeFamily(row.familyId);
      throw unauthorized('Session expired; sign in again');
    }
    audit.actorLabel = user.email;
    return this.issue(user, row.familyId, client);
  }

  async logout(raw: string | undefined, audit: AuditNote): Promise<void> {
    if (!raw) return;
    const row = await this.db
      .selectFrom('refreshTokens')
      .select(['familyId', 'userId'])
      .where('tokenHash', '=', sha256Hex(raw))
      .executeTakeFirst();
    if (!row) return;
    audit.actorId = row.userId;
    await this.revokeFamily(row.familyId);
  }

  private async revokeFamily(familyId: string) {
    await this.db
      .updateTable('refreshTokens')
      .set({ revokedAt: this.clock.now() })
      .where('familyId', '=', familyId)
      .where('revokedAt', 'is', null)
      .execute();
  }

  private async issue(user: UsersTable, familyId: string, client: ClientInfo): Promise<Session> {
    const now = this.clock.now();
    const refreshToken = randomToken(32);
    const refreshExpiresAt = now + this.config.refreshTokenTtlDays * 86_400_000;
    await this.db
      .insertInto('refreshTokens')
      .values({
        id: newId(),
        userId: user.id,
        familyId,
        tokenHash: sha256Hex(refreshToken),
        expiresAt: refreshExpiresAt,
        createdAt: now,
        usedAt: null,
        revokedAt: null,
        ip: client.ip.slice(0, 64),
        userAgent: client.userAgent?.slice(0, 255) ?? null,
      })
      .execute();
    return {
      accessToken: await this.accessTokens.sign(user.id, user.role, now),
      expiresIn: this.accessTokens.ttlSeconds,
      user: toUser(user),
      refreshToken,
      refreshExpiresAt,
    };
  }

  private async lockedUntil(email: string, now: number): Promise<number | null> {
    const windowMs = this.config.loginFailureWindowMinutes * 60_000;
    const lockMs = this.config.loginLockMinutes * 60_000;
    const lastSuccess = await this.db
      .selectFrom('loginAttempts')
      .select('createdAt')
      .where('email', '=', email)
      .where('success', '=', 1)
      .orderBy('createdAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    const since = Math.max(now - windowMs - lockMs, lastSuccess ? Number(lastSuccess.createdAt) + 1 : 0);
    const rows = await this.db
      .selectFrom('loginAttempts')
      .select('createdAt')
      .where('email', '=', email)
      .where('success', '=', 0)
      .where('reason', 'in', COUNTED)
      .where('createdAt', '>=', since)
      .orderBy('createdAt', 'desc')
      .limit(this.config.loginMaxFailures)
      .execute();
    return lockedUntil(
      rows.map((r) => Number(r.createdAt)),
      this.config.loginMaxFailures,
      windowMs,
      lockMs,
      now,
    );
  }

  private async attempt(email: string, userId: string | null, ip: string, success: boolean, reason: string | null) {
    await this.db
      .insertInto('loginAttempts')
      .values({ email: email.slice(0, 254), userId, ip: ip.slice(0, 64), success: success ? 1 : 0, reason, createdAt: this.clock.now() })
      .execute();
  }

  /** A real argon2 hash to verify against when the email is unknown, so timing does not reveal accounts. */
  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomToken(16));
    return this.dummyHash;
  }
}
