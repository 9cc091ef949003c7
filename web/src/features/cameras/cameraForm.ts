import type { Camera, CreateCameraBody, LiveProfile, SourceType, UpdateCameraBody } from '../../api/types';
import { PROFILE_PRESETS, presetFor } from './liveProfiles';

/** What the camera form edits, as the inputs hold it. */
export interface CameraFormValues {
  name: string;
  description: string;
  location: string;
  sourceType: SourceType;
  pullUrl: string;
  enabled: boolean;
  recordingEnabled: boolean;
  retentionDays: string;
  /** A preset id, or "custom" to keep a profile that matches no preset. */
  profileId: string;
  /** Health thresholds: whole numbers, or empty for no check. */
  minFps: string;
  minBitrateKbps: string;
}

export const CAMERA_FIELDS = [
  'name',
  'description',
  'location',
  'sourceType',
  'pullUrl',
  'enabled',
  'recordingEnabled',
  'retentionDays',
  'liveProfile',
  'minFps',
  'minBitrateKbps',
] as const;

/** Bounds the server accepts for the health thresholds. */
export const THRESHOLD_LIMITS = {
  minFps: { min: 1, max: 240 },
  minBitrateKbps: { min: 1, max: 200_000 },
} as const;

export const PULL_SCHEMES = ['rtsp://', 'rtsps://', 'rtmp://'] as const;

export function emptyCameraValues(): CameraFormValues {
  return {
    name: '',
    description: '',
    location: '',
    sourceType: 'push',
    pullUrl: '',
    enabled: true,
    recordingEnabled: true,
    retentionDays: '30',
    profileId: 'copy',
    minFps: '',
    minBitrateKbps: '',
  };
}

export function cameraToValues(camera: Camera): CameraFormValues {
  return {
    name: camera.name,
    description: camera.description ?? '',
    location: camera.location ?? '',
    sourceType: camera.sourceType,
    pullUrl: camera.pullUrl ?? '',
    enabled: camera.enabled,
    recordingEnabled: camera.recordingEnabled,
    retentionDays: String(camera.retentionDays),
    profileId: presetFor(camera.liveProfile)?.id ?? 'custom',
    minFps: camera.minFps === null ? '' : String(camera.minFps),
    minBitrateKbps: camera.minBitrateKbps === null ? '' : String(camera.minBitrateKbps),
  };
}

/** Problems the server would reject, caught before sending. Keys are field names. */
export function validateCamera(values: CameraFormValues, { pullUrlChanged = true } = {}): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.name.trim() === '') errors.name = 'Enter a name for the camera.';
  else if (values.name.trim().length > 100) errors.name = 'Keep the name under 100 characters.';
  if (values.sourceType === 'pull' && pullUrlChanged) {
    const url = values.pullUrl.trim();
    if (url === '') errors.pullUrl = 'Enter the URL Argus should pull the stream from.';
    else if (!PULL_SCHEMES.some((scheme) => url.toLowerCase().startsWith(scheme)))
      errors.pullUrl = 'Use an rtsp://, rtsps:// or rtmp:// URL.';
  }
  const days = Number(values.retentionDays);
  if (!Number.isInteger(days) || days < 1 || days > 3650) errors.retentionDays = 'Enter a whole number of days from 1 to 3650.';
  for (const key of ['minFps', 'minBitrateKbps'] as const) {
    const { min, max } = THRESHOLD_LIMITS[key];
    const value = optionalInt(values[key]);
    if (value === undefined || (value !== null && (value < min || value > max)))
      errors[key] = `Enter a whole number from ${min} to ${max.toLocaleString('en-US')}, or leave it empty.`;
  }
  return errors;
}

/** An optional whole-number input: null when empty, undefined when not a whole number. */
export function optionalInt(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

function profileFor(values: CameraFormValues, fallback: LiveProfile | null): LiveProfile | undefined {
  const preset = PROFILE_PRESETS.find((p) => p.id === values.profileId);
  if (preset) return preset.profile;
  return fallback ?? undefined;
}

export function toCreateBody(values: CameraFormValues): CreateCameraBody {
  const body: CreateCameraBody = {
    name: values.name.trim(),
    description: values.description.trim(),
    location: values.location.trim(),
    sourceType: values.sourceType,
    enabled: values.enabled,
    recordingEnabled: values.recordingEnabled,
    retentionDays: Number(values.retentionDays),
  };
  const liveProfile = profileFor(values, null);
  if (liveProfile) body.liveProfile = liveProfile;
  if (values.sourceType === 'pull') body.pullUrl = values.pullUrl.trim();
  const minFps = optionalInt(values.minFps);
  const minBitrateKbps = optionalInt(values.minBitrateKbps);
  if (typeof minFps === 'number') body.minFps = minFps;
  if (typeof minBitrateKbps === 'number') body.minBitrateKbps = minBitrateKbps;
  return body;
}

/**
 * Only the fields the user changed. In particular the pull URL comes back with its
 * password masked, so it is sent only when edited — never echoed back.
 */
export function toUpdateBody(camera: Camera, values: CameraFormValues): UpdateCameraBody {
  const initial = cameraToValues(camera);
  const body: UpdateCameraBody = {};
  if (values.name.trim() !== initial.name) body.name = values.name.trim();
  if (values.description.trim() !== initial.description) body.description = values.description.trim();
  if (values.location.trim() !== initial.location) body.location = values.location.trim();
  if (camera.sourceType === 'pull' && values.pullUrl.trim() !== initial.pullUrl) body.pullUrl = values.pullUrl.trim();
  if (values.enabled !== initial.enabled) body.enabled = values.enabled;
  if (values.recordingEnabled !== initial.recordingEnabled) body.recordingEnabled = values.recordingEnabled;
  if (Number(values.retentionDays) !== camera.retentionDays) body.retentionDays = Number(values.retentionDays);
  if (values.profileId !== initial.profileId) {
    const liveProfile = profileFor(values, camera.liveProfile);
    if (liveProfile) body.liveProfile = liveProfile;
  }
  // Cleared thresholds are sent as null (no check).
  const minFps = optionalInt(values.minFps);
  const minBitrateKbps = optionalInt(values.minBitrateKbps);
  if (minFps !== undefined && minFps !== camera.minFps) body.minFps = minFps;
  if (minBitrateKbps !== undefined && minBitrateKbps !== camera.minBitrateKbps) body.minBitrateKbps = minBitrateKbps;
  return body;
}
