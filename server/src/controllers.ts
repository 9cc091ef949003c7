import { AlertsController } from './alerts/alerts.controller';
import { AuditController } from './audit/audit.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { AuthController } from './auth/auth.controller';
import { CamerasController } from './cameras/cameras.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { ExportsController } from './exports/exports.controller';
import { HealthController } from './health/health.controller';
import { DocsController } from './openapi/docs.controller';
import { TokensController } from './tokens/tokens.controller';
import { UsersController } from './users/users.controller';
import { RealtimeController } from './realtime/realtime.controller';
import { RecordingsController } from './recordings/recordings.controller';
import { RtmpCallbacksController } from './streams/rtmp-callbacks.controller';
import { StreamsController } from './streams/streams.controller';
import { StorageController } from './storage/storage.controller';

/** Every HTTP controller of the API, in one list shared by the app module and the OpenAPI emitter. */
export const CONTROLLERS = [
  AuthController,
  UsersController,
  TokensController,
  CamerasController,
  StreamsController,
  RtmpCallbacksController,
  RealtimeController,
  RecordingsController,
  ExportsController,
  StorageController,
  AlertsController,
  NotificationsController,
  AuditController,
  DashboardController,
  HealthController,
  DocsController,
];
