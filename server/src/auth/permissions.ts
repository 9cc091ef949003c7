/**
 * The permission table. Every route names one permission (or `public` / `authenticated`);
 * roles map to permission sets; API token scopes are permissions too, and a token's
 * effective rights are its scopes intersected with its owner's current role.
 */
export const PERMISSIONS = [
  'dashboard:read',
  'cameras:read',
  'cameras:write',
  'recordings:read',
  'tokens:manage',
  'audit:read',
  'users:read',
  'users:write',
  'tokens:admin',
  'storage:read',
  'storage:admin',
  'alerts:read',
  'alerts:write',
  'notifications:admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const VIEWER: Permission[] = ['dashboard:read', 'cameras:read', 'recordings:read', 'tokens:manage', 'alerts:read'];
const OPERATOR: Permission[] = [...VIEWER, 'cameras:write', 'audit:read', 'storage:read', 'alerts:write'];
const ADMIN: Permission[] = [...OPERATOR, 'users:read', 'users:write', 'tokens:admin', 'storage:admin', 'notifications:admin'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  operator: new Set(OPERATOR),
  admin: new Set(ADMIN),
};

/** Rank used to stop anyone granting a role above their own. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, operator: 1, admin: 2 };

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

export function permissionsOf(role: string): ReadonlySet<Permission> {
  return isRole(role) ? ROLE_PERMISSIONS[role] : new Set();
}

/** Effective permissions of an API token: its scopes, never wider than the owner's role today. */
export function tokenPermissions(ownerRole: string, scopes: readonly string[]): Set<Permission> {
  const allowed = permissionsOf(ownerRole);
  return new Set(PERMISSIONS.filter((p) => allowed.has(p) && scopes.includes(p)));
}

/**
 * A route's requirement: a permission, or a special level — `public` (anyone), `authenticated`
 * (any signed-in principal), `internal` (nginx callbacks: loopback socket + shared secret).
 */
export type Requirement = Permission | 'public' | 'authenticated' | 'internal';

export function satisfies(granted: ReadonlySet<Permission>, required: Requirement, authenticated: boolean): boolean {
  if (required === 'public') return true;
  if (required === 'internal') return false;
  if (!authenticated) return false;
  if (required === 'authenticated') return true;
  return granted.has(required);
}
