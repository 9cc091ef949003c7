import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { safeEqual } from '../common/crypto';
import { ENDPOINT, type EndpointSpec } from '../common/endpoint';
import { forbidden, unauthorized } from '../common/errors';
import { normalizeIp } from '../common/ip';
import type { ArgusRequest, Principal } from '../common/request';
import { TOKEN_PREFIX, TokensService } from '../tokens/tokens.service';
import { UsersService } from '../users/users.service';
import { ACCESS_TOKENS, type AccessTokens } from './access-tokens';
import { permissionsOf, type Role, satisfies } from './permissions';

/**
 * Global guard, deny by default: a route without an Endpoint declaration is refused; every
 * other route gets exactly the permission it declares, checked against the caller's role
 * (or, for an API token, its scopes within the owner's role).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly log = new Logger('AuthGuard');

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ArgusRequest>();
    const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT, context.getHandler());
    if (!spec) {
      this.log.error(`route ${req.method} ${req.url} declares no permission; denied`);
      throw forbidden('This route declares no permission and is denied');
    }
    req.argus = {
      spec,
      principal: null,
      ip: normalizeIp(req.ip),
      input: { body: undefined, query: undefined, params: undefined },
      audit: {},
    };
    if (spec.permission === 'public') return true;
    if (spec.permission === 'internal') {
      // nginx calls back on loopback; the socket address counts, never X-Forwarded-For.
      const direct = normalizeIp(req.socket.remoteAddress ?? '');
      const secret = (req.query as Record<string, unknown>)?.secret;
      if ((direct !== '127.0.0.1' && direct !== '::1') || typeof secret !== 'string' || !safeEqual(secret, this.config.callbackSecret)) {
        throw forbidden('Internal endpoint');
      }
      return true;
    }

    const principal = await this.authenticate(req);
    req.argus.principal = principal;
    if (!principal) throw unauthorized();
    if (!satisfies(principal.permissions, spec.permission, true)) {
      throw forbidden(`This needs the "${spec.permission}" permission`);
    }
    return true;
  }

  private async authenticate(req: ArgusRequest): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (!header) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthorized('Authorization header must be "Bearer <token>"');
    const credential = m[1]!;
    if (credential.startsWith(TOKEN_PREFIX)) {
      const result = await this.tokens.authenticate(credential, req.argus.ip);
      if (result === 'ip_denied') throw forbidden('This API token is not allowed from your address');
      if (!result) throw unauthorized('Invalid, expired or revoked API token');
      return result;
    }
    const userId = await this.accessTokens.verify(credential);
    if (!userId) throw unauthorized('Invalid or expired access token');
    const user = await this.users.findById(userId);
    if (!user || user.disabled) throw unauthorized('Account not found or disabled');
    return {
      kind: 'user',
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role as Role,
      permissions: permissionsOf(user.role),
    };
  }
}
