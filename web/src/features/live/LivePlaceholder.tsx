import type { CameraStatus } from '../../api/types';
import { Icon } from '../../components/Icon';
import { statusInfo } from '../cameras/status';

/** Where the video would be, for a camera that isn't streaming (or a player not started). */
export function LivePlaceholder({ status, reason, enabled = true }: { status: CameraStatus; reason?: string | null; enabled?: boolean }) {
  const info = statusInfo(status);
  return (
    <div className={`live-placeholder live-placeholder-${info.tone}`}>
      <Icon name={status === 'error' || status === 'degraded' ? 'alert' : 'camera'} size={26} />
      <span className="live-overlay-text">{enabled ? info.label : 'Disabled'}</span>
      <span className="live-overlay-detail">{enabled ? (reason ?? info.description) : 'Argus is not ingesting this camera.'}</span>
    </div>
  );
}
