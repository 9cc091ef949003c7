import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth/AuthProvider';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { useAcknowledgeAlert, useAlerts, useAlertSummary } from './api';
import { bellLabel, type AlertQuery } from './live';
import { SEVERITY_LABELS } from './model';
import './alerts.css';

/** The bell's dropdown: the latest open (unacknowledged) alerts. */
const LATEST_OPEN: AlertQuery = { state: 'open', limit: 8, offset: 0 };

/** The header's bell: the number of unacknowledged alerts, and the latest ones to acknowledge. */
export function AlertsBell() {
  const { can } = useAuth();
  if (!can('alerts:read')) return null;
  return <Bell />;
}

function Bell() {
  const summary = useAlertSummary();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const count = summary.data?.unacknowledged ?? 0;
  const label = bellLabel(count);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={`btn btn-icon btn-ghost bell-button${count > 0 ? ' bell-button-active' : ''}`}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={count > 0 ? `Alerts: ${count} unacknowledged` : 'Alerts: none unacknowledged'}
        title="Alerts"
        data-testid="alerts-bell"
        onClick={() => setOpen((v) => !v)}
      >
        <Icon name="bell" />
        <span className="bell-count" data-testid="alerts-bell-count" data-count={count} hidden={count === 0} aria-hidden="true">
          {label || '0'}
        </span>
      </button>
      {open && <BellPanel id={panelId} count={count} onClose={() => setOpen(false)} />}
    </div>
  );
}

function BellPanel({ id, count, onClose }: { id: string; count: number; onClose: () => void }) {
  const { can } = useAuth();
  const toast = useToast();
  const alerts = useAlerts(LATEST_OPEN);
  const acknowledge = useAcknowledgeAlert();
  const items = alerts.data?.items ?? [];
  const more = count - items.length;

  return (
    <div id={id} className="bell-panel" role="region" aria-label="Unacknowledged alerts" data-testid="alerts-bell-panel">
      <header className="bell-panel-header">
        <h2 className="bell-panel-title">Unacknowledged alerts</h2>
        {alerts.isFetching && <Spinner size="sm" label="Refreshing" />}
      </header>
      {acknowledge.isError && (
        <p className="bell-panel-error" role="alert">
          {errorMessage(acknowledge.error)}
        </p>
      )}
      {alerts.isError ? (
        <p className="bell-panel-empty">{errorMessage(alerts.error)}</p>
      ) : alerts.isPending ? (
        <p className="bell-panel-empty">Loading…</p>
      ) : items.length === 0 ? (
        <p className="bell-panel-empty">
          <Icon name="check" size={16} /> Nothing needs attention.
        </p>
      ) : (
        <ul className="bell-list">
          {items.map((alert) => (
            <li key={alert.id} className={`bell-item bell-item-${alert.severity}`} data-testid={`bell-alert-${alert.id}`}>
              <span className={`severity-dot severity-dot-${alert.severity}`} aria-hidden="true" />
              <div className="bell-item-body">
                <Link to={`/alerts?alert=${encodeURIComponent(alert.id)}`} className="bell-item-message" onClick={onClose}>
                  <span className="visually-hidden">{SEVERITY_LABELS[alert.severity]}: </span>
                  {alert.message}
                </Link>
                <span className="bell-item-meta">
                  <RelativeTime value={alert.openedAt} />
                  {alert.cameraId && (
                    <>
                      {' · '}
                      <Link to={`/cameras/${encodeURIComponent(alert.cameraId)}`} onClick={onClose}>
                        Camera
                      </Link>
                    </>
                  )}
                </span>
              </div>
              {can('alerts:write') && (
                <button
                  type="button"
                  className="btn btn-secondary btn-sm"
                  disabled={acknowledge.isPending && acknowledge.variables?.id === alert.id}
                  onClick={() =>
                    acknowledge.mutate(
                      { id: alert.id },
                      {
                        onSuccess: () => toast('Alert acknowledged'),
                      },
                    )
                  }
                >
                  Acknowledge<span className="visually-hidden"> {alert.message}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <footer className="bell-panel-footer">
        {more > 0 && <span className="muted small">{more} more</span>}
        <Link to="/alerts?state=open" className="btn btn-ghost btn-sm" onClick={onClose}>
          View all alerts
        </Link>
      </footer>
    </div>
  );
}
