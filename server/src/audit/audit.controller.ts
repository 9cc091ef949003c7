import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { ApiController, Endpoint, ValidQuery } from '../common/endpoint';
import { page, pageQuery, qTime, text } from '../common/schemas';
import { AuditEntrySchema, AuditOutcome, AuditService } from './audit.service';

const AuditQuery = z.strictObject({
  ...pageQuery,
  actor: text(254).optional(),
  action: text(64).optional(),
  target: text(64).optional(),
  outcome: AuditOutcome.optional(),
  from: qTime,
  to: qTime,
});

@ApiController('audit', 'Audit log')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Endpoint({
    method: 'GET',
    path: '',
    summary: 'Search the audit log (newest first)',
    permission: 'audit:read',
    query: AuditQuery,
    response: page(AuditEntrySchema),
  })
  async list(@ValidQuery() q: z.infer<typeof AuditQuery>) {
    const { items, total } = await this.audit.list(q);
    return { items, total, limit: q.limit, offset: q.offset };
  }
}
