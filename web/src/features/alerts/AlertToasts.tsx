import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth/AuthProvider';
import { Icon } from '../../components/Icon';
import { useAlertEvents } from '../../realtime/RealtimeProvider';
import type { AlertEvent } from '../../realtime/events';
import { useAcknowledgeAlert } from './api';
import { AlertAnnouncer, toastLifetimeMs, type ToastKind } from './live';
import { SEVERITY_LABELS } from './model';
import './alerts.css';

interface AlertToastItem {
  key: number;
  kind: ToastKind;
  event: AlertEvent;
}

/** At most this many alert toasts at once; the oldest goes first. */
const MAX_TOASTS = 4;

/**
 * Toasts for alerts as they happen (from `alert:changed`, no reload): a newly opened alert in its
 * severity's colour with links to it and its camera, and a quieter one when an alert resolves.
 */
export function AlertToasts() {
  const [toasts, setToasts] = useState<AlertToastItem[]>([]);
  const [announcer] = useState(() => new AlertAnnouncer());
  const nextKey = useRef(1);

  useAlertEvents((event) => {
    const kind = announcer.decide(event, Date.now());
    if (!kind) return;
    const key = nextKey.current++;
    // A resolve replaces the toast of the same alert's opening.
    setToasts((all) => [...all.filter((t) => t.event.id !== event.id).slice(-(MAX_TOASTS - 1)), { key, kind, event }]);
  });

  const dismiss = useCallback((key: number) => setToasts((all) => all.filter((t) => t.key !== key)), []);

  return (
    <div className="alert-toasts" data-testid="alert-toasts">
      {toasts.map((toast) => (
        <AlertToast key={toast.key} toast={toast} onDismiss={dismiss} />
      ))}
    </div>
  );
}

function AlertToast({ toast, onDismiss }: { toast: AlertToastItem; onDismiss: (key: number) => void }) {
  const { can } = useAuth();
  const acknowledge = useAcknowledgeAlert();
  const { event, kind, key } = toast;
  const lifetime = toastLifetimeMs(kind, event.severity);
  const [hovered, setHovered] = useState(false);

  useEffect(() => {
    if (lifetime === null || hovered) return;
    const timer = window.setTimeout(() => onDismiss(key), lifetime);
    return () => window.clearTimeout(timer);
  }, [key, lifetime, hovered, onDismiss]);

  const opened = kind === 'opened';
  const title = opened ? `${SEVERITY_LABELS[event.severity]} alert` : 'Alert resolved';
  return (
    <div
      className={`alert-toast ${opened ? `alert-toast-${event.severity}` : 'alert-toast-resolved'}`}
      role={opened && event.severity === 'critical' ? 'alert' : 'status'}
      data-testid={`toast-alert-${event.id}`}
      data-kind={kind}
      data-severity={event.severity}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setHovered(true)}
      onBlur={() => setHovered(false)}
    >
      <Icon name={opened ? 'alert' : 'check'} className="alert-toast-icon" />
      <div className="alert-toast-body">
        <p className="alert-toast-title">{title}</p>
        <p className="alert-toast-message">{event.message}</p>
        {acknowledge.isError && <p className="alert-toast-error">{errorMessage(acknowledge.error)}</p>}
        <div className="alert-toast-actions">
          <Link to={`/alerts?alert=${encodeURIComponent(event.id)}`} className="alert-toast-link" onClick={() => onDismiss(key)}>
            View alert
          </Link>
          {event.cameraId && (
            <Link to={`/cameras/${encodeURIComponent(event.cameraId)}`} className="alert-toast-link" onClick={() => onDismiss(key)}>
              Open camera
            </Link>
          )}
          {opened && can('alerts:write') && (
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              disabled={acknowledge.isPending}
              onClick={() => acknowledge.mutate({ id: event.id }, { onSuccess: () => onDismiss(key) })}
            >
              {acknowledge.isPending ? 'Acknowledging…' : 'Acknowledge'}
            </button>
          )}
        </div>
      </div>
      <button
        type="button"
        className="btn btn-icon btn-ghost btn-sm"
        onClick={() => onDismiss(key)}
        aria-label="Dismiss alert notification"
      >
        <Icon name="close" size={16} />
      </button>
    </div>
  );
}
