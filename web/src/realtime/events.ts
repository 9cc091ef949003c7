// The socket.io event contract, shared with the server (types only).
export type {
  CameraHealth,
  CameraStatusEvent,
  ClientToServerEvents,
  DashboardCounters,
  HandshakeAuth,
  ServerToClientEvents,
} from '../../../server/src/realtime/events';
