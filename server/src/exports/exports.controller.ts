import { Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody, ValidParams, ValidQuery } from '../common/endpoint';
import { principalOf, type RequestContext } from '../common/request';
import { IdParams, IsoDateTime, page, qInt } from '../common/schemas';
import { EXPORT_STATES, ExportsService } from './exports.service';

const ExportBody = z.strictObject({ from: IsoDateTime, to: IsoDateTime });

const ExportSchema = z
  .object({
    id: z.string(),
    cameraId: z.string(),
    requestedBy: z.string().nullable(),
    requestedByLabel: z.string(),
    from: z.string().describe('Requested start'),
    to: z.string().describe('Requested end'),
    startAt: z.string().nullable().describe('Where the file starts: the keyframe at or before `from`'),
    endAt: z.string().nullable(),
    state: z.enum(EXPORT_STATES),
    progress: z.number().describe('0..1'),
    fileName: z.string(),
    bytes: z.number().nullable(),
    durationSec: z.number().nullable().describe('What the file holds (gaps in the recording are skipped)'),
    gaps: z.number().int().describe('Gaps in the recording the file skips'),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    expiresAt: z.string().nullable().describe('The file is deleted after this'),
  })
  .meta({ id: 'Export' });

const ListQuery = z.strictObject({
  cameraId: z.string().max(64).optional(),
  state: z.enum(EXPORT_STATES).optional(),
  limit: qInt(1, 200, 50),
  offset: qInt(0, 10_000_000, 0),
});

const Download = z.object({ url: z.string(), expiresAt: z.string() }).meta({ id: 'ExportDownload' });

@ApiController('', 'Exports')
export class ExportsController {
  constructor(@Inject(ExportsService) private readonly exports: ExportsService) {}

  @Endpoint({
    method: 'POST',
    path: 'cameras/:id/exports',
    summary: 'Export a time range of a camera as one MP4 (made in the background; progress over WebSocket `export:progress`)',
    permission: 'recordings:read',
    params: IdParams,
    body: ExportBody,
    response: ExportSchema,
    status: 202,
    audit: 'recording.export',
    errors: [404, 409],
  })
  async create(@ValidParams() p: z.infer<typeof IdParams>, @ValidBody() b: z.infer<typeof ExportBody>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'camera';
    ctx.audit.details = { from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString() };
    const e = await this.exports.create(p.id, b.from, b.to, principalOf(ctx));
    ctx.audit.details.exportId = e.id;
    return e;
  }

  @Endpoint({
    method: 'GET',
    path: 'exports',
    summary: 'Clip exports, newest first',
    permission: 'recordings:read',
    query: ListQuery,
    response: page(ExportSchema),
  })
  list(@ValidQuery() q: z.infer<typeof ListQuery>) {
    return this.exports.list(q);
  }

  @Endpoint({
    method: 'GET',
    path: 'exports/:id',
    summary: 'One clip export (state, progress)',
    permission: 'recordings:read',
    params: IdParams,
    response: ExportSchema,
    errors: [404],
  })
  get(@ValidParams() p: z.infer<typeof IdParams>) {
    return this.exports.get(p.id);
  }

  @Endpoint({
    method: 'POST',
    path: 'exports/:id/download',
    summary: 'A pre-signed, expiring download URL of a finished export',
    permission: 'recordings:read',
    params: IdParams,
    response: Download,
    status: 200,
    audit: 'recording.download',
    errors: [404, 409],
  })
  async download(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext, @Req() req: FastifyRequest) {
    const d = await this.exports.downloadPath(p.id);
    ctx.audit.targetType = 'export';
    ctx.audit.details = { cameraId: d.row.cameraId, from: d.row.startAt, to: d.row.endAt, fileName: d.row.fileName };
    return { url: `${req.protocol}://${req.host}${d.path}`, expiresAt: d.expiresAt };
  }

  @Endpoint({
    method: 'DELETE',
    path: 'exports/:id',
    summary: 'Cancel an export, or delete a finished one and its file (the requester or an operator)',
    permission: 'recordings:read',
    params: IdParams,
    audit: 'recording.export_delete',
    errors: [404],
  })
  async remove(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    const e = await this.exports.remove(p.id, principalOf(ctx));
    ctx.audit.targetType = 'export';
    ctx.audit.details = { cameraId: e.cameraId, from: e.from, to: e.to, state: e.state };
  }
}
