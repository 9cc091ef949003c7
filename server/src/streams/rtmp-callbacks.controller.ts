import { Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiController, Endpoint, ValidBody } from '../common/endpoint';
import { StreamsService } from './streams.service';

/**
 * nginx appends the publisher's own URL query to its form fields, so a field can repeat; nginx's
 * value comes first and is the only one taken (a publisher cannot spoof `addr` or `name`).
 */
const first = (max: number) => z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().max(max).optional());

/** What nginx-rtmp posts (form fields; unknown fields are nginx's own and ignored). */
const Callback = z
  .object({
    call: first(32),
    app: first(64),
    name: first(512),
    addr: first(64),
    clientid: first(32),
    token: first(4096),
  })
  .meta({ id: 'RtmpCallback' });
type Callback = z.infer<typeof Callback>;
const Secret = z.object({ secret: z.string().max(128) });

/**
 * nginx-rtmp callbacks (loopback + shared secret only). A 2xx answer allows, anything else
 * refuses; a 3xx with Location renames the stream to the camera id, so the stream key never
 * appears in internal URLs, process lists or paths.
 */
@ApiController('internal/rtmp', 'Internal')
export class RtmpCallbacksController {
  constructor(@Inject(StreamsService) private readonly streams: StreamsService) {}

  @Endpoint({
    method: 'POST',
    path: 'publish',
    summary: 'nginx on_publish: decide a publish',
    permission: 'internal',
    query: Secret,
    body: Callback,
    audit: 'none',
  })
  async publish(@ValidBody() body: Callback, @Res() reply: FastifyReply) {
    const d = await this.streams.onPublish(body);
    if (!d.allow) return reply.status(403).send(d.reason);
    if (d.renameTo) return reply.status(302).header('Location', d.renameTo).send();
    return reply.status(200).send('ok');
  }

  @Endpoint({
    method: 'POST',
    path: 'publish-done',
    summary: 'nginx on_publish_done: a publisher left',
    permission: 'internal',
    query: Secret,
    body: Callback,
    audit: 'none',
  })
  async publishDone(@ValidBody() body: Callback, @Res() reply: FastifyReply) {
    await this.streams.onPublishDone(body);
    return reply.status(200).send('ok');
  }

  @Endpoint({
    method: 'POST',
    path: 'play',
    summary: 'nginx on_play: only Argus itself may play RTMP',
    permission: 'internal',
    query: Secret,
    body: Callback,
    audit: 'none',
  })
  play(@ValidBody() body: Callback, @Res() reply: FastifyReply) {
    return this.streams.onPlay(body) ? reply.status(200).send('ok') : reply.status(403).send('RTMP play is not allowed');
  }

  @Endpoint({
    method: 'POST',
    path: 'update',
    summary: 'nginx on_update: keep or drop a publisher',
    permission: 'internal',
    query: Secret,
    body: Callback,
    audit: 'none',
  })
  async update(@ValidBody() body: Callback, @Res() reply: FastifyReply) {
    return (await this.streams.onUpdate(body)) ? reply.status(200).send('ok') : reply.status(403).send('camera disabled');
  }
}
