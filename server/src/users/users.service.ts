import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { PASSWORD_HASHER, type PasswordHasher } from '../auth/passwords';
import { ROLE_RANK, ROLES, type Role } from '../auth/permissions';
import { CLOCK, type Clock, iso, isoNN } from '../common/clock';
import { newId } from '../common/crypto';
import { conflict, forbidden, notFound, unauthorized } from '../common/errors';
import type { Principal } from '../common/request';
import { Email, Password, text } from '../common/schemas';
import { DB, type Db, num } from '../db/database';
import type { UsersTable } from '../db/schema';

export const RoleSchema = z.enum(ROLES);

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    disabled: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const UserCreate = z.strictObject({
  email: Email,
  name: text(100, 1),
  password: Password,
  role: RoleSchema,
});
export const UserUpdate = z.strictObject({
  email: Email.optional(),
  name: text(100, 1).optional(),
  password: Password.optional(),
  role: RoleSchema.optional(),
  disabled: z.boolean().optional(),
});
export const UserListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  q: text(254).optional(),
  role: RoleSchema.optional(),
});

export function toUser(r: UsersTable): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as Role,
    disabled: Boolean(num(r.disabled)),
    lastLoginAt: iso(r.lastLoginAt),
    createdAt: isoNN(r.createdAt),
    updatedAt: isoNN(r.updatedAt),
  };
}

/** Unique-constraint violations differ per driver; this recognises all three. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return (
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'ER_DUP_ENTRY' ||
    e?.code === '23505' ||
    /UNIQUE constraint failed|Duplicate entry|duplicate key/i.test(e?.message ?? '')
  );
}

@Injectable()
export class UsersService {
  private readonly log = new Logger('Users');

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  async findById(id: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByEmail(email: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  }

  async get(id: string): Promise<User> {
    const row = await this.findById(id);
    if (!row) throw notFound('User');
    return toUser(row);
  }

  async list(q: z.infer<typeof UserListQuery>) {
    let query = this.db.selectFrom('users');
    if (q.q) {
      const like = `%${q.q.toLowerCase()}%`;
      query = query.where((eb) => eb.or([eb('email', 'like', like), eb(eb.fn('lower', ['name']), 'like', like)]));
    }
    if (q.role) query = query.where('role', '=', q.role);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('email').limit(q.limit).offset(q.offset).execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toUser), total: num(count.n), limit: q.limit, offset: q.offset };
  }

  async create(input: z.infer<typeof UserCreate>, actor: Principal | null): Promise<User> {
    if (actor && ROLE_RANK[input.role] > ROLE_RANK[actor.role]) throw forbidden('You cannot grant a role above your own');
    const now = this.clock.now();
    const row: UsersTable = {
      id: newId(),
      email: input.email,
      name: input.name,
      passwordHash: await this.hasher.hash(input.password),
      role: input.role,
      disabled: 0,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.db.insertInto('users').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('A user with this email already exists', [{ path: 'email', message: 'already in use' }]);
      throw err;
    }
    return toUser(row);
  }

  async update(id: string, input: z.infer<typeof UserUpdate>, actor: Principal): Promise<User> {
    const current = await this.findById(id);
    if (!current) throw notFound('User');
    const self = current.id === actor.userId;
    if (input.role !== undefined && input.role !== current.role) {
      if (self && ROLE_RANK[input.role] > ROLE_RANK[current.role as Role]) throw forbidden('You cannot raise your own role');
      if (ROLE_RANK[input.role] > ROLE_RANK[actor.role]) throw forbidden('You cannot grant a role above your own');
    }
    if (self && input.disabled === true) throw forbidden('You cannot disable your own account');
    const losesAdmin = current.role === 'admin' && ((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin) await this.assertAnotherAdmin(current.id);

    const patch: Partial<UsersTable> = { updatedAt: this.clock.now() };
    if (input.email !== undefined) patch.email = input.email;
    if (input.name !== undefined) patch.name = input.name;
    if (input.role !== undefined) patch.role = input.role;
    if (input.disabled !== undefined) patch.disabled = input.disabled ? 1 : 0;
    if (input.password !== undefined) patch.passwordHash = await this.hasher.hash(input.password);
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set(patch).where('id', '=', id).execute();
        // A new password or a disabled account ends every session at once.
        if (input.password !== undefined || input.disabled === true) {
          await trx
            .updateTable('refreshTokens')
            .set({ revokedAt: this.clock.now() })
            .where('userId', '=', id)
            .where('revokedAt', 'is', null)
            .execute();
        }
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('A user with this email already exists', [{ path: 'email', message: 'already in use' }]);
      throw err;
    }
    return this.get(id);
  }

  async remove(id: string, actor: Principal): Promise<void> {
    const current = await this.findById(id);
    if (!current) throw notFound('User');
    if (current.id === actor.userId) throw forbidden('You cannot delete your own account');
    if (current.role === 'admin') await this.assertAnotherAdmin(current.id);
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }

  /** Self-service profile change; role is not part of it, so nobody raises their own role here. */
  async updateSelf(id: string, input: { name?: string; currentPassword?: string; newPassword?: string }): Promise<User> {
    const current = await this.findById(id);
    if (!current) throw notFound('User');
    const patch: Partial<UsersTable> = { updatedAt: this.clock.now() };
    if (input.name !== undefined) patch.name = input.name;
    if (input.newPassword !== undefined) {
      if (!input.currentPassword || !(await this.hasher.verify(current.passwordHash, input.currentPassword))) {
        throw unauthorized('Current password is incorrect');
      }
      patch.passwordHash = await this.hasher.hash(input.newPassword);
    }
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
    return this.get(id);
  }

  private async assertAnotherAdmin(exceptId: string) {
    const other = await this.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .where('id', '!=', exceptId)
      .executeTakeFirst();
    if (!other) throw conflict('Argus needs at least one active admin');
  }

  async counts(): Promise<{ total: number; byRole: Record<Role, number> }> {
    const rows = await this.db
      .selectFrom('users')
      .select(['role', (eb) => eb.fn.countAll().as('n')])
      .groupBy('role')
      .execute();
    const byRole: Record<Role, number> = { admin: 0, operator: 0, viewer: 0 };
    for (const r of rows) if (r.role in byRole) byRole[r.role as Role] = num(r.n);
    return { total: byRole.admin + byRole.operator + byRole.viewer, byRole };
  }

  /** On first start: create the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, or a generated password printed once. */
  async ensureFirstAdmin(email: string, password: string | null, print: (msg: string) => void): Promise<void> {
    const any = await this.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (any) return;
    const generated = password === null;
    const pw = password ?? randomBytes(18).toString('base64url');
    await this.create({ email: email.toLowerCase(), name: 'Administrator', password: pw, role: 'admin' }, null);
    if (generated) {
      print(
        [
          '',
          '==================================================================',
          '  Argus first start: an admin account was created.',
          `    email:    ${email.toLowerCase()}`,
          `    password: ${pw}`,
          '  This password is shown only once. Sign in and change it.',
          '==================================================================',
          '',
        ].join('\n'),
      );
    } else {
      this.log.log(`created first admin ${email} from ADMIN_EMAIL/ADMIN_PASSWORD`);
    }
  }
}
