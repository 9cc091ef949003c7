import type { CameraStatus } from '../cameras/camera.schemas';

/**
 * The stream-session state machine of one camera, as data:
 *   offline → starting → online ⇄ degraded → offline, and error from anywhere.
 * `transition` is pure; the streams service applies the result and persists it.
 */
export type StreamEvent =
  | { type: 'publish_started' }
  | { type: 'pipeline_ready' }
  | { type: 'health'; healthy: boolean; reason?: string }
  | { type: 'publish_ended'; reason: string }
  | { type: 'failed'; reason: string }
  | { type: 'reset' };

type EventType = StreamEvent['type'];

/** Allowed transitions: state → event → next state. Anything not listed leaves the state as it is. */
export const TRANSITIONS: Readonly<Record<CameraStatus, Partial<Record<EventType, CameraStatus | 'by-health'>>>> = {
  offline: { publish_started: 'starting', failed: 'error' },
  starting: { pipeline_ready: 'online', publish_ended: 'offline', failed: 'error', publish_started: 'starting' },
  online: { health: 'by-health', publish_ended: 'offline', failed: 'error', publish_started: 'starting' },
  degraded: { health: 'by-health', publish_ended: 'offline', failed: 'error', publish_started: 'starting' },
  error: { publish_started: 'starting', reset: 'offline', publish_ended: 'error' },
};

export interface StateResult {
  status: CameraStatus;
  reason: string | null;
  changed: boolean;
}

export function transition(current: CameraStatus, currentReason: string | null, event: StreamEvent): StateResult {
  const rule = TRANSITIONS[current][event.type];
  if (rule === undefined) return { status: current, reason: currentReason, changed: false };
  let next: CameraStatus;
  let reason: string | null = null;
  if (rule === 'by-health') {
    const e = event as Extract<StreamEvent, { type: 'health' }>;
    next = e.healthy ? 'online' : 'degraded';
    reason = e.healthy ? null : (e.reason ?? 'below health thresholds');
  } else {
    next = rule;
    if (event.type === 'publish_ended' || event.type === 'failed') reason = event.reason;
    if (current === 'error' && event.type === 'publish_ended') reason = currentReason;
  }
  return { status: next, reason, changed: next !== current || reason !== currentReason };
}

export interface HealthThresholds {
  minFps: number | null;
  minBitrateKbps: number | null;
}

/** Degraded when fps or input bitrate fall below the camera's thresholds, or the pipeline cannot keep real time. */
export function judgeHealth(
  sample: { fps: number | null; inputKbps: number | null; speed: number | null },
  t: HealthThresholds,
): { healthy: boolean; reason?: string } {
  const reasons: string[] = [];
  if (t.minFps !== null && sample.fps !== null && sample.fps < t.minFps) reasons.push(`fps ${sample.fps.toFixed(1)} < ${t.minFps}`);
  if (t.minBitrateKbps !== null && sample.inputKbps !== null && sample.inputKbps < t.minBitrateKbps) {
    reasons.push(`bitrate ${Math.round(sample.inputKbps)} kbps < ${t.minBitrateKbps}`);
  }
  if (sample.speed !== null && sample.speed < 0.95) reasons.push(`speed ${sample.speed.toFixed(2)}x < 0.95x`);
  return reasons.length ? { healthy: false, reason: reasons.join('; ') } : { healthy: true };
}
