import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { testSourceArgs } from '../src/media/ffmpeg-args';
import { dayDirsToPrepare, RECORDER_ENV, recorderArgs } from '../src/recordings/recorder-args';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { createArgus, type ArgusApp } from '../src/app';
import { type AppConfig, loadConfig } from '../src/config/config';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };

export interface TestDatabase {
  name: 'sqlite' | 'mariadb' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

const MARIADB_ADMIN = process.env.ARGUS_TEST_MARIADB ?? 'mysql://root@127.0.0.1:3306/test';
const POSTGRES_ADMIN = process.env.ARGUS_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Which databases the integration suites run against (all three unless narrowed for local work). */
export function databaseKinds(): TestDatabase['name'][] {
  const only = process.env.ARGUS_TEST_DATABASES;
  const all: TestDatabase['name'][] = ['sqlite', 'mariadb', 'postgres'];
  return only ? all.filter((k) => only.split(',').includes(k)) : all;
}

/** Creates a fresh, empty database of the given kind; `drop` removes it. */
export async function createTestDatabase(kind: TestDatabase['name']): Promise<TestDatabase> {
  const dbName = `argus_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'argus-db-'));
    return { name: kind, url: `sqlite:${join(dir, 'argus.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (kind === 'mariadb') {
    const conn = await mysql.createConnection(MARIADB_ADMIN);
    await conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    const u = new URL(MARIADB_ADMIN);
    u.pathname = `/${dbName}`;
    return {
      name: kind,
      url: u.toString().replace(/^mysql:/, 'mariadb:'),
      drop: async () => {
        const c = await mysql.createConnection(MARIADB_ADMIN);
        await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
        await c.end();
      },
    };
  }
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN });
  await client.connect();
  await client.query(`CREATE DATABASE "${dbName}"`);
  await client.end();
  const u = new URL(POSTGRES_ADMIN);
  u.pathname = `/${dbName}`;
  return {
    name: kind,
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestServer {
  base: string;
  argus: ArgusApp;
  config: AppConfig;
  dataDir: string;
  close(): Promise<void>;
}

export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-data-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    STREAMING: 'off',
    LOG_LEVEL: 'error',
    ...env,
  });
  const argus = await createArgus(config, { logger: ['fatal', 'error'], print: () => undefined });
  await argus.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = argus.app.getHttpServer().address() as { port: number };
  return {
    base: `http://127.0.0.1:${addr.port}`,
    argus,
    config,
    dataDir,
    async close() {
      await argus.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small JSON client over fetch. */
export class Client {
  token: string | null = null;
  cookie: string | null = null;
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async req<T = any>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Res<T>> {
    const headers: Record<string, string> = { ...this.headers, ...extra };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.cookie) headers.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const r = await fetch(this.base + path, { method, headers, body: payload });
    const setCookie = r.headers.get('set-cookie');
    if (setCookie) {
      const m = /argus_refresh=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `argus_refresh=${m[1]}` : null;
    }
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed as T, headers: r.headers };
  }
  get<T = any>(path: string, extra?: Record<string, string>) {
    return this.req<T>('GET', path, undefined, extra);
  }
  post<T = any>(path: string, body?: unknown, extra?: Record<string, string>) {
    return this.req<T>('POST', path, body, extra);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.req<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.req<T>('PUT', path, body);
  }
  del<T = any>(path: string) {
    return this.req<T>('DELETE', path);
  }

  async login(email: string, password: string): Promise<Res> {
    const r = await this.post('/api/auth/login', { email, password });
    if (r.status === 200) this.token = r.body.accessToken;
    return r;
  }
}

export async function adminClient(base: string, headers: Record<string, string> = {}): Promise<Client> {
  const c = new Client(base, headers);
  const r = await c.login(ADMIN.email, ADMIN.password);
  if (r.status !== 200) throw new Error(`admin login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return c;
}

/** A client signed in as a new user of the given role (created by the admin). */
export async function userClient(admin: Client, role: 'admin' | 'operator' | 'viewer', email?: string): Promise<Client> {
  const e = email ?? `${role}-${randomBytes(4).toString('hex')}@test.local`;
  const password = 'user-password-123';
  const r = await admin.post('/api/users', { email: e, name: `${role} user`, password, role });
  if (r.status !== 201) throw new Error(`create user failed: ${r.status} ${JSON.stringify(r.body)}`);
  const c = new Client(admin.base, { 'x-forwarded-for': `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  const l = await c.login(e, password);
  if (l.status !== 200) throw new Error(`login failed: ${l.status}`);
  return c;
}

/** Writes a real fragmented-MP4 chunk of `seconds` (320x240, 25 fps, AAC) with the recorder's own arguments; returns its path. */
export async function makeTestChunk(work: string, seconds = 4): Promise<string> {
  const run = promisify(execFile);
  const src = join(work, `src-${seconds}.flv`);
  await run(
    'ffmpeg',
    testSourceArgs({ publishUrl: src, width: 320, height: 240, fps: 25, videoKbps: 300, durationSeconds: seconds }).filter(
      (a) => a !== '-re',
    ),
    { timeout: 60_000 },
  );
  const out = join(work, `gen-${seconds}`);
  for (const d of dayDirsToPrepare(out, new Date())) mkdirSync(d, { recursive: true });
  await run('ffmpeg', recorderArgs({ inputUrl: src, dir: out, chunkSeconds: 3600, hasAudio: true }), {
    timeout: 60_000,
    env: { ...process.env, ...RECORDER_ENV },
  });
  const day = readdirSync(out).find((d) => readdirSync(join(out, d)).length > 0)!;
  return join(out, day, readdirSync(join(out, day))[0]!);
}
