import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule, type AppDeps } from './app.module';
import { AuditService } from './audit/audit.service';
import type { ArgusRequest } from './common/request';
import type { AppConfig } from './config/config';
import { createDb, type Db, type Dialect, parseDatabaseUrl } from './db/database';
import { migrateToLatest } from './db/migrate';
import { UsersService } from './users/users.service';

export interface ArgusApp {
  app: NestFastifyApplication;
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

const LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/**
 * Builds the whole server: database + migrations, the Nest app on Fastify, cookies, the audit
 * hook, API docs assets and the web app. Used by main.ts and by the integration tests.
 */
export async function createArgus(
  config: AppConfig,
  opts: { logger?: LogLevel[] | false; print?: (msg: string) => void } & Partial<Omit<AppDeps, 'config'>> = {},
): Promise<ArgusApp> {
  const target = parseDatabaseUrl(config.databaseUrl);
  const db = opts.db ?? createDb(target);
  const dialect = opts.dialect ?? target.dialect;
  await migrateToLatest(db, dialect);

  const adapter = new FastifyAdapter({ trustProxy: config.trustProxy ? ['127.0.0.1', '::1'] : false, bodyLimit: 1_048_576 });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ ...opts, config, db, dialect }), adapter, {
    logger: opts.logger ?? LEVELS[config.logLevel],
  });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(fastifyCookie);

  // Audit every state-changing API request before its response leaves, so a client never sees
  // a change that is not in the trail yet.
  const audit = app.get(AuditService);
  fastify.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const ctx = (req as Partial<ArgusRequest>).argus;
    if (ctx && req.method !== 'GET' && req.method !== 'HEAD') await audit.recordRequest(ctx, reply.statusCode, req.params);
    return payload;
  });

  const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  await fastify.register(fastifyStatic, { root: swaggerDir, prefix: '/api/docs/assets/', decorateReply: false });

  const web = config.webDistDir;
  if (existsSync(join(web, 'index.html'))) {
    await fastify.register(fastifyStatic, { root: web, prefix: '/', wildcard: false, decorateReply: true, index: ['index.html'] });
    // Client-side routes (/cameras/123) get the app shell; unknown /api paths stay JSON 404s.
    fastify.get('/*', (req, reply) => {
      if (req.url === '/api' || req.url.startsWith('/api/')) {
        return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `No route for GET ${req.url.split('?')[0]}` });
      }
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    });
  }

  await app.init();
  await app
    .get(UsersService)
    .ensureFirstAdmin(config.adminEmail, config.adminPassword, opts.print ?? ((m) => process.stdout.write(m + '\n')));

  return {
    app,
    db,
    dialect,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
