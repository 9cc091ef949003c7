import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError } from './errors';

/** One error shape for every failure; anything unexpected is a logged 500 (a bug). */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body =
        typeof raw === 'object' && raw !== null
          ? { ...raw, statusCode: status, error: STATUS_CODES[status] ?? 'Error' }
          : { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: String(raw) };
      if (exception instanceof ApiError) for (const [k, v] of Object.entries(exception.headers)) reply.header(k, v);
      void reply.status(status).send(body);
      return;
    }
    const e = exception as { statusCode?: number; message?: string; code?: string };
    // Errors Fastify raises itself (bad JSON, body too large, wrong content type) carry a 4xx statusCode.
    if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      void reply
        .status(e.statusCode)
        .send({ statusCode: e.statusCode, error: STATUS_CODES[e.statusCode] ?? 'Bad Request', message: e.message });
      return;
    }
    this.log.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    void reply.status(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  }
}
