import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ApiController, Endpoint } from '../common/endpoint';
import { ApiError } from '../common/errors';
import { DB, type Db, pingDb } from '../db/database';

const Alive = z.object({ status: z.literal('ok'), version: z.string(), uptimeSeconds: z.number() }).meta({ id: 'Alive' });
const Ready = z.object({ status: z.literal('ready'), database: z.literal('ok') }).meta({ id: 'Ready' });

@ApiController('health', 'Health')
export class HealthController {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Endpoint({ method: 'GET', path: '', summary: 'Liveness: the process is up', permission: 'public', response: Alive })
  alive() {
    return { status: 'ok' as const, version: this.config.version, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Endpoint({
    method: 'GET',
    path: 'ready',
    summary: 'Readiness: the database answers (503 otherwise)',
    permission: 'public',
    response: Ready,
    errors: [503],
  })
  async ready() {
    try {
      await Promise.race([pingDb(this.db), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000).unref())]);
    } catch (err) {
      throw new ApiError(503, `Database unreachable: ${(err as Error).message}`);
    }
    return { status: 'ready' as const, database: 'ok' as const };
  }
}
