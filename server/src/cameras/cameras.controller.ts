import { Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody, ValidParams, ValidQuery } from '../common/endpoint';
import { principalOf, type RequestContext } from '../common/request';
import { IdParams } from '../common/schemas';
import { CameraCreate, CameraListQuery, CameraPage, CameraSchema, CameraUpdate, CameraWithKey } from './camera.schemas';
import { StreamsService } from '../streams/streams.service';
import { CamerasService, maskUrl } from './cameras.service';

/** What the audit log keeps of a camera change: the fields, with the source URL's secret masked. */
function auditFields(body: CameraCreate | CameraUpdate): Record<string, unknown> {
  return { ...body, ...(body.pullUrl ? { pullUrl: maskUrl(body.pullUrl) } : {}) };
}

@ApiController('cameras', 'Cameras')
export class CamerasController {
  constructor(
    @Inject(CamerasService) private readonly cameras: CamerasService,
    @Inject(StreamsService) private readonly streams: StreamsService,
  ) {}

  @Endpoint({
    method: 'GET',
    path: '',
    summary: 'List cameras with filters and pagination',
    permission: 'cameras:read',
    query: CameraListQuery,
    response: CameraPage,
  })
  list(@ValidQuery() q: CameraListQuery) {
    return this.cameras.list(q);
  }

  @Endpoint({
    method: 'POST',
    path: '',
    summary: 'Add a camera; a push camera’s stream key is returned once',
    permission: 'cameras:write',
    body: CameraCreate,
    response: CameraWithKey,
    status: 201,
    audit: 'camera.create',
    errors: [409],
  })
  async create(@ValidBody() body: CameraCreate, @Ctx() ctx: RequestContext, @Req() req: FastifyRequest) {
    ctx.audit.targetType = 'camera';
    ctx.audit.details = auditFields(body);
    const created = await this.cameras.create(body, principalOf(ctx).userId, req.hostname);
    ctx.audit.targetId = created.camera.id;
    await this.streams.onCameraChanged(created.camera.id);
    return created;
  }

  @Endpoint({
    method: 'GET',
    path: ':id',
    summary: 'Get a camera',
    permission: 'cameras:read',
    params: IdParams,
    response: CameraSchema,
    errors: [404],
  })
  get(@ValidParams() p: z.infer<typeof IdParams>) {
    return this.cameras.get(p.id);
  }

  @Endpoint({
    method: 'PATCH',
    path: ':id',
    summary: 'Update a camera',
    permission: 'cameras:write',
    params: IdParams,
    body: CameraUpdate,
    response: CameraSchema,
    audit: 'camera.update',
    errors: [404, 409],
  })
  async update(@ValidParams() p: z.infer<typeof IdParams>, @ValidBody() body: CameraUpdate, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'camera';
    ctx.audit.details = auditFields(body);
    const cam = await this.cameras.update(p.id, body);
    await this.streams.onCameraChanged(p.id);
    return cam;
  }

  @Endpoint({
    method: 'DELETE',
    path: ':id',
    summary: 'Delete a camera',
    permission: 'cameras:write',
    params: IdParams,
    audit: 'camera.delete',
    errors: [404],
  })
  async remove(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'camera';
    const cam = await this.cameras.remove(p.id);
    ctx.audit.details = { name: cam.name };
    await this.streams.onCameraChanged(p.id);
  }

  @Endpoint({
    method: 'POST',
    path: ':id/rotate-key',
    summary: 'Issue a new stream key (the old one stops working); returned once',
    permission: 'cameras:write',
    params: IdParams,
    response: CameraWithKey,
    audit: 'camera.rotate_key',
    errors: [404, 409],
  })
  async rotateKey(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext, @Req() req: FastifyRequest) {
    ctx.audit.targetType = 'camera';
    const rotated = await this.cameras.rotateKey(p.id, req.hostname);
    await this.streams.onKeyRotated(p.id);
    return rotated;
  }
}
