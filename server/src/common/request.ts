import type { FastifyRequest } from 'fastify';
import type { Permission, Role } from '../auth/permissions';
import type { EndpointSpec } from './endpoint';

export interface Principal {
  kind: 'user' | 'token';
  userId: string;
  email: string;
  name: string;
  role: Role;
  permissions: ReadonlySet<Permission>;
  tokenId?: string;
  tokenName?: string;
}

export interface AuditNote {
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  /** Overrides for requests made by no principal (a login names the account it tried). */
  actorId?: string;
  actorLabel?: string;
}

/** Per-request state Argus keeps on the Fastify request. */
export interface RequestContext {
  spec: EndpointSpec;
  principal: Principal | null;
  ip: string;
  input: { body: unknown; query: unknown; params: unknown };
  audit: AuditNote;
}

export type ArgusRequest = FastifyRequest & { argus: RequestContext };

/** The principal of an authenticated route (the guard guarantees it). */
export function principalOf(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new Error('route reached without a principal');
  return ctx.principal;
}
