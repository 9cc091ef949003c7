import type { Server as HttpServer } from 'node:http';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Server, type Socket } from 'socket.io';
import { type Permission, permissionsOf, type Role } from '../auth/permissions';
import { CLOCK, type Clock } from '../common/clock';
import { randomToken } from '../common/crypto';
import type { Principal } from '../common/request';
import { num } from '../db/database';
import { UsersService } from '../users/users.service';
import type {
  CameraHealth,
  CameraRecordingEvent,
  ExportEvent,
  AlertEvent,
  CameraStatusEvent,
  ClientToServerEvents,
  DashboardCounters,
  HandshakeAuth,
  ServerToClientEvents,
} from './events';

export const REALTIME_PATH = '/socket.io';
export const ROOM_CAMERAS = 'cameras';
export const ROOM_DASHBOARD = 'dashboard';

export interface RealtimeOptions {
  /** How long an issued ticket may be used for the handshake. */
  ticketTtlMs: number;
  /** At most one `camera:health` per camera per this interval; newer values coalesce to the latest. */
  healthIntervalMs: number;
  /** Bound on outstanding tickets (all users). */
  maxTickets: number;
  /** Bound on outstanding tickets of one user, so one account cannot crowd out the others. */
  maxTicketsPerUser: number;
  /** How often expired tickets and idle throttle slots are dropped. */
  sweepIntervalMs: number;
}

export const REALTIME_DEFAULTS: Readonly<RealtimeOptions> = {
  ticketTtlMs: 30_000,
  healthIntervalMs: 1_000,
  maxTickets: 10_000,
  maxTicketsPerUser: 20,
  sweepIntervalMs: 30_000,
};

/** Optional provider to override REALTIME_DEFAULTS (tests); without it the defaults apply. */
export const REALTIME_OPTIONS = Symbol('REALTIME_OPTIONS');

/** What the server keeps per connected socket (`socket.data`). */
export interface SocketData {
  userId: string;
  principal: Principal;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoEvents = {};
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, NoEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoEvents, SocketData>;

/**
 * Whether a principal may receive events about a camera. Today everyone with cameras:read
 * sees every camera; per-camera access goes here and nowhere else.
 */
export function canSee(principal: Principal, _cameraId: string): boolean {
  return principal.permissions.has('cameras:read');
}

/**
 * Rights for a connecting socket, re-derived from the user's current role: a user ticket
 * gets the role's permissions now; an API-token ticket keeps what it was issued with, never
 * more than the owner's role allows now.
 */
export function connectPermissions(issued: Principal, currentRole: string): ReadonlySet<Permission> {
  const role = permissionsOf(currentRole);
  if (issued.kind === 'user') return role;
  return new Set([...issued.permissions].filter((p) => role.has(p)));
}

interface IssuedTicket {
  principal: Principal;
  expiresAt: number;
}

interface HealthSlot {
  lastSentAt: number;
  pending: CameraHealth | null;
  timer: NodeJS.Timeout | null;
}

const HTTP_EVENTS = ['request', 'upgrade', 'close', 'listening'] as const;
const MAX_TICKET_LENGTH = 128;

/**
 * Live events over socket.io on the API's own HTTP server. Clients authenticate the
 * handshake with a one-time ticket from POST /api/realtime/ticket (never a token in the
 * URL); sockets join the rooms their permissions allow; the rest of the server calls the
 * emitters below.
 */
@Injectable()
export class RealtimeService implements BeforeApplicationShutdown {
  private readonly log = new Logger('Realtime');
  private readonly opts: RealtimeOptions;
  private io: RealtimeServer | null = null;
  private detach: (() => void) | null = null;
  private readonly tickets = new Map<string, IssuedTicket>();
  private readonly ticketsByUser = new Map<string, string[]>();
  private readonly health = new Map<string, HealthSlot>();
  private sweeper: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(UsersService) private readonly users: Pick<UsersService, 'findById'>,
    @Optional() @Inject(REALTIME_OPTIONS) options?: Partial<RealtimeOptions>,
  ) {
    this.opts = { ...REALTIME_DEFAULTS, ...options };
  }

  /** Serves socket.io at /socket.io on the given HTTP server (call once, after app.init()). */
  attach(httpServer: HttpServer): void {
    if (this.io) throw new Error('RealtimeService is already attached');
    const before = new Map(HTTP_EVENTS.map((e) => [e, httpServer.listeners(e)]));
    const io: RealtimeServer = new Server(httpServer, {
      path: REALTIME_PATH,
      serveClient: false,
      transports: ['websocket', 'polling'],
      // No `cors`: same origin only. Clients send nothing, so inbound messages stay tiny.
      maxHttpBufferSize: 16 * 1024,
      connectTimeout: 10_000,
    });
    // socket.io wraps the server's 'request' listeners and adds its own; remember how to undo
    // that so close() leaves the HTTP server exactly as it found it.
    this.detach = () => {
      for (const e of HTTP_EVENTS) {
        const had = before.get(e) ?? [];
        for (const l of httpServer.listeners(e)) if (!had.includes(l)) httpServer.removeListener(e, l as never);
        const now = httpServer.listeners(e);
        for (const l of had) if (!now.includes(l)) httpServer.on(e, l as never);
      }
    };
    io.use((socket, next) => {
      this.authenticate(socket).then(
        (principal) => {
          if (!principal) return next(new Error('unauthorized'));
          socket.data.userId = principal.userId;
          socket.data.principal = principal;
          next();
        },
        (err: unknown) => {
          this.log.error(`handshake check failed: ${err instanceof Error ? err.message : String(err)}`);
          next(new Error('unavailable'));
        },
      );
    });
    io.on('connection', (socket) => {
      const { permissions } = socket.data.principal;
      if (permissions.has('cameras:read')) void socket.join(ROOM_CAMERAS);
      if (permissions.has('dashboard:read')) void socket.join(ROOM_DASHBOARD);
    });
    this.io = io;
    this.closed = false;
    this.startSweeper();
  }

  /** A one-time handshake ticket for this principal, valid for ticketTtlMs. */
  issueTicket(principal: Principal): { ticket: string; expiresIn: number } {
    const now = this.clock.now();
    const mine = (this.ticketsByUser.get(principal.userId) ?? []).filter((t) => this.tickets.has(t));
    while (mine.length >= this.opts.maxTicketsPerUser) this.tickets.delete(mine.shift()!);
    if (this.tickets.size >= this.opts.maxTickets) this.sweep();
    while (this.tickets.size >= this.opts.maxTickets) {
      // Oldest first: Map iteration follows insertion order.
      const oldest = this.tickets.keys().next().value as string;
      this.tickets.delete(oldest);
    }
    const ticket = randomToken(32);
    this.tickets.set(ticket, { principal, expiresAt: now + this.opts.ticketTtlMs });
    mine.push(ticket);
    this.ticketsByUser.set(principal.userId, mine);
    this.startSweeper();
    return { ticket, expiresIn: Math.floor(this.opts.ticketTtlMs / 1000) };
  }

  /** A camera changed state: to everyone who may see that camera. */
  cameraStatus(e: CameraStatusEvent): void {
    const to = this.viewersOf(e.cameraId);
    if (to) this.io!.to(to).emit('camera:status', e);
  }

  /** A camera's recorder started, stopped or failed. */
  cameraRecording(e: CameraRecordingEvent): void {
    const to = this.viewersOf(e.cameraId);
    if (to) this.io!.to(to).emit('camera:recording', e);
  }

  /** A clip export of a camera was queued, progressed, finished or failed. */
  exportProgress(e: ExportEvent): void {
    const to = this.viewersOf(e.cameraId);
    if (to) this.io!.to(to).emit('export:progress', e);
  }

  /** An alert opened, was acknowledged or resolved: camera alerts to who may see the camera, others to the dashboard room. */
  alertChanged(e: AlertEvent): void {
    if (!this.io) return;
    const to = e.cameraId ? this.viewersOf(e.cameraId) : [ROOM_DASHBOARD];
    if (to) this.io.to(to).emit('alert:changed', e);
  }

  /**
   * Pipeline health of a camera, at most one per camera per healthIntervalMs: the first goes
   * out at once; later ones within the interval coalesce and only the latest is sent when
   * the interval is up.
   */
  cameraHealth(e: CameraHealth): void {
    if (!this.io) return;
    const now = this.clock.now();
    const slot = this.health.get(e.cameraId);
    if (!slot) {
      this.health.set(e.cameraId, { lastSentAt: now, pending: null, timer: null });
      this.sendHealth(e);
      return;
    }
    if (slot.timer) {
      slot.pending = e;
      return;
    }
    const since = now - slot.lastSentAt;
    // A clock that went backwards counts as "interval is up" rather than silencing the camera.
    if (since >= this.opts.healthIntervalMs || since < 0) {
      slot.lastSentAt = now;
      this.sendHealth(e);
      return;
    }
    slot.pending = e;
    slot.timer = setTimeout(() => this.flushHealth(e.cameraId), this.opts.healthIntervalMs - since);
    slot.timer.unref();
  }

  /** Dashboard counters: to everyone with dashboard:read. */
  dashboard(c: DashboardCounters): void {
    this.io?.to(ROOM_DASHBOARD).emit('dashboard:counters', c);
  }

  /** Number of authenticated, connected sockets (for health/diagnostics). */
  connectedCount(): number {
    return this.io?.sockets.sockets.size ?? 0;
  }

  /**
   * Drops every socket of a user (call when the user is disabled, deleted or changes role:
   * rights are checked at the handshake, so a changed user must connect again). Returns how
   * many were dropped; the client sees "io server disconnect" and does not reconnect on its own.
   */
  disconnectUser(userId: string): number {
    let n = 0;
    for (const socket of this.io?.sockets.sockets.values() ?? []) {
      if (socket.data.userId !== userId) continue;
      socket.disconnect(true);
      n++;
    }
    return n;
  }

  /**
   * Disconnects every client, stops socket.io and all timers, and detaches from the HTTP
   * server without closing it. Clients see a transport close and reconnect (with a new
   * ticket) when the server is back. Safe to call more than once.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const slot of this.health.values()) if (slot.timer) clearTimeout(slot.timer);
    this.health.clear();
    this.tickets.clear();
    this.ticketsByUser.clear();
    const io = this.io;
    this.io = null;
    if (!io) return;
    // Not io.close(): that would also close the HTTP server, which belongs to the app.
    // The in-memory adapter holds nothing to release.
    io.engine.close();
    this.detach?.();
    this.detach = null;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private async authenticate(socket: RealtimeSocket): Promise<Principal | null> {
    const auth = socket.handshake.auth as Partial<HandshakeAuth> | undefined;
    const ticket = auth?.ticket;
    if (typeof ticket !== 'string' || ticket.length === 0 || ticket.length > MAX_TICKET_LENGTH) return null;
    const issued = this.tickets.get(ticket);
    if (!issued) return null;
    this.tickets.delete(ticket); // one-time, whatever happens next
    if (issued.expiresAt <= this.clock.now()) return null;
    const user = await this.users.findById(issued.principal.userId);
    if (!user || num(user.disabled)) return null;
    return {
      ...issued.principal,
      email: user.email,
      name: user.name,
      role: user.role as Role,
      permissions: connectPermissions(issued.principal, user.role),
    };
  }

  /** Socket ids in the cameras room that may see this camera; null when there are none. */
  private viewersOf(cameraId: string): string[] | null {
    const io = this.io;
    if (!io) return null;
    const ids: string[] = [];
    for (const id of io.sockets.adapter.rooms.get(ROOM_CAMERAS) ?? []) {
      const socket = io.sockets.sockets.get(id);
      if (socket && canSee(socket.data.principal, cameraId)) ids.push(id);
    }
    return ids.length ? ids : null;
  }

  private sendHealth(e: CameraHealth): void {
    const to = this.viewersOf(e.cameraId);
    if (to) this.io!.to(to).emit('camera:health', e);
  }

  private flushHealth(cameraId: string): void {
    const slot = this.health.get(cameraId);
    if (!slot) return;
    slot.timer = null;
    const e = slot.pending;
    if (!e) return;
    slot.pending = null;
    slot.lastSentAt = this.clock.now();
    this.sendHealth(e);
  }

  private startSweeper(): void {
    if (this.sweeper || this.closed) return;
    this.sweeper = setInterval(() => this.sweep(), this.opts.sweepIntervalMs);
    this.sweeper.unref();
  }

  /** Drops expired tickets and throttle slots of cameras that have gone quiet. */
  private sweep(): void {
    const now = this.clock.now();
    for (const [ticket, t] of this.tickets) if (t.expiresAt <= now) this.tickets.delete(ticket);
    for (const [userId, list] of this.ticketsByUser) {
      const live = list.filter((t) => this.tickets.has(t));
      if (live.length) this.ticketsByUser.set(userId, live);
      else this.ticketsByUser.delete(userId);
    }
    for (const [cameraId, slot] of this.health) {
      if (!slot.timer && now - slot.lastSentAt >= this.opts.healthIntervalMs) this.health.delete(cameraId);
    }
  }
}
