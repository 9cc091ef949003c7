/**
 * The socket.io event contract shared by the server and the web app (types only: the web app
 * imports this file, so it must not import anything at run time).
 */
export type CameraStatus = 'offline' | 'starting' | 'online' | 'degraded' | 'error';

export interface CameraStatusEvent {
  cameraId: string;
  status: CameraStatus;
  statusReason: string | null;
  /** ISO time of the change. */
  at: string;
}

export interface CameraHealth {
  cameraId: string;
  at: string;
  /** Frames per second the pipeline processes (ffmpeg -progress). */
  fps: number | null;
  /** Output bitrate of the pipeline in kbit/s. */
  bitrateKbps: number | null;
  /** Processing speed relative to real time (1.0 = keeping up). */
  speed: number | null;
  droppedFrames: number | null;
  duplicatedFrames: number | null;
  /** Ingest bandwidth seen by nginx, kbit/s. */
  inputKbps: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  /** Pipeline restarts during the current session. */
  restarts: number;
}

export interface CameraRecordingEvent {
  cameraId: string;
  state: 'idle' | 'recording' | 'error';
  reason: string | null;
  at: string;
}

export interface ExportEvent {
  exportId: string;
  cameraId: string;
  state: 'queued' | 'running' | 'complete' | 'failed' | 'expired';
  /** 0..1 */
  progress: number;
  error: string | null;
  at: string;
}

export interface AlertEvent {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: string;
  subject: string;
  cameraId: string | null;
  severity: 'info' | 'warning' | 'critical';
  state: 'open' | 'acknowledged' | 'resolved';
  message: string;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  /** Alerts open and not acknowledged (for the bell; every camera is visible to every viewer today). */
  unacknowledged: number;
  at: string;
}

export interface DashboardCounters {
  cameras: { total: number; byStatus: Record<CameraStatus, number> };
  at: string;
}

export interface ServerToClientEvents {
  'camera:status': (e: CameraStatusEvent) => void;
  'camera:health': (e: CameraHealth) => void;
  'camera:recording': (e: CameraRecordingEvent) => void;
  'dashboard:counters': (e: DashboardCounters) => void;
  'export:progress': (e: ExportEvent) => void;
  'alert:changed': (e: AlertEvent) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

/** Handshake payload: `io({ auth: { ticket } })`; the ticket comes from POST /api/realtime/ticket. */
export interface HandshakeAuth {
  ticket: string;
}
