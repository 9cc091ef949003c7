// The socket.io event contract, shared with the server (types only).
export type {
  AlertEvent,
  CameraHealth,
  CameraStatusEvent,
  ClientToServerEvents,
  DashboardCounters,
  HandshakeAuth,
  ServerToClientEvents,
} from '../../../server/src/realtime/events';
