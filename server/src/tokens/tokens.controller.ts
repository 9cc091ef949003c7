import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody, ValidParams, ValidQuery } from '../common/endpoint';
import { principalOf, type RequestContext } from '../common/request';
import { IdParams } from '../common/schemas';
import { ApiTokenSchema, TokenCreate, TokenListQuery, TokensService } from './tokens.service';

const TokenCreated = z.object({ token: ApiTokenSchema, secret: z.string() }).meta({ id: 'ApiTokenCreated' });

@ApiController('tokens', 'API tokens')
export class TokensController {
  constructor(@Inject(TokensService) private readonly tokens: TokensService) {}

  @Endpoint({
    method: 'GET',
    path: '',
    summary: 'List your API tokens (admins: ?all=true for everyone’s)',
    permission: 'tokens:manage',
    query: TokenListQuery,
    response: z.object({ items: z.array(ApiTokenSchema) }),
  })
  list(@ValidQuery() q: z.infer<typeof TokenListQuery>, @Ctx() ctx: RequestContext) {
    return this.tokens.list(principalOf(ctx), q.all ?? false);
  }

  @Endpoint({
    method: 'POST',
    path: '',
    summary: 'Create an API token; the secret is returned once',
    permission: 'tokens:manage',
    body: TokenCreate,
    response: TokenCreated,
    status: 201,
    audit: 'token.create',
  })
  async create(@ValidBody() body: z.infer<typeof TokenCreate>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'api_token';
    ctx.audit.details = {
      name: body.name,
      scopes: body.scopes,
      expiresInDays: body.expiresInDays ?? null,
      ipAllowlist: body.ipAllowlist ?? [],
    };
    const created = await this.tokens.create(body, principalOf(ctx));
    ctx.audit.targetId = created.token.id;
    return created;
  }

  @Endpoint({
    method: 'DELETE',
    path: ':id',
    summary: 'Revoke an API token (effective immediately)',
    permission: 'tokens:manage',
    params: IdParams,
    audit: 'token.revoke',
    errors: [404],
  })
  async revoke(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'api_token';
    await this.tokens.revoke(p.id, principalOf(ctx));
  }
}
