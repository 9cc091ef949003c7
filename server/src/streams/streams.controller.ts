import { Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody, ValidParams, ValidQuery } from '../common/endpoint';
import type { RequestContext } from '../common/request';
import { IdParams, page, qInt } from '../common/schemas';
import { CameraSchema } from '../cameras/camera.schemas';
import { StreamsService } from './streams.service';

const LiveUrl = z.object({ hlsUrl: z.string(), expiresAt: z.string() }).meta({ id: 'LiveUrl' });
const n = z.number().nullable();
const CameraHealthSchema = z
  .object({
    cameraId: z.string(),
    at: z.string(),
    fps: n,
    bitrateKbps: n,
    speed: n,
    droppedFrames: n,
    duplicatedFrames: n,
    inputKbps: n,
    videoCodec: z.string().nullable(),
    audioCodec: z.string().nullable(),
    width: n,
    height: n,
    restarts: z.number().int(),
  })
  .meta({ id: 'CameraHealth' });
const HealthResponse = z
  .object({
    current: CameraHealthSchema.nullable(),
    history: z.array(z.object({ at: z.string(), fps: n, bitrateKbps: n, inputKbps: n, speed: n })),
  })
  .meta({ id: 'CameraHealthHistory' });
const HealthQuery = z.strictObject({ minutes: qInt(1, 24 * 60, 60) });
const Session = z
  .object({
    id: z.string(),
    source: z.string(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    publisherIp: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .meta({ id: 'StreamSession' });
const SessionsQuery = z.strictObject({ limit: qInt(1, 200, 20), offset: qInt(0, 10_000_000, 0) });
const PublishTokenBody = z.strictObject({
  lifetimeSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400),
});
const PublishToken = z.object({ token: z.string(), publishUrl: z.string(), expiresAt: z.string() }).meta({ id: 'PublishToken' });

/** The public origin the browser used (nginx passes Host and X-Forwarded-Proto). */
function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

@ApiController('cameras', 'Live')
export class StreamsController {
  constructor(@Inject(StreamsService) private readonly streams: StreamsService) {}

  @Endpoint({
    method: 'GET',
    path: ':id/live',
    summary: 'A signed, expiring HLS URL for the live view (409 when not live)',
    permission: 'cameras:read',
    params: IdParams,
    response: LiveUrl,
    errors: [404, 409],
  })
  live(@ValidParams() p: z.infer<typeof IdParams>, @Req() req: FastifyRequest) {
    return this.streams.liveUrl(p.id, origin(req));
  }

  @Endpoint({
    method: 'GET',
    path: ':id/health',
    summary: 'Current stream health and a downsampled history',
    permission: 'cameras:read',
    params: IdParams,
    query: HealthQuery,
    response: HealthResponse,
    errors: [404],
  })
  health(@ValidParams() p: z.infer<typeof IdParams>, @ValidQuery() q: z.infer<typeof HealthQuery>) {
    return this.streams.health(p.id, q.minutes);
  }

  @Endpoint({
    method: 'GET',
    path: ':id/sessions',
    summary: 'Stream sessions of a camera, newest first',
    permission: 'cameras:read',
    params: IdParams,
    query: SessionsQuery,
    response: page(Session),
    errors: [404],
  })
  sessions(@ValidParams() p: z.infer<typeof IdParams>, @ValidQuery() q: z.infer<typeof SessionsQuery>) {
    return this.streams.sessions(p.id, q.limit, q.offset);
  }

  @Endpoint({
    method: 'POST',
    path: ':id/publish-token',
    summary: 'A JWT publish URL for a push camera (alternative to the stream key)',
    permission: 'cameras:write',
    params: IdParams,
    body: PublishTokenBody,
    response: PublishToken,
    audit: 'camera.publish_token',
    errors: [404, 409],
  })
  async publishToken(
    @ValidParams() p: z.infer<typeof IdParams>,
    @ValidBody() b: z.infer<typeof PublishTokenBody>,
    @Ctx() ctx: RequestContext,
    @Req() req: FastifyRequest,
  ) {
    ctx.audit.targetType = 'camera';
    ctx.audit.details = { lifetimeSeconds: b.lifetimeSeconds };
    return this.streams.publishToken(p.id, b.lifetimeSeconds, req.hostname);
  }

  @Endpoint({
    method: 'POST',
    path: ':id/recording/start',
    summary: 'Turn recording on (records while the camera is live)',
    permission: 'cameras:write',
    params: IdParams,
    response: CameraSchema,
    audit: 'camera.recording_start',
    errors: [404],
  })
  startRecording(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'camera';
    return this.streams.setRecording(p.id, true);
  }

  @Endpoint({
    method: 'POST',
    path: ':id/recording/stop',
    summary: 'Turn recording off (the open chunk is closed and kept)',
    permission: 'cameras:write',
    params: IdParams,
    response: CameraSchema,
    audit: 'camera.recording_stop',
    errors: [404],
  })
  stopRecording(@ValidParams() p: z.infer<typeof IdParams>, @Ctx() ctx: RequestContext) {
    ctx.audit.targetType = 'camera';
    return this.streams.setRecording(p.id, false);
  }
}
