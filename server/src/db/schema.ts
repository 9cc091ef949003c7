import type { ColumnType, Generated } from 'kysely';

/**
 * Table types (camelCase; the CamelCasePlugin maps them to snake_case columns).
 * Booleans are stored as integers 0/1 and times as epoch milliseconds (bigint), the
 * one representation SQLite, MySQL/MariaDB and PostgreSQL all index and compare alike.
 */
type Bool = number;
type Millis = number;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: string;
  disabled: Bool;
  lastLoginAt: Millis | null;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface RefreshTokensTable {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Millis;
  createdAt: Millis;
  usedAt: Millis | null;
  revokedAt: Millis | null;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  userId: string | null;
  ip: string;
  success: Bool;
  reason: string | null;
  createdAt: Millis;
}

export interface CamerasTable {
  id: string;
  name: string;
  description: string;
  location: string;
  sourceType: string;
  pullUrl: string | null;
  enabled: Bool;
  recordingEnabled: Bool;
  retentionDays: number;
  liveProfile: string;
  status: string;
  statusReason: string | null;
  streamKeyHash: string | null;
  streamKeyPrefix: string | null;
  createdBy: string | null;
  createdAt: Millis;
  updatedAt: Millis;
  minFps: number | null;
  minBitrateKbps: number | null;
  publishAllowlist: string;
  statusSince: Millis | null;
  recordingState: string;
  recordingReason: string | null;
}

export interface StreamSessionsTable {
  id: string;
  cameraId: string;
  source: string;
  startedAt: Millis;
  endedAt: Millis | null;
  publisherIp: string | null;
  clientId: string | null;
  endReason: string | null;
}

export interface StreamHealthTable {
  id: Generated<number>;
  cameraId: string;
  at: Millis;
  fps: number | null;
  bitrateKbps: number | null;
  inputKbps: number | null;
  speed: number | null;
  droppedFrames: number | null;
  duplicatedFrames: number | null;
}

export interface RecordingsTable {
  id: string;
  cameraId: string;
  sessionId: string | null;
  path: string;
  tier: string;
  startAt: Millis;
  endAt: Millis | null;
  durationMs: number | null;
  bytes: number;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  state: string;
  createdAt: Millis;
  updatedAt: Millis;
}

/** Derived index: the covered spans of a camera's closed, playable chunks (see recordings/recording-spans.ts). */
export interface RecordingSpansTable {
  id: string;
  cameraId: string;
  startAt: Millis;
  endAt: Millis;
}

export interface StorageTiersTable {
  id: string;
  name: string;
  /** local | s3 */
  kind: string;
  /** 0 = hot (where recording writes), higher = colder. */
  rank: number;
  /** JSON, no secrets: local {path}; s3 {endpoint, region, bucket, prefix, accessKeyId, forcePathStyle}. */
  config: string;
  /** Encrypted (AES-256-GCM, key in DATA_DIR/secrets/storage-key); never returned by the API. */
  secret: string | null;
  quotaBytes: number | null;
  floorPercent: number | null;
  floorBytes: number | null;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface StoragePoliciesTable {
  id: string;
  /** null = the default policy. */
  cameraId: string | null;
  warmAfterDays: number | null;
  warmTierId: string | null;
  coldAfterDays: number | null;
  coldTierId: string | null;
  deleteAfterDays: number | null;
  quotaBytes: number | null;
  updatedAt: Millis;
}

export interface LegalHoldsTable {
  id: string;
  /** null = every camera. */
  cameraId: string | null;
  fromAt: Millis | null;
  toAt: Millis | null;
  reason: string;
  createdBy: string;
  createdAt: Millis;
  releasedAt: Millis | null;
  releasedBy: string | null;
}

/** The mover's journal: one row per chunk being moved (copying → switched → row deleted when the source is gone). */
export interface StorageMovesTable {
  id: string;
  recordingId: string;
  fromTier: string;
  toTier: string;
  /** Key of the chunk (same relative path on both tiers). */
  path: string;
  state: string;
  reason: string;
  bytes: number | null;
  md5: string | null;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface AlertRulesTable {
  id: string;
  name: string;
  kind: string;
  threshold: number | null;
  clearThreshold: number | null;
  forSeconds: number;
  clearForSeconds: number;
  severity: string;
  /** JSON: {type:'camera',cameraId} | {type:'group',cameraIds} | {type:'global'} */
  scope: string;
  /** JSON {start, end, timeZone} or null. */
  quietHours: string | null;
  /** JSON array of notification channel ids (empty = every channel whose severity matches). */
  channelIds: string;
  enabled: number;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface AlertsTable {
  id: string;
  ruleId: string;
  alertKey: string;
  subject: string;
  cameraId: string | null;
  kind: string;
  severity: string;
  /** open | acknowledged | resolved */
  state: string;
  message: string;
  value: string | null;
  openedAt: Millis;
  acknowledgedAt: Millis | null;
  acknowledgedBy: string | null;
  ackComment: string | null;
  resolvedAt: Millis | null;
  /** null = resolved automatically */
  resolvedBy: string | null;
  resolveReason: string | null;
  updatedAt: Millis;
}

export interface AlertEventsTable {
  id: Generated<number>;
  alertId: string;
  at: Millis;
  type: string;
  actor: string | null;
  detail: string | null;
}

export interface AlertSnoozesTable {
  id: string;
  ruleId: string | null;
  subject: string | null;
  until: Millis;
  reason: string | null;
  createdBy: string;
  createdAt: Millis;
}

export interface NotificationChannelsTable {
  id: string;
  name: string;
  /** email | sms | webhook */
  kind: string;
  config: string;
  secret: string | null;
  minSeverity: string;
  enabled: number;
  failing: number;
  lastError: string | null;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface NotificationOutboxTable {
  id: string;
  channelId: string;
  alertId: string | null;
  event: string;
  payload: string;
  /** pending | sent | failed */
  state: string;
  attempts: number;
  nextAttemptAt: Millis;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Millis;
  sentAt: Millis | null;
}

export interface ExportsTable {
  id: string;
  cameraId: string;
  /** The user who asked (for a token, the token's owner). */
  requestedBy: string | null;
  requestedByLabel: string;
  tokenId: string | null;
  /** Requested range. */
  fromAt: Millis;
  toAt: Millis;
  /** Range the file holds (starts at the keyframe at or before fromAt). */
  startAt: Millis | null;
  endAt: Millis | null;
  /** queued | running | complete | failed | expired */
  state: string;
  /** Per mille. */
  progress: number;
  /** Download file name (also the name under DATA_DIR/exports is `<id>.mp4`). */
  fileName: string;
  bytes: number | null;
  durationMs: number | null;
  /** Gaps in the range that the file skips. */
  gaps: number;
  error: string | null;
  createdAt: Millis;
  startedAt: Millis | null;
  completedAt: Millis | null;
  /** The file is deleted after this. */
  expiresAt: Millis | null;
  updatedAt: Millis;
}

export interface ApiTokensTable {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  tokenHash: string;
  scopes: string;
  ipAllowlist: string;
  expiresAt: Millis | null;
  lastUsedAt: Millis | null;
  lastUsedIp: string | null;
  createdAt: Millis;
  revokedAt: Millis | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Millis;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  outcome: string;
  statusCode: number | null;
  details: ColumnType<string | null, string | null, never>;
}

export interface Database {
  users: UsersTable;
  refreshTokens: RefreshTokensTable;
  loginAttempts: LoginAttemptsTable;
  cameras: CamerasTable;
  recordings: RecordingsTable;
  exports: ExportsTable;
  recordingSpans: RecordingSpansTable;
  storageTiers: StorageTiersTable;
  storagePolicies: StoragePoliciesTable;
  legalHolds: LegalHoldsTable;
  storageMoves: StorageMovesTable;
  alertRules: AlertRulesTable;
  alerts: AlertsTable;
  alertEvents: AlertEventsTable;
  alertSnoozes: AlertSnoozesTable;
  notificationChannels: NotificationChannelsTable;
  notificationOutbox: NotificationOutboxTable;
  apiTokens: ApiTokensTable;
  auditLog: AuditLogTable;
  streamSessions: StreamSessionsTable;
  streamHealth: StreamHealthTable;
}
