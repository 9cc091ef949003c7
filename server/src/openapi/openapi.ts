import { PATH_METADATA } from '@nestjs/common/constants';
import { z, type ZodType } from 'zod';
import { CONTROLLER_TAG, ENDPOINT, type EndpointSpec, successStatus } from '../common/endpoint';

type Json = Record<string, unknown>;
type Class = new (...args: never[]) => unknown;

export interface RouteInfo {
  controller: string;
  handler: string;
  method: string;
  path: string;
  tag: string;
  spec: EndpointSpec;
}

function joinPath(...parts: string[]): string {
  return (
    '/' +
    parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/')
  );
}

/** Every route of the given controllers with its Endpoint declaration (or null when it has none). */
export function listRoutes(controllers: Class[], globalPrefix = 'api'): (Omit<RouteInfo, 'spec'> & { spec: EndpointSpec | null })[] {
  const out: (Omit<RouteInfo, 'spec'> & { spec: EndpointSpec | null })[] = [];
  for (const ctrl of controllers) {
    const prefix = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
    const tag = String(Reflect.getMetadata(CONTROLLER_TAG, ctrl) ?? ctrl.name);
    const proto = ctrl.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || typeof proto[name] !== 'function') continue;
      const fn = proto[name] as object;
      const routePath = Reflect.getMetadata(PATH_METADATA, fn) as string | undefined;
      if (routePath === undefined) continue;
      const spec = (Reflect.getMetadata(ENDPOINT, fn) as EndpointSpec | undefined) ?? null;
      out.push({
        controller: ctrl.name,
        handler: name,
        method: spec?.method ?? '?',
        path: joinPath(globalPrefix, prefix, routePath),
        tag,
        spec,
      });
    }
  }
  return out;
}

const ErrorSchema = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    issues: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (the body names the fields)',
  401: 'Not authenticated',
  403: 'Not permitted',
  404: 'Not found',
  409: 'Conflict with the current state',
  423: 'Locked',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** Converts many zod schemas in one pass so named schemas (meta id) become shared components. */
function convertAll(schemas: Record<string, ZodType>, io: 'input' | 'output') {
  const wrapper = z.object(schemas);
  const json = z.toJSONSchema(wrapper, { io, unrepresentable: 'any', reused: 'inline', target: 'draft-2020-12' }) as Json & {
    properties?: Record<string, Json>;
    $defs?: Record<string, Json>;
  };
  return { props: json.properties ?? {}, defs: json.$defs ?? {} };
}

/** Drops zod's `$schema` and meta `id` keywords, but never a property that happens to be called "id". */
function stripMeta(o: unknown, inProperties = false): unknown {
  if (Array.isArray(o)) return o.map((x) => stripMeta(x));
  if (o && typeof o === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(o)) {
      if (!inProperties && (k === '$schema' || (k === 'id' && typeof v === 'string'))) continue;
      out[k] = stripMeta(v, !inProperties && k === 'properties');
    }
    return out;
  }
  return o;
}

function renameRefs(o: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(o)) return o.map((x) => renameRefs(x, rename));
  if (o && typeof o === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(o)) {
      out[k] =
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? `#/components/schemas/${rename(v.slice(8))}`
          : renameRefs(v, rename);
    }
    return out;
  }
  return o;
}

/** Builds the OpenAPI 3.1 document from the controllers' Endpoint declarations. Deterministic output. */
export function buildOpenApi(controllers: Class[], version: string): Json {
  const routes = listRoutes(controllers).filter((r): r is RouteInfo => r.spec !== null);
  routes.sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path)));

  const inputs: Record<string, ZodType> = {};
  const outputs: Record<string, ZodType> = {};
  routes.forEach((r, i) => {
    if (r.spec.body) inputs[`b${i}`] = r.spec.body;
    if (r.spec.query) inputs[`q${i}`] = r.spec.query;
    if (r.spec.params) inputs[`p${i}`] = r.spec.params;
    if (r.spec.response) outputs[`r${i}`] = r.spec.response;
  });
  const inp = convertAll(inputs, 'input');
  const out = convertAll(outputs, 'output');

  const components: Record<string, unknown> = { Error: ErrorSchema };
  const outName = (n: string) => n;
  for (const [name, def] of Object.entries(out.defs)) components[name] = stripMeta(renameRefs(def, outName));
  // Input variants of a named schema get their own component only when they differ from the output form.
  const inRenames = new Map<string, string>();
  for (const [name, def] of Object.entries(inp.defs)) {
    const asOut = out.defs[name];
    inRenames.set(name, asOut && JSON.stringify(asOut) === JSON.stringify(def) ? name : `${name}Input`);
  }
  const inName = (n: string) => inRenames.get(n) ?? n;
  for (const [name, def] of Object.entries(inp.defs)) {
    if (inName(name) !== name || !(name in components)) components[inName(name)] = stripMeta(renameRefs(def, inName));
  }
  const inSchema = (key: string) => stripMeta(renameRefs(inp.props[key], inName)) as Json;
  const outSchema = (key: string) => stripMeta(renameRefs(out.props[key], outName)) as Json;

  const paths: Record<string, Record<string, unknown>> = {};
  routes.forEach((r, i) => {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters: Json[] = [];
    for (const [key, where] of [
      [`p${i}`, 'path'],
      [`q${i}`, 'query'],
    ] as const) {
      const s = (key in inp.props ? inSchema(key) : null) as { properties?: Record<string, Json>; required?: string[] } | null;
      if (!s?.properties) continue;
      for (const [name, schema] of Object.entries(s.properties)) {
        parameters.push({ name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema });
      }
    }
    const status = successStatus(r.spec);
    const responses: Record<string, unknown> = {
      [String(status)]: r.spec.response
        ? { description: 'OK', content: { 'application/json': { schema: outSchema(`r${i}`) } } }
        : { description: 'Done (no content)' },
    };
    const errs = new Set<number>(r.spec.errors ?? []);
    if (r.spec.body || r.spec.query || r.spec.params) errs.add(400);
    if (r.spec.permission !== 'public') {
      errs.add(401);
      errs.add(403);
    }
    for (const code of [...errs].sort()) {
      responses[String(code)] = {
        description: ERROR_TEXT[code] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const op: Json = {
      operationId: `${r.controller.replace(/Controller$/, '')}_${r.handler}`.replace(/^./, (c) => c.toLowerCase()),
      summary: r.spec.summary,
      tags: [r.tag],
      'x-permission': r.spec.permission,
      ...(r.spec.audit ? { 'x-audit-action': r.spec.audit } : {}),
      ...(r.spec.permission === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: inSchema(`b${i}`) } } } } : {}),
      responses,
    };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  });

  return {
    openapi: '3.1.0',
    info: {
      title: 'Argus API',
      version,
      description:
        'Argus — self-hosted multi-camera streaming platform. Authenticate with `Authorization: Bearer <access token or API token>`. ' +
        'Every operation lists the permission it needs in `x-permission`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A JWT access token from /api/auth/login, or an API token (argus_...)' },
      },
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}
