import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { AuthGuard } from '../src/auth/auth.guard';
import { PERMISSIONS } from '../src/auth/permissions';
import { ENDPOINT, type EndpointSpec } from '../src/common/endpoint';
import { ApiError } from '../src/common/errors';
import { buildOpenApi } from '../src/openapi/openapi';
import { CONTROLLERS } from '../src/controllers';
import { Client, startServer, type TestServer } from './helpers';

const SNAPSHOT = join(__dirname, '../../test/route-permissions.txt');

describe('every route declares its permission (deny by default)', () => {
  let srv: TestServer;
  const routes: { key: string; spec: EndpointSpec | undefined }[] = [];

  before(async () => {
    srv = await startServer('sqlite::memory:');
    // Walk the controllers the running app really registered, not a list we maintain.
    const modules = srv.argus.app.get(ModulesContainer);
    for (const mod of modules.values()) {
      for (const wrapper of mod.controllers.values()) {
        const ctrl = wrapper.metatype as (new () => object) | null;
        if (!ctrl) continue;
        const prefix = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
        for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
          const fn = (ctrl.prototype as Record<string, unknown>)[name];
          if (name === 'constructor' || typeof fn !== 'function' || Reflect.getMetadata(PATH_METADATA, fn) === undefined) continue;
          const method = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'][
            Reflect.getMetadata(METHOD_METADATA, fn) as number
          ];
          const path = ['/api', prefix, String(Reflect.getMetadata(PATH_METADATA, fn))].join('/').replace(/\/+/g, '/').replace(/\/$/, '');
          routes.push({ key: `${method} ${path}`, spec: Reflect.getMetadata(ENDPOINT, fn) as EndpointSpec | undefined });
        }
      }
    }
    routes.sort((a, b) => a.key.localeCompare(b.key));
  });
  after(async () => srv?.close());

  it('finds the routes', () => {
    assert.ok(routes.length >= 20, `only ${routes.length} routes found`);
  });

  it('has an Endpoint declaration with a known permission on every route', () => {
    const known = new Set<string>([...PERMISSIONS, 'public', 'authenticated', 'internal']);
    const missing = routes.filter((r) => !r.spec).map((r) => r.key);
    assert.deepEqual(missing, [], `routes without a permission: ${missing.join(', ')}`);
    for (const r of routes) assert.ok(known.has(r.spec!.permission), `${r.key}: unknown permission ${r.spec!.permission}`);
  });

  it('names an audit action for every state-changing route', () => {
    for (const r of routes) if (!r.key.startsWith('GET ')) assert.ok(r.spec?.audit, `${r.key} has no audit action`);
  });

  it('matches the reviewed permission table (test/route-permissions.txt)', () => {
    const table = routes.map((r) => `${r.key.padEnd(40)} ${r.spec!.permission}`).join('\n') + '\n';
    if (process.env.UPDATE_SNAPSHOTS) writeFileSync(SNAPSHOT, table);
    assert.equal(table, readFileSync(SNAPSHOT, 'utf8'), 'permissions changed: review and run with UPDATE_SNAPSHOTS=1');
  });

  it('denies a route that declares nothing', async () => {
    const guard = new AuthGuard(new Reflector(), {} as never, {} as never, {} as never, {} as never);
    const ctx = {
      getHandler: () => function undeclared() {},
      getClass: () => class {},
      switchToHttp: () => ({ getRequest: () => ({ method: 'GET', url: '/api/x', headers: {}, ip: '127.0.0.1' }) }),
    };
    await assert.rejects(guard.canActivate(ctx as never), (e: unknown) => e instanceof ApiError && e.getStatus() === 403);
  });

  it('refuses every non-public route without credentials', async () => {
    const c = new Client(srv.base);
    for (const r of routes) {
      if (r.spec!.permission === 'public') continue;
      const [method, path] = r.key.split(' ') as [string, string];
      const res = await c.req(method, path.replace(':id', '00000000-0000-0000-0000-000000000000'), method === 'GET' ? undefined : {});
      assert.equal(res.status, r.spec!.permission === 'internal' ? 403 : 401, r.key);
    }
  });

  it('documents every route in the OpenAPI document with its permission', () => {
    const doc = buildOpenApi(CONTROLLERS, 'test') as { paths: Record<string, Record<string, { 'x-permission': string }>> };
    for (const r of routes) {
      const [method, path] = r.key.split(' ') as [string, string];
      const op = doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      assert.ok(op, `${r.key} missing from the OpenAPI document`);
      assert.equal(op['x-permission'], r.spec!.permission);
    }
  });
});
