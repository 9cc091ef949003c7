import { Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody } from '../common/endpoint';
import { principalOf, type RequestContext } from '../common/request';
import { Email, Password, text } from '../common/schemas';
import { UserSchema, UsersService } from '../users/users.service';
import { AuthService, type Session } from './auth.service';
import { PERMISSIONS } from './permissions';

const LoginBody = z.strictObject({ email: Email, password: z.string().min(1, { message: 'must not be empty' }).max(256) });
const SessionSchema = z.object({ accessToken: z.string(), expiresIn: z.number().int(), user: UserSchema }).meta({ id: 'Session' });
const MeSchema = UserSchema.extend({ permissions: z.array(z.enum(PERMISSIONS)) }).meta({ id: 'Me' });
const MeUpdate = z
  .strictObject({ name: text(100, 1).optional(), currentPassword: z.string().max(256).optional(), newPassword: Password.optional() })
  .refine((v) => v.newPassword === undefined || v.currentPassword !== undefined, {
    message: 'currentPassword is required to set a new password',
    path: ['currentPassword'],
  });

export const REFRESH_COOKIE = 'argus_refresh';

type CookieRequest = FastifyRequest & { cookies: Record<string, string | undefined> };

@ApiController('auth', 'Auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  private setCookie(reply: FastifyReply, req: FastifyRequest, s: Session) {
    void reply.setCookie(REFRESH_COOKIE, s.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      path: '/api/auth',
      expires: new Date(s.refreshExpiresAt),
    });
  }

  @Endpoint({
    method: 'POST',
    path: 'login',
    summary: 'Sign in with email and password',
    permission: 'public',
    body: LoginBody,
    response: SessionSchema,
    audit: 'auth.login',
    errors: [429],
  })
  async login(
    @ValidBody() body: z.infer<typeof LoginBody>,
    @Ctx() ctx: RequestContext,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const s = await this.auth.login(body.email, body.password, { ip: ctx.ip, userAgent: req.headers['user-agent'] ?? null }, ctx.audit);
    this.setCookie(reply, req, s);
    return { accessToken: s.accessToken, expiresIn: s.expiresIn, user: s.user };
  }

  @Endpoint({
    method: 'POST',
    path: 'refresh',
    summary: 'Exchange the refresh cookie for a new access token (rotates the cookie)',
    permission: 'public',
    response: SessionSchema,
    audit: 'auth.refresh',
  })
  async refresh(@Ctx() ctx: RequestContext, @Req() req: CookieRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const s = await this.auth.refresh(req.cookies[REFRESH_COOKIE], { ip: ctx.ip, userAgent: req.headers['user-agent'] ?? null }, ctx.audit);
    this.setCookie(reply, req, s);
    return { accessToken: s.accessToken, expiresIn: s.expiresIn, user: s.user };
  }

  @Endpoint({
    method: 'POST',
    path: 'logout',
    summary: 'Sign out: revoke the refresh token family and clear the cookie',
    permission: 'public',
    audit: 'auth.logout',
  })
  async logout(@Ctx() ctx: RequestContext, @Req() req: CookieRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.auth.logout(req.cookies[REFRESH_COOKIE], ctx.audit);
    void reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
  }

  @Endpoint({
    method: 'GET',
    path: 'me',
    summary: 'The signed-in user and their permissions',
    permission: 'authenticated',
    response: MeSchema,
  })
  async me(@Ctx() ctx: RequestContext) {
    const p = principalOf(ctx);
    const user = await this.users.get(p.userId);
    return { ...user, permissions: PERMISSIONS.filter((x) => p.permissions.has(x)) };
  }

  @Endpoint({
    method: 'PATCH',
    path: 'me',
    summary: 'Change your own name or password',
    permission: 'authenticated',
    body: MeUpdate,
    response: UserSchema,
    audit: 'auth.profile.update',
  })
  async updateMe(@ValidBody() body: z.infer<typeof MeUpdate>, @Ctx() ctx: RequestContext) {
    const p = principalOf(ctx);
    ctx.audit.targetType = 'user';
    ctx.audit.targetId = p.userId;
    ctx.audit.details = { fields: Object.keys(body).filter((k) => k !== 'currentPassword') };
    return this.users.updateSelf(p.userId, body);
  }
}
