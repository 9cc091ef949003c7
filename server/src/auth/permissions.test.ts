import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PERMISSIONS, ROLE_PERMISSIONS, permissionsOf, satisfies, tokenPermissions } from './permissions';

describe('permission table', () => {
  it('gives each role exactly its documented permissions', () => {
    assert.deepEqual([...ROLE_PERMISSIONS.viewer], ['dashboard:read', 'cameras:read', 'recordings:read', 'tokens:manage', 'alerts:read']);
    assert.deepEqual(
      [...ROLE_PERMISSIONS.operator],
      [
        'dashboard:read',
        'cameras:read',
        'recordings:read',
        'tokens:manage',
        'alerts:read',
        'cameras:write',
        'audit:read',
        'storage:read',
        'alerts:write',
      ],
    );
    assert.deepEqual([...ROLE_PERMISSIONS.admin].sort(), [...PERMISSIONS].sort());
  });

  it('makes every role a superset of the role below it', () => {
    for (const p of ROLE_PERMISSIONS.viewer) assert.ok(ROLE_PERMISSIONS.operator.has(p));
    for (const p of ROLE_PERMISSIONS.operator) assert.ok(ROLE_PERMISSIONS.admin.has(p));
  });

  it('gives an unknown role nothing', () => {
    assert.equal(permissionsOf('root').size, 0);
  });

  it('limits a token to its scopes within the owner’s current role', () => {
    assert.deepEqual([...tokenPermissions('viewer', ['cameras:read', 'cameras:write', 'users:write'])], ['cameras:read']);
    assert.deepEqual([...tokenPermissions('admin', ['users:write'])], ['users:write']);
    assert.deepEqual([...tokenPermissions('admin', ['made:up'])], []);
  });

  it('denies anything but public routes to anonymous callers', () => {
    const none = new Set<never>();
    assert.equal(satisfies(none, 'public', false), true);
    assert.equal(satisfies(none, 'authenticated', false), false);
    assert.equal(satisfies(none, 'authenticated', true), true);
    assert.equal(satisfies(ROLE_PERMISSIONS.viewer, 'cameras:write', true), false);
    assert.equal(satisfies(ROLE_PERMISSIONS.operator, 'cameras:write', true), true);
  });
});
