import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { AuditEntrySchema, AuditService } from '../audit/audit.service';
import { CAMERA_STATUSES } from '../cameras/camera.schemas';
import { CamerasService } from '../cameras/cameras.service';
import { ApiController, Ctx, Endpoint } from '../common/endpoint';
import { principalOf, type RequestContext } from '../common/request';
import { TokensService } from '../tokens/tokens.service';
import { UsersService } from '../users/users.service';

const count = z.number().int();
const Dashboard = z
  .object({
    cameras: z.object({
      total: count,
      enabled: count,
      byStatus: z.object(
        Object.fromEntries(CAMERA_STATUSES.map((s) => [s, count])) as Record<(typeof CAMERA_STATUSES)[number], typeof count>,
      ),
    }),
    users: z.object({ total: count, byRole: z.object({ admin: count, operator: count, viewer: count }) }).nullable(),
    tokens: z.object({ active: count }),
    recentAudit: z.array(AuditEntrySchema).nullable(),
  })
  .meta({ id: 'Dashboard' });

@ApiController('dashboard', 'Dashboard')
export class DashboardController {
  constructor(
    @Inject(CamerasService) private readonly cameras: CamerasService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Endpoint({
    method: 'GET',
    path: '',
    summary: 'Statistics for the dashboard (sections you may not see are null)',
    permission: 'dashboard:read',
    response: Dashboard,
  })
  async summary(@Ctx() ctx: RequestContext) {
    const p = principalOf(ctx);
    const [cameras, users, active, recent] = await Promise.all([
      this.cameras.counts(),
      p.permissions.has('users:read') ? this.users.counts() : null,
      this.tokens.activeCount(p.permissions.has('tokens:admin') ? null : p.userId),
      p.permissions.has('audit:read') ? this.audit.list({ limit: 10, offset: 0 }) : null,
    ]);
    return { cameras, users, tokens: { active }, recentAudit: recent?.items ?? null };
  }
}
