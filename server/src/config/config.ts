import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';

/** The only place in the server that reads process.env (see CONVENTIONS.md). */

const port = (def: number) =>
  z
    .string()
    .default(String(def))
    .transform((s, ctx) => {
      const n = Number(s);
      if (!/^\d+$/.test(s.trim()) || !Number.isInteger(n) || n < 1 || n > 65535) {
        ctx.addIssue({ code: 'custom', message: `must be an integer between 1 and 65535 (got "${s}")` });
        return z.NEVER;
      }
      return n;
    });

const positiveInt = (def: number, max = 10_000_000) =>
  z
    .string()
    .default(String(def))
    .transform((s, ctx) => {
      const n = Number(s);
      if (!/^\d+$/.test(s.trim()) || n < 1 || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer between 1 and ${max} (got "${s}")` });
        return z.NEVER;
      }
      return n;
    });

const databaseUrl = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === '' || /^(sqlite:|file:|mysql:\/\/|mariadb:\/\/|postgres(ql)?:\/\/)/.test(v), {
    message: 'must start with sqlite:, mysql://, mariadb://, postgres:// or postgresql://',
  });

const envSchema = z.object({
  PORT: port(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  RTMP_PORT: port(1935),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: databaseUrl,
  REDIS_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^rediss?:\/\//.test(v), {
      message: 'must start with redis:// or rediss://',
    }),
  JWT_SECRET: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || v.length >= 32, { message: 'must be at least 32 characters' }),
  ADMIN_EMAIL: z.email({ message: 'must be an email address' }).optional().or(z.literal('')),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || v.length >= 12, { message: 'must be at least 12 characters' }),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900, 86_400),
  REFRESH_TOKEN_TTL_DAYS: positiveInt(30, 365),
  LOGIN_MAX_FAILURES: positiveInt(5, 1000),
  LOGIN_FAILURE_WINDOW_MINUTES: positiveInt(15, 1440),
  LOGIN_LOCK_MINUTES: positiveInt(15, 1440),
  LOGIN_IP_MAX_PER_MINUTE: positiveInt(30, 100_000),
  TRUST_PROXY: z.enum(['loopback', 'none']).default('loopback'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  STREAMING: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  HLS_SEGMENT_SECONDS: positiveInt(1, 6),
  RECORDING_CHUNK_SECONDS: positiveInt(3600, 86_400).refine((n) => n >= 10, { message: 'must be at least 10' }),
  LIVE_URL_TTL_SECONDS: positiveInt(3600, 7 * 86_400),
  EXPORT_TTL_HOURS: positiveInt(24, 24 * 90),
  STORAGE_PASS_SECONDS: positiveInt(300, 86_400),
  STORAGE_MOVE_MBPS: z
    .string()
    .default('100')
    .refine((s) => /^\d{1,5}$/.test(s), { message: 'must be a whole number of MB/s (0 = unlimited)' })
    .transform(Number),
  DEMO: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).default('false'),
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe'),
  NGINX_PATH: z.string().min(1).default('nginx'),
  NGINX_RTMP_MODULE: z.string().min(1).default('/usr/lib/nginx/modules/ngx_rtmp_module.so'),
});

export interface AppConfig {
  port: number;
  host: string;
  rtmpPort: number;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string | null;
  jwtSecret: string;
  adminEmail: string;
  adminPassword: string | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  loginMaxFailures: number;
  loginFailureWindowMinutes: number;
  loginLockMinutes: number;
  loginIpMaxPerMinute: number;
  trustProxy: boolean;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  webDistDir: string;
  version: string;
  /** nginx + RTMP ingest + pipelines; off runs the API alone (used by API tests). */
  streaming: boolean;
  hlsSegmentSeconds: number;
  /** Length of a recorded chunk (fragmented MP4 with 1 s fragments). */
  recordingChunkSeconds: number;
  liveUrlTtlSeconds: number;
  /** How long a finished clip export stays downloadable before its file is deleted. */
  exportTtlHours: number;
  /** Seconds between storage passes (tier moves, retention); disk pressure triggers one at once. */
  storagePassSeconds: number;
  /** The storage mover's copy rate limit in MB/s (0 = unlimited). */
  storageMoveMbps: number;
  demo: boolean;
  ffmpegPath: string;
  ffprobePath: string;
  nginxPath: string;
  nginxRtmpModule: string;
  /** Shared secret on nginx → server callbacks. */
  callbackSecret: string;
  /** Secret for signed HLS URLs (nginx secure_link). */
  linkSecret: string;
  /** Key material for secrets kept in the database (storage credentials). */
  storageKey: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses and validates the environment. Pure except for resolving relative paths against cwd. */
export function parseEnv(env: Record<string, string | undefined>, cwd = process.cwd()) {
  // Empty strings mean "unset" for optional variables.
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') cleaned[key] = v;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(cwd, e.DATA_DIR);
  return { e, dataDir };
}

/** Reads a secret kept in DATA_DIR, creating it (mode 0600) on first use. */
export function persistentSecret(dataDir: string, name: string, bytes = 48): string {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): AppConfig {
  const { e, dataDir } = parseEnv(env, cwd);
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = e.DATABASE_URL ?? `sqlite:${join(dataDir, 'argus.db')}`;
  return {
    port: e.PORT,
    host: e.HOST,
    rtmpPort: e.RTMP_PORT,
    dataDir,
    databaseUrl,
    redisUrl: e.REDIS_URL ?? null,
    jwtSecret: e.JWT_SECRET ?? persistentSecret(dataDir, 'jwt-secret'),
    adminEmail: e.ADMIN_EMAIL || 'admin@argus.local',
    adminPassword: e.ADMIN_PASSWORD ?? null,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginFailureWindowMinutes: e.LOGIN_FAILURE_WINDOW_MINUTES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    loginIpMaxPerMinute: e.LOGIN_IP_MAX_PER_MINUTE,
    trustProxy: e.TRUST_PROXY === 'loopback',
    logLevel: e.LOG_LEVEL,
    webDistDir: resolve(__dirname, '../../../../web/dist'),
    version: '0.1.0',
    streaming: e.STREAMING === 'on',
    hlsSegmentSeconds: e.HLS_SEGMENT_SECONDS,
    recordingChunkSeconds: e.RECORDING_CHUNK_SECONDS,
    liveUrlTtlSeconds: e.LIVE_URL_TTL_SECONDS,
    exportTtlHours: e.EXPORT_TTL_HOURS,
    storagePassSeconds: e.STORAGE_PASS_SECONDS,
    storageMoveMbps: e.STORAGE_MOVE_MBPS,
    demo: e.DEMO === 'true' || e.DEMO === '1',
    ffmpegPath: e.FFMPEG_PATH,
    ffprobePath: e.FFPROBE_PATH,
    nginxPath: e.NGINX_PATH,
    nginxRtmpModule: e.NGINX_RTMP_MODULE,
    callbackSecret: persistentSecret(dataDir, 'callback-secret', 24),
    linkSecret: persistentSecret(dataDir, 'link-secret', 24),
    storageKey: persistentSecret(dataDir, 'storage-key', 32),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
