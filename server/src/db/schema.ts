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
  apiTokens: ApiTokensTable;
  auditLog: AuditLogTable;
  streamSessions: StreamSessionsTable;
  streamHealth: StreamHealthTable;
}
