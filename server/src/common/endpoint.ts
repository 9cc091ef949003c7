import { Controller, HttpCode, RequestMethod, SetMetadata, applyDecorators, RequestMapping } from '@nestjs/common';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ZodType } from 'zod';
import type { Requirement } from '../auth/permissions';
import type { ArgusRequest } from './request';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * The one declaration of a route: HTTP mapping, the permission it needs, its input and
 * output schemas (validation + OpenAPI), and its audit action. Routes that skip it are
 * denied by the auth guard and fail the route-permission test.
 */
export interface EndpointSpec {
  method: HttpMethod;
  path: string;
  summary: string;
  permission: Requirement;
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  response?: ZodType;
  /** HTTP status on success; default 200 (204 when there is no response schema and method is DELETE). */
  status?: number;
  /**
   * Audit action name; every state-changing route must have one. `'none'` is reserved for
   * internal nginx callbacks, whose trail is the stream sessions table.
   */
  audit?: string;
  /** Extra documented error statuses besides the common ones. */
  errors?: number[];
}

export const ENDPOINT = 'argus:endpoint';
export const CONTROLLER_TAG = 'argus:tag';

const METHODS: Record<HttpMethod, RequestMethod> = {
  GET: RequestMethod.GET,
  POST: RequestMethod.POST,
  PATCH: RequestMethod.PATCH,
  PUT: RequestMethod.PUT,
  DELETE: RequestMethod.DELETE,
};

export function successStatus(spec: EndpointSpec): number {
  if (spec.status) return spec.status;
  return spec.response ? 200 : 204;
}

export function Endpoint(spec: EndpointSpec): MethodDecorator {
  if (spec.audit === 'none' && spec.permission !== 'internal')
    throw new Error(`Endpoint ${spec.path}: only internal routes may skip the audit`);
  if (spec.method !== 'GET' && !spec.audit) {
    throw new Error(`Endpoint ${spec.method} ${spec.path} changes state but declares no audit action`);
  }
  return applyDecorators(
    SetMetadata(ENDPOINT, spec),
    RequestMapping({ path: spec.path, method: METHODS[spec.method] }),
    HttpCode(successStatus(spec)),
  );
}

/** A controller under /api/<prefix>, tagged for the OpenAPI document. */
export function ApiController(prefix: string, tag: string): ClassDecorator {
  return applyDecorators(Controller(prefix), SetMetadata(CONTROLLER_TAG, tag));
}

const fromRequest = <K extends 'body' | 'query' | 'params'>(key: K) =>
  createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<ArgusRequest>().argus.input[key]);

/** Validated, typed request parts (set by the validation interceptor from the endpoint's schemas). */
export const ValidBody = fromRequest('body');
export const ValidQuery = fromRequest('query');
export const ValidParams = fromRequest('params');

export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<ArgusRequest>().argus);
