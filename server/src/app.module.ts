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
import { DB, DB_DIALECT, type Db, type Dialect } from './db/database';
import { buildOpenApi } from './openapi/openapi';
import { OPENAPI_DOC } from './openapi/tokens';
import { TokensService } from './tokens/tokens.service';
import { UsersService } from './users/users.service';

export interface AppDeps {
  config: AppConfig;
  db: Db;
  dialect: Dialect;
  clock?: Clock;
  hasher?: PasswordHasher;
  rateLimiter?: RateLimiter;
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
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_INTERCEPTOR, useClass: ValidationInterceptor },
      { provide: APP_FILTER, useClass: AllExceptionsFilter },
    ];
    return { module: AppModule, controllers: CONTROLLERS, providers };
  }
}
