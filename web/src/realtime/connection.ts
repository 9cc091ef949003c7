import type { Socket } from 'socket.io-client';
import { backoffDelay } from '../lib/backoff';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from './events';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface RealtimeHandlers {
  /** A one-time handshake ticket (POST /api/realtime/ticket); called for every (re)connect. */
  fetchTicket: () => Promise<string>;
  onState: (state: ConnectionState) => void;
  /** Connected again after a gap in which events may have been missed. */
  onResync: () => void;
  events: { [E in keyof ServerToClientEvents]: ServerToClientEvents[E] };
}

export interface RealtimeConnection {
  close: () => void;
}

type ArgusSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Open the app's socket.io connection (same origin, /socket.io).
 *
 * socket.io retries lost transports itself, with backoff. It does not retry when the server
 * refuses the handshake (a used or expired ticket) or disconnects the socket, so those are
 * retried here, also with backoff; each attempt gets a fresh ticket through the `auth` callback.
 */
export function connectRealtime(handlers: RealtimeHandlers): RealtimeConnection {
  let closed = false;
  let socket: ArgusSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let connectedBefore = false;

  const retryLater = () => {
    if (closed || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed && socket && !socket.connected) socket.connect();
    }, backoffDelay(failures++));
  };

  const open = (io: typeof import('socket.io-client').io) => {
    const s: ArgusSocket = io({
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 30_000,
      randomizationFactor: 0.5,
      auth: (send) => {
        handlers.fetchTicket().then(
          (ticket) => send({ ticket } satisfies HandshakeAuth),
          // Without a ticket the server refuses the handshake, which schedules a retry below.
          () => send({}),
        );
      },
    });
    s.on('connect', () => {
      failures = 0;
      handlers.onState('connected');
      if (connectedBefore && !s.recovered) handlers.onResync();
      connectedBefore = true;
    });
    s.on('connect_error', () => {
      handlers.onState(connectedBefore ? 'reconnecting' : 'connecting');
      // Inactive: the server refused the handshake and socket.io won't try again by itself.
      if (!s.active) retryLater();
    });
    s.on('disconnect', () => {
      if (closed) return;
      handlers.onState('reconnecting');
      if (!s.active) retryLater();
    });
    s.on('camera:status', handlers.events['camera:status']);
    s.on('camera:recording', handlers.events['camera:recording']);
    s.on('camera:health', handlers.events['camera:health']);
    s.on('dashboard:counters', handlers.events['dashboard:counters']);
    s.on('export:progress', handlers.events['export:progress']);
    s.on('alert:changed', handlers.events['alert:changed']);
    return s;
  };

  // socket.io is loaded on sign-in, not with the sign-in page.
  import('socket.io-client').then(
    ({ io }) => {
      if (!closed) socket = open(io);
    },
    () => handlers.onState('reconnecting'),
  );

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.removeAllListeners();
      socket?.disconnect();
      socket = null;
    },
  };
}
