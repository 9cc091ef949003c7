import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditService } from './audit/audit.service';
import { ACCESS_TOKENS, AccessTokens } from './auth/access-tokens';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { argon2Hasher, PASSWORD_HASHER, type PasswordHasher } from './auth/passwords';
import { MemoryRateLimiter, RATE_LIMITER, type RateLimiter } from './auth/rate-limiter';
import { CamerasService } from './cameras/cameras.service';
import { CLOCK, type Clock, systemClock } from './common/clock';
import { AllExceptionsFilter } from './common/exception.filter';
import { ValidationInterceptor } from './common/validation.interceptor';
import { APP_CONFIG, type AppConfig } from './config/config';
import { CONTROLLERS } from './controllers';
import { ExportsService } from './exports/exports.service';
import { StorageService } from './storage/storage.service';
import { AlertsService } from './alerts/alerts.service';
import { NotificationsService } from './notifications/notifications.service';
import { DB, DB_DIALECT, type Db, type Dialect } from './db/database';
import { buildOpenApi } from './openapi/openapi';
import { OPENAPI_DOC } from './openapi/tokens';
import { TokensService } from './tokens/tokens.service';
import { UsersService } from './users/users.service';
import { RealtimeService } from './realtime/realtime.service';
import { RecordingsService } from './recordings/recordings.service';
import { PUBLISH_TOKENS, PublishTokens } from './streams/publish-tokens';
import { MEDIA_DEPS, type MediaDeps, StreamsService } from './streams/streams.service';

export interface AppDeps {
  config: AppConfig;
  db: Db;
  dialect: Dialect;
  clock?: Clock;
  hasher?: PasswordHasher;
  rateLimiter?: RateLimiter;
  /** Process runner and nginx factory; null/absent runs the API without streaming. */
  media?: MediaDeps | null;
}

@Module({})
export class AppModule {
  static register(deps: AppDeps): DynamicModule {
    let doc: Record<string, unknown> | null = null;
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: deps.config },
      { provide: DB, useValue: deps.db },
      { provide: DB_DIALECT, useValue: deps.dialect },
      { provide: CLOCK, useValue: deps.clock ?? systemClock },
      { provide: PASSWORD_HASHER, useValue: deps.hasher ?? argon2Hasher },
      { provide: RATE_LIMITER, useValue: deps.rateLimiter ?? new MemoryRateLimiter() },
      { provide: ACCESS_TOKENS, useValue: new AccessTokens(deps.config.jwtSecret, deps.config.accessTokenTtlSeconds) },
      { provide: OPENAPI_DOC, useValue: () => (doc ??= buildOpenApi(CONTROLLERS, deps.config.version)) },
      AuditService,
      AuthService,
      UsersService,
      TokensService,
      CamerasService,
      RealtimeService,
      RecordingsService,
      StreamsService,
      ExportsService,
      StorageService,
      NotificationsService,
      AlertsService,
      { provide: PUBLISH_TOKENS, useValue: new PublishTokens(deps.config.jwtSecret) },
      { provide: MEDIA_DEPS, useValue: deps.media ?? null },
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_INTERCEPTOR, useClass: ValidationInterceptor },
      { provide: APP_FILTER, useClass: AllExceptionsFilter },
    ];
    return { module: AppModule, controllers: CONTROLLERS, providers };
  }
}
