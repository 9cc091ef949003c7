import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { AppModule, type AppDeps } from './app.module';
import { RedisRateLimiter } from './auth/rate-limiter';
import type { MediaDeps } from './streams/streams.service';
import { AuditService } from './audit/audit.service';
import type { ArgusRequest } from './common/request';
import type { AppConfig } from './config/config';
import { createDb, type Db, type Dialect, parseDatabaseUrl } from './db/database';
import { migrateToLatest } from './db/migrate';
import { UsersService } from './users/users.service';
import { RealtimeService } from './realtime/realtime.service';
import { ExportsService } from './exports/exports.service';
import { StorageService } from './storage/storage.service';
import { AlertsService } from './alerts/alerts.service';
import { NotificationsService } from './notifications/notifications.service';
import { RecordingsService } from './recordings/recordings.service';
import { StreamsService } from './streams/streams.service';
import { NodeProcessRunner } from './media/process-runner';
import { NginxSupervisor } from './media/nginx.supervisor';

export interface ArgusApp {
  app: NestFastifyApplication;
  db: Db;
  dialect: Dialect;
  streams: StreamsService;
  /** Listens: with streaming, the API on a loopback port behind nginx (the front door on PORT); without, on HOST:PORT. */
  listen(): Promise<{ apiPort: number }>;
  close(): Promise<void>;
}

/** Process runner and nginx factory for streaming mode. */
export function mediaDeps(config: AppConfig): MediaDeps {
  const runner = new NodeProcessRunner(join(config.dataDir, 'run'));
  return {
    runner,
    createNginx: (apiUpstream, onStateChange) =>
      new NginxSupervisor(
        {
          prefix: join(config.dataDir, 'nginx'),
          rtmpModulePath: config.nginxRtmpModule,
          rtmpPort: config.rtmpPort,
          httpHost: config.host,
          httpPort: config.port,
          apiUpstream,
          liveDir: join(config.dataDir, 'live'),
          recordingsDir: join(config.dataDir, 'recordings'),
          playbackDir: join(config.dataDir, 'playback'),
          exportsDir: join(config.dataDir, 'exports'),
          tiersDir: join(config.dataDir, 'tiers'),
          callbackSecret: config.callbackSecret,
          linkSecret: config.linkSecret,
          workerProcesses: 1,
        },
        runner,
        {
          nginxBin: config.nginxPath,
          onStateChange,
          log: (level: 'info' | 'warn' | 'error', msg: string) => {
            const l = new Logger('nginx');
            if (level === 'info') l.log(msg);
            else if (level === 'warn') l.warn(msg);
            else l.error(msg);
          },
        },
      ),
  };
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
  if (config.streaming) await NginxSupervisor.check(config.nginxPath, config.nginxRtmpModule);
  const media = opts.media !== undefined ? opts.media : config.streaming ? mediaDeps(config) : null;
  // With REDIS_URL, rate limits are shared by every node; without it they live in memory.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : null;
  const rateLimiter = opts.rateLimiter ?? (redis ? new RedisRateLimiter(redis) : undefined);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ ...opts, rateLimiter, media, config, db, dialect }),
    adapter,
    {
      logger: opts.logger ?? LEVELS[config.logLevel],
    },
  );
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
  const realtime = app.get(RealtimeService);
  realtime.attach(app.getHttpServer());
  const streams = app.get(StreamsService);
  const exportsService = app.get(ExportsService);
  const storage = app.get(StorageService);
  const notifications = app.get(NotificationsService);
  const alerts = app.get(AlertsService);
  await storage.ensureHotTier();
  // The span index is derived from the recording index: rebuilt in the background at every start.
  const spansLog = new Logger('Recordings');
  const t0 = Date.now();
  const spansRebuilt = app
    .get(RecordingsService)
    .spans.rebuildAll()
    .then(() => spansLog.log(`recording spans rebuilt in ${Date.now() - t0} ms`))
    .catch((e: Error) => spansLog.error(`rebuilding recording spans failed: ${e.message}`));
  await streams.reconcile();
  await app
    .get(UsersService)
    .ensureFirstAdmin(config.adminEmail, config.adminPassword, opts.print ?? ((m) => process.stdout.write(m + '\n')));

  let closed = false;
  return {
    app,
    db,
    dialect,
    streams,
    async listen() {
      if (!media) {
        await app.listen({ port: config.port, host: config.host });
        await storage.start({ timers: false });
        notifications.start();
        await alerts.start();
        return { apiPort: config.port };
      }
      await app.listen({ port: 0, host: '127.0.0.1' });
      const apiPort = (app.getHttpServer().address() as { port: number }).port;
      await streams.startMedia(`127.0.0.1:${apiPort}`);
      await exportsService.start();
      await storage.start({ timers: true });
      notifications.start();
      await alerts.start();
      if (config.demo) await streams.startDemo();
      return { apiPort };
    },
    async close() {
      if (closed) return;
      closed = true;
      alerts.stop();
      await notifications.stop();
      await storage.stop();
      await exportsService.stop();
      await streams.stopMedia();
      await spansRebuilt;
      await realtime.close();
      await app.close();
      await db.destroy();
      await redis?.quit();
    },
  };
}
