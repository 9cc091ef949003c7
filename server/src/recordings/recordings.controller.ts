import { Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiController, Ctx, Endpoint, ValidBody, ValidParams, ValidQuery } from '../common/endpoint';
import type { RequestContext } from '../common/request';
import { IdParams, IsoDateTime, page, qInt, qIntOpt } from '../common/schemas';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RECORDING_STATES, RecordingsService } from './recordings.service';

const Time = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO 8601 date-time' })
  .transform((s) => Date.parse(s));

const TimelineQuery = z.strictObject({ from: Time, to: Time });
const Span = z.object({ from: z.string(), to: z.string() });
const TimelineSchema = z
  .object({ from: z.string(), to: z.string(), recordedMs: z.number().int(), ranges: z.array(Span), gaps: z.array(Span) })
  .meta({ id: 'Timeline' });

const Recording = z
  .object({
    id: z.string(),
    cameraId: z.string(),
    sessionId: z.string().nullable(),
    startAt: z.string(),
    endAt: z.string().nullable(),
    durationMs: z.number().nullable(),
    bytes: z.number(),
    videoCodec: z.string().nullable(),
    audioCodec: z.string().nullable(),
    width: z.number().nullable(),
    height: z.number().nullable(),
    state: z.enum(RECORDING_STATES),
    tier: z.string(),
  })
  .meta({ id: 'Recording' });

const SearchQuery = z.strictObject({
  cameraId: z
    .string()
    .max(37 * 50)
    .transform((s) => s.split(',').filter(Boolean))
    .optional()
    .describe('One camera id, or several separated by commas'),
  from: Time.optional(),
  to: Time.optional(),
  minDurationMs: qIntOpt(0, 86_400_000),
  maxDurationMs: qIntOpt(0, 86_400_000),
  state: z.enum(RECORDING_STATES).optional(),
  sort: z.enum(['startAt', '-startAt', 'durationMs', '-durationMs', 'bytes', '-bytes']).default('-startAt'),
  limit: qInt(1, 500, 50),
  offset: qInt(0, 10_000_000, 0),
});

const PlaybackBody = z.strictObject({
  from: IsoDateTime,
  to: IsoDateTime,
});
const Playback = z
  .object({ url: z.string(), expiresAt: z.string(), startAt: z.string(), endAt: z.string(), durationSec: z.number(), gaps: z.array(Span) })
  .meta({ id: 'Playback' });

@ApiController('', 'Recordings')
export class RecordingsController {
  constructor(
    @Inject(RecordingsService) private readonly recordings: RecordingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Endpoint({
    method: 'GET',
    path: 'cameras/:id/timeline',
    summary: 'Recorded ranges and gaps of a camera between from and to',
    permission: 'recordings:read',
    params: IdParams,
    query: TimelineQuery,
    response: TimelineSchema,
    errors: [404],
  })
  timeline(@ValidParams() p: z.infer<typeof IdParams>, @ValidQuery() q: z.infer<typeof TimelineQuery>) {
    return this.recordings.timeline(p.id, q.from, q.to);
  }

  @Endpoint({
    method: 'GET',
    path: 'recordings',
    summary: 'Search recorded chunks by camera, time, duration and state',
    permission: 'recordings:read',
    query: SearchQuery,
    response: page(Recording),
  })
  search(@ValidQuery() q: z.infer<typeof SearchQuery>) {
    return this.recordings.search({ ...q, cameraIds: q.cameraId });
  }

  @Endpoint({
    method: 'POST',
    path: 'cameras/:id/playback',
    summary: 'A signed, expiring HLS VOD playlist of a time range (across chunks, gaps marked)',
    permission: 'recordings:read',
    params: IdParams,
    body: PlaybackBody,
    response: Playback,
    status: 200,
    audit: 'recording.playback',
    errors: [404],
  })
  async playback(
    @ValidParams() p: z.infer<typeof IdParams>,
    @ValidBody() b: z.infer<typeof PlaybackBody>,
    @Ctx() ctx: RequestContext,
    @Req() req: FastifyRequest,
  ) {
    ctx.audit.targetType = 'camera';
    ctx.audit.details = { from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString() };
    const r = await this.recordings.playback(p.id, b.from, b.to, this.config.liveUrlTtlSeconds);
    return {
      url: `${req.protocol}://${req.host}${r.path}`,
      expiresAt: r.expiresAt,
      startAt: r.startAt,
      endAt: r.endAt,
      durationSec: r.durationSec,
      gaps: r.gaps,
    };
  }
}
