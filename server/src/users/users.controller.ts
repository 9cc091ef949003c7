import { Inject } from '@nestjs/common';
import type { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody, ValidParams, ValidQuery } from '../common/endpoint';
import { principalOf, type RequestContext } from '../common/request';
import { IdParams, page } from '../common/schemas';
import { UserCreate, UserListQuery, UserSchema, UsersService, UserUpdate } from './users.service';

@ApiController('users', 'Users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Endpoint({ method: 'GET', path: '', summary: 'List users', permission: 'users:read', query: UserListQuery, response: page(UserSchema) })
  list(@ValidQuery() q: z.infer<typeof UserListQuery>) {
    return this.users.list(q);
  }

  @Endpoint({
    method: 'POST',
    path: '',
    summary: 'Create a user',
    permission: 'users:write',
    body: UserCreate,
    response: UserSchema,
    status: 201,
    audit: 'user.create',
    errors: [409],
  })
  async create(@ValidBody() body: z.infer<typeof UserCreate>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'user';
    ctx.audit.details = { email: body.email, role: body.role };
    const user = await this.users.create(body, principalOf(ctx));
    ctx.audit.targetId = user.id;
    return user;
  }

  @Endpoint({
    method: 'GET',
    path: ':id',
    summary: 'Get a user',
    permission: 'users:read',
    params: IdParams,
    response: UserSchema,
    errors: [404],
  })
  get(@ValidParams() p: z.infer<typeof IdParams>) {
    return this.users.get(p.id);
  }

  @Endpoint({
    method: 'PATCH',
    path: ':id',
    summary: 'Update a user (role, name, email, password, disabled)',
    permission: 'users:write',
    params: IdParams,
    body: UserUpdate,
    response: UserSchema,
    audit: 'user.update',
    errors: [404, 409],
  })
  update(@ValidParams() p: z.infer<typeof IdParams>, @ValidBody() body: z.infer<typeof UserUpdate>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'user';
    const { password, ...rest } = body;
    ctx.audit.details = { ...rest, ...(password !== undefined ? { password: 'changed' } : {}) };
    return this.users.update(p.id, body, principalOf(ctx));
  }

  @Endpoint({
    method: 'DELETE',
    path: ':id',
    summary: 'Delete a user',
    permission: 'users:write',
    params: IdParams,
    audit: 'user.delete',
    errors: [404, 409],
  })
  async remove(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'user';
    await this.users.remove(p.id, principalOf(ctx));
  }
}
