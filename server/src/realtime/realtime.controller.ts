import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { ApiController, Ctx, Endpoint } from '../common/endpoint';
import { principalOf, type RequestContext } from '../common/request';
import { RealtimeService } from './realtime.service';

const RealtimeTicket = z.object({ ticket: z.string(), expiresIn: z.number().int() }).meta({ id: 'RealtimeTicket' });

@ApiController('realtime', 'Realtime')
export class RealtimeController {
  constructor(@Inject(RealtimeService) private readonly realtime: RealtimeService) {}

  @Endpoint({
    method: 'POST',
    path: 'ticket',
    summary: 'Issue a one-time ticket for the socket.io handshake (`auth: { ticket }`), valid for `expiresIn` seconds',
    permission: 'authenticated',
    response: RealtimeTicket,
    status: 200,
    audit: 'realtime.ticket',
  })
  ticket(@Ctx() ctx: RequestContext) {
    return this.realtime.issueTicket(principalOf(ctx));
  }
}
