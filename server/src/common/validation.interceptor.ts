import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { ZodError, ZodType } from 'zod';
import { badRequest, type FieldIssue } from './errors';
import type { ArgusRequest } from './request';

/** Turns a zod error into field issues a person can act on. */
export function zodIssues(error: ZodError, where: string): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: base ? `${base}.${key}` : key, message: 'unknown field' });
    } else {
      out.push({ path: base || where, message: issue.message });
    }
  }
  return out;
}

function check(schema: ZodType | undefined, value: unknown, where: 'body' | 'query' | 'params'): unknown {
  if (!schema) return value;
  const result = schema.safeParse(where === 'body' && value === undefined ? {} : value);
  if (result.success) return result.data;
  const issues = zodIssues(result.error, where);
  const fields = [...new Set(issues.map((i) => i.path))].join(', ');
  throw badRequest(`Invalid ${where === 'params' ? 'path' : where}: ${fields}`, issues);
}

/** Validates body, query and path params against the endpoint's schemas (after the auth guard). */
@Injectable()
export class ValidationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ArgusRequest>();
    const { spec } = req.argus;
    req.argus.input = {
      params: check(spec.params, req.params, 'params'),
      query: check(spec.query, req.query, 'query'),
      body: check(spec.body, req.body, 'body'),
    };
    return next.handle();
  }
}
