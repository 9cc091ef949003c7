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

export function CameraStatusBadge({ status, reason }: { status: CameraStatus; reason?: string | null }) {
  const info = statusInfo(status);
  return (
    <Badge tone={info.tone} dot title={reason ?? info.description}>
      {info.label}
    </Badge>
  );
}
