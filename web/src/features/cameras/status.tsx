import type { CameraStatus } from '../../api/types';
import { Badge, type Tone } from '../../components/Badge';

export const CAMERA_STATUSES: readonly {
  id: CameraStatus;
  label: string;
  tone: Tone;
  description: string;
}[] = [
  {
    id: 'online',
    label: 'Online',
    tone: 'success',
    description: 'Receiving video',
  },
  {
    id: 'starting',
    label: 'Starting',
    tone: 'info',
    description: 'Connecting to the source',
  },
  {
    id: 'degraded',
    label: 'Degraded',
    tone: 'warning',
    description: 'Streaming with problems',
  },
  {
    id: 'error',
    label: 'Error',
    tone: 'danger',
    description: 'Failed; see the reason',
  },
  { id: 'offline', label: 'Offline', tone: 'neutral', description: 'No video' },
];

export function statusInfo(status: CameraStatus) {
  return CAMERA_STATUSES.find((s) => s.id === status) ?? CAMERA_STATUSES[CAMERA_STATUSES.length - 1]!;
}

/**
 * A camera's status as a coloured badge with its name in words. The text is the status id
 * ("online"), capitalised by CSS, so tests and scripts can read it as the API spells it.
 */
export function CameraStatusBadge({ status, reason, testId }: { status: CameraStatus; reason?: string | null; testId?: string }) {
  const info = statusInfo(status);
  return (
    <Badge tone={info.tone} dot title={reason ?? info.description} testId={testId}>
      <span className="status-text">{info.id}</span>
    </Badge>
  );
}
