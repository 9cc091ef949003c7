// Alert states, severities and rule kinds: their labels, tones and units. Pure, no imports, so the
// unit tests and every alerts module can share it.

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATE_LABELS: Record<AlertState, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};

/** Badge tones (components/Badge) of a severity and a state. */
export const SEVERITY_TONES: Record<Severity, 'info' | 'warning' | 'danger'> = {
  info: 'info',
  warning: 'warning',
  critical: 'danger',
};

export const STATE_TONES: Record<AlertState, 'danger' | 'warning' | 'neutral'> = {
  open: 'danger',
  acknowledged: 'warning',
  resolved: 'neutral',
};

export function isAlertState(value: string): value is AlertState {
  return (ALERT_STATES as readonly string[]).includes(value);
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** How far along its lifecycle an alert is; an alert never goes back (open → acknowledged → resolved). */
export function stateRank(state: AlertState): number {
  return ALERT_STATES.indexOf(state);
}

export const RULE_KINDS = [
  'camera_offline',
  'fps_below',
  'bitrate_below',
  'dropped_frames_above',
  'restarts_above',
  'recording_stalled',
  'disk_free_below',
  'tier_unreachable',
  's3_upload_failing',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export function isRuleKind(value: string): value is RuleKind {
  return (RULE_KINDS as readonly string[]).includes(value);
}

export interface KindSpec {
  label: string;
  /** What the rule watches, for the form. */
  description: string;
  /** 'flag' kinds fire on a condition; 'below'/'above' compare a metric with the threshold. */
  test: 'flag' | 'below' | 'above';
  /** Cameras (any scope) or the server and its storage tiers (global scope only). */
  subjects: 'camera' | 'system';
  /** The metric, for sentences: "fps below 10". */
  metric?: string;
  /** The unit after a number: "fps", "kbit/s", "%". */
  unit?: string;
  /** Bounds of a sensible threshold. */
  min?: number;
  max?: number;
  /** A starting threshold for a new rule. */
  defaultThreshold?: number;
}

export const KIND_SPECS: Record<RuleKind, KindSpec> = {
  camera_offline: {
    label: 'Camera offline',
    description: 'The camera is offline or its pipeline failed.',
    test: 'flag',
    subjects: 'camera',
  },
  fps_below: {
    label: 'Frame rate below',
    description: 'Frames per second the pipeline processes, while the camera is live.',
    test: 'below',
    subjects: 'camera',
    metric: 'frame rate',
    unit: 'fps',
    min: 0,
    max: 240,
    defaultThreshold: 10,
  },
  bitrate_below: {
    label: 'Bitrate below',
    description: 'Output bitrate of the live pipeline.',
    test: 'below',
    subjects: 'camera',
    metric: 'bitrate',
    unit: 'kbit/s',
    min: 0,
    max: 1_000_000,
    defaultThreshold: 300,
  },
  dropped_frames_above: {
    label: 'Dropped frames above',
    description: 'Share of frames dropped over the last minute.',
    test: 'above',
    subjects: 'camera',
    metric: 'dropped frames',
    unit: '%',
    min: 0,
    max: 100,
    defaultThreshold: 5,
  },
  restarts_above: {
    label: 'Pipeline restarts above',
    description: 'Restarts of the camera’s pipeline in the last hour.',
    test: 'above',
    subjects: 'camera',
    metric: 'restarts',
    unit: 'per hour',
    min: 0,
    max: 10_000,
    defaultThreshold: 3,
  },
  recording_stalled: {
    label: 'Recording stalled',
    description: 'Recording is on but the recorder is in error.',
    test: 'flag',
    subjects: 'camera',
  },
  disk_free_below: {
    label: 'Disk space below',
    description: 'Free space of the recordings disk.',
    test: 'below',
    subjects: 'system',
    metric: 'free disk space',
    unit: '%',
    min: 0,
    max: 100,
    defaultThreshold: 10,
  },
  tier_unreachable: {
    label: 'Storage tier unreachable',
    description: 'A warm or cold storage tier cannot be reached.',
    test: 'flag',
    subjects: 'system',
  },
  s3_upload_failing: {
    label: 'S3 uploads failing',
    description: 'Moving footage to an S3 tier keeps failing.',
    test: 'flag',
    subjects: 'system',
  },
};

/** The label of a kind, also for kinds this app doesn't know (e.g. 'channel_failing'). */
export function kindLabel(kind: string): string {
  if (isRuleKind(kind)) return KIND_SPECS[kind].label;
  if (kind === 'channel_failing') return 'Notification channel failing';
  return kind.replace(/_/g, ' ');
}

/** "12 fps", "5 %", "3 per hour". */
export function formatThreshold(kind: RuleKind, value: number): string {
  const unit = KIND_SPECS[kind].unit;
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** "30 s", "2 min", "1 h 30 min", "0 s". */
export function formatSeconds(total: number): string {
  if (!Number.isFinite(total) || total <= 0) return '0 s';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.floor(total % 60);
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean);
  return parts.join(' ');
}
