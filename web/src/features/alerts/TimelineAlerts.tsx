import { useAuth } from '../../auth/AuthProvider';
import { formatDateTime } from '../../lib/format';
import { useAlerts } from './api';
import { alertFetchWindow, alertMarkers } from './markers';
import { SEVERITY_LABELS, STATE_LABELS } from './model';
import './alerts.css';

/** The most alerts drawn on one camera's timeline window. */
const LIMIT = 200;

/**
 * A camera's alerts on its recordings timeline row: a coloured range per alert from when it
 * opened until it resolved (still open: until now), with the message on hover. Drawn inside the
 * row, under the pointer handling of the track (a click still seeks).
 */
export function TimelineAlerts({ cameraId, view, now }: { cameraId: string; view: { start: number; end: number }; now: number }) {
  const { can } = useAuth();
  const allowed = can('alerts:read');
  const range = alertFetchWindow(view);
  const alerts = useAlerts({ cameraId, from: range.from, to: range.to, limit: LIMIT, offset: 0 }, { enabled: allowed });
  if (!allowed || !alerts.data) return null;
  return (
    <>
      {alertMarkers(alerts.data.items, view, now).map(({ alert, left, width, ongoing, clippedStart }) => (
        <span
          key={alert.id}
          className={`timeline-alert timeline-alert-${alert.severity}${ongoing ? ' timeline-alert-ongoing' : ''}${clippedStart ? ' timeline-alert-clipped' : ''}`}
          style={{ left: `${(left * 100).toFixed(4)}%`, width: `${(width * 100).toFixed(4)}%` }}
          title={`${SEVERITY_LABELS[alert.severity]} · ${STATE_LABELS[alert.state]}\n${alert.message}\n${formatDateTime(alert.openedAt)}${
            alert.resolvedAt ? ` – ${formatDateTime(alert.resolvedAt)}` : ' – now'
          }`}
          data-testid="timeline-alert"
          data-alert-id={alert.id}
          data-severity={alert.severity}
        />
      ))}
    </>
  );
}
