import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';

export interface FieldIssue {
  path: string;
  message: string;
}

/** Error body used everywhere: {statusCode, error, message, issues?}. */
export class ApiError extends HttpException {
  constructor(status: number, message: string, issues?: FieldIssue[], headers?: Record<string, string>) {
    super({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...(issues ? { issues } : {}) }, status);
    this.headers = headers ?? {};
  }
  readonly headers: Record<string, string>;
}

export const badRequest = (message: string, issues?: FieldIssue[]) => new ApiError(400, message, issues);
export const unauthorized = (message = 'Authentication required') => new ApiError(401, message);
export const forbidden = (message = 'You do not have permission to do this') => new ApiError(403, message);
export const notFound = (what: string) => new ApiError(404, `${what} not found`);
export const conflict = (message: string, issues?: FieldIssue[]) => new ApiError(409, message, issues);
export const tooMany = (message: string, retryAfterSeconds: number) =>
  new ApiError(429, message, undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
