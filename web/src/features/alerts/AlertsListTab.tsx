import { useSearchParams, Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { Alert, ErrorAlert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { Pagination } from '../../components/Pagination';
import { SearchInput } from '../../components/SearchInput';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { formatDateTime } from '../../lib/format';
import { useListParams } from '../../lib/useListParams';
import { AlertStateBadge, SeverityBadge } from './AlertBadges';
import { AlertDetailModal } from './AlertDetailModal';
import { useAcknowledgeAlert, useAlertRules, useAlerts } from './api';
import { ALERT_FILTER_KEYS, alertSearchQuery, hasAlertFilters, timeRangeInverted } from './filters';
import { ALERT_STATES, kindLabel, SEVERITIES, SEVERITY_LABELS, STATE_LABELS } from './model';
import { useAlertNames } from './names';
import type { Alert as AlertRow } from './types';

/** Every alert, newest first, with filters kept in the URL; `?alert=<id>` opens one in a dialog. */
export function AlertsListTab() {
  const { can } = useAuth();
  const toast = useToast();
  const { filters, limit, offset, update } = useListParams(ALERT_FILTER_KEYS, 25);
  const [params, setParams] = useSearchParams();
  const openId = params.get('alert');
  const inverted = timeRangeInverted(filters);
  const alerts = useAlerts(alertSearchQuery(filters, limit, offset), { enabled: !inverted });
  const rules = useAlertRules();
  const names = useAlertNames();
  const acknowledge = useAcknowledgeAlert();
  const filtered = hasAlertFilters(filters);

  const showAlert = (id: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('alert', id);
        else next.delete('alert');
        return next;
      },
      { replace: true },
    );

  const subjectCell = (alert: AlertRow) => {
    if (alert.cameraId) {
      return (
        <Link to={`/cameras/${encodeURIComponent(alert.cameraId)}`} className="table-primary-link">
          {names.cameraName(alert.cameraId) ?? 'Camera'}
        </Link>
      );
    }
    const name = names.subjectName(alert.subject);
    return <span>{name.charAt(0).toUpperCase() + name.slice(1)}</span>;
  };

  return (
    <section className="card">
      <div className="toolbar toolbar-wrap alerts-toolbar" role="search" aria-label="Filter alerts">
        <SearchInput value={filters.q} onChange={(q) => update({ q })} label="Search alert messages" placeholder="Search messages…" />
        <div className="toolbar-field">
          <label htmlFor="alerts-state">State</label>
          <select id="alerts-state" className="select" value={filters.state} onChange={(e) => update({ state: e.target.value })}>
            <option value="">Any state</option>
            {ALERT_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-field">
          <label htmlFor="alerts-severity">Severity</label>
          <select id="alerts-severity" className="select" value={filters.severity} onChange={(e) => update({ severity: e.target.value })}>
            <option value="">Any severity</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-field">
          <label htmlFor="alerts-camera">Camera</label>
          <select id="alerts-camera" className="select" value={filters.camera} onChange={(e) => update({ camera: e.target.value })}>
            <option value="">All cameras</option>
            {names.cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            {filters.camera && !names.cameras.some((c) => c.id === filters.camera) && (
              <option value={filters.camera}>Unknown camera {filters.camera}</option>
            )}
          </select>
        </div>
        <div className="toolbar-field">
          <label htmlFor="alerts-rule">Rule</label>
          <select id="alerts-rule" className="select" value={filters.rule} onChange={(e) => update({ rule: e.target.value })}>
            <option value="">All rules</option>
            {(rules.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
            {filters.rule && !(rules.data ?? []).some((r) => r.id === filters.rule) && <option value={filters.rule}>Other rule</option>}
          </select>
        </div>
        <div className="toolbar-field">
          <label htmlFor="alerts-from">From</label>
          <input
            id="alerts-from"
            className="input"
            type="datetime-local"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => update({ from: e.target.value })}
          />
        </div>
        <div className="toolbar-field">
          <label htmlFor="alerts-to">To</label>
          <input
            id="alerts-to"
            className="input"
            type="datetime-local"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => update({ to: e.target.value })}
          />
        </div>
        {filtered && (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => update({ q: '', state: '', severity: '', camera: '', rule: '', from: '', to: '' })}
          >
            Clear filters
          </button>
        )}
        <div className="toolbar-status">{alerts.isFetching && !alerts.isPending && <Spinner size="sm" label="Refreshing" />}</div>
      </div>

      {inverted && (
        <Alert tone="warning" title="The time range ends before it starts">
          Choose a “To” after “From”.
        </Alert>
      )}
      {alerts.isError && <ErrorAlert error={alerts.error} title="Could not load alerts" />}
      <ErrorAlert error={acknowledge.error} title="The alert was not acknowledged" />
      {inverted ? null : alerts.isPending ? (
        <LoadingBlock label="Loading alerts…" />
      ) : alerts.data && alerts.data.items.length === 0 ? (
        filtered ? (
          <EmptyState icon="search" title="No alerts match these filters" description="Try another state, camera or time range." />
        ) : (
          <EmptyState
            icon="bell"
            title="No alerts yet"
            description="Alerts open when a rule’s condition holds — a camera going offline, a full disk. Set up rules to start."
            action={
              <Link to="/alerts/rules" className="btn btn-primary">
                Go to rules
              </Link>
            }
          />
        )
      ) : (
        alerts.data && (
          <>
            <div className="table-wrap">
              <table className="table alerts-table" data-testid="alerts-table">
                <caption className="visually-hidden">Alerts, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Severity</th>
                    <th scope="col">Alert</th>
                    <th scope="col">Subject</th>
                    <th scope="col">State</th>
                    <th scope="col" className="col-optional">
                      Opened
                    </th>
                    <th scope="col" className="col-actions">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {alerts.data.items.map((alert) => (
                    <tr key={alert.id} data-testid={`alert-${alert.id}`} className={alert.state === 'resolved' ? 'row-muted' : undefined}>
                      <td>
                        <SeverityBadge severity={alert.severity} />
                      </td>
                      <td className="alerts-message-cell">
                        <button type="button" className="link-button table-primary" onClick={() => showAlert(alert.id)}>
                          {alert.message}
                        </button>
                        <div className="table-secondary">
                          {alert.ruleName ?? 'Deleted rule'} · {kindLabel(alert.kind)}
                        </div>
                      </td>
                      <td>{subjectCell(alert)}</td>
                      <td>
                        <AlertStateBadge state={alert.state} testId={`alert-state-${alert.id}`} />
                        {alert.state === 'acknowledged' && alert.acknowledgedBy && (
                          <div className="table-secondary">by {alert.acknowledgedBy}</div>
                        )}
                        {alert.state === 'resolved' && alert.resolvedAt && (
                          <div className="table-secondary">
                            <RelativeTime value={alert.resolvedAt} />
                          </div>
                        )}
                      </td>
                      <td className="col-optional nowrap">
                        <RelativeTime value={alert.openedAt} />
                        <div className="table-secondary">{formatDateTime(alert.openedAt)}</div>
                      </td>
                      <td className="col-actions">
                        <div className="row-actions">
                          {alert.state === 'open' && can('alerts:write') && (
                            <button
                              type="button"
                              className="btn btn-secondary btn-sm"
                              disabled={acknowledge.isPending && acknowledge.variables?.id === alert.id}
                              onClick={() => acknowledge.mutate({ id: alert.id }, { onSuccess: () => toast('Alert acknowledged') })}
                            >
                              Acknowledge<span className="visually-hidden"> {alert.message}</span>
                            </button>
                          )}
                          <button type="button" className="btn btn-ghost btn-sm" onClick={() => showAlert(alert.id)}>
                            Details<span className="visually-hidden"> of {alert.message}</span>
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination
              total={alerts.data.total}
              limit={limit}
              offset={offset}
              noun="alerts"
              onOffsetChange={(next) => update({ offset: next }, { resetOffset: false })}
              onLimitChange={(next) => update({ limit: next })}
            />
          </>
        )
      )}
      {openId && <AlertDetailModal id={openId} onClose={() => showAlert(null)} />}
    </section>
  );
}
