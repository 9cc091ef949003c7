import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import type { Dashboard } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { useRealtime } from '../../realtime/RealtimeProvider';
import { ROLES } from '../../auth/permissions';
import { ErrorAlert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { Icon, type IconName } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { formatNumber } from '../../lib/format';
import { AuditTable } from '../audit/AuditTable';
import { CAMERA_STATUSES } from '../cameras/status';

export function DashboardPage() {
  const { user, can } = useAuth();
  const { connected } = useRealtime();
  const dashboard = useQuery({
    queryKey: ['dashboard'],
    queryFn: () => unwrap(api.GET('/api/dashboard')),
    // Camera counters arrive as events while connected; the rest (users, tokens, audit) changes slowly.
    refetchInterval: connected ? 60_000 : 15_000,
  });

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={user?.name ? `Welcome back, ${user.name.split(' ')[0]}.` : 'An overview of your cameras.'}
        actions={
          can('cameras:write') && (
            <Link to="/cameras/new" className="btn btn-primary">
              <Icon name="plus" size={16} />
              Add camera
            </Link>
          )
        }
      />
      {dashboard.isPending ? (
        <LoadingBlock label="Loading dashboard…" />
      ) : dashboard.isError ? (
        <ErrorAlert error={dashboard.error} title="Could not load the dashboard" />
      ) : (
        <DashboardBody data={dashboard.data} canAudit={can('audit:read')} />
      )}
    </>
  );
}

function DashboardBody({ data, canAudit }: { data: Dashboard; canAudit: boolean }) {
  const { cameras, users, tokens, recentAudit } = data;
  const online = cameras.byStatus.online;
  const problems = cameras.byStatus.error + cameras.byStatus.degraded;

  return (
    <div className="dashboard">
      <div className="stat-grid">
        <StatCard icon="camera" label="Cameras" value={cameras.total} to="/cameras">
          {formatNumber(cameras.enabled)} enabled
        </StatCard>
        <StatCard icon="check" label="Online" value={online} tone="success" to="/cameras?status=online">
          {cameras.enabled > 0 ? `${Math.round((online / cameras.enabled) * 100)}% of enabled` : 'No enabled cameras'}
        </StatCard>
        <StatCard
          icon="alert"
          label="Need attention"
          value={problems}
          tone={problems > 0 ? 'danger' : 'neutral'}
          to={cameras.byStatus.error > 0 ? '/cameras?status=error' : '/cameras?status=degraded'}
        >
          {formatNumber(cameras.byStatus.error)} error · {formatNumber(cameras.byStatus.degraded)} degraded
        </StatCard>
        <StatCard icon="key" label="Active API tokens" value={tokens.active} to="/tokens">
          Not revoked or expired
        </StatCard>
      </div>

      <div className="dashboard-grid">
        <section className="card card-padded" aria-labelledby="status-breakdown-title">
          <h2 id="status-breakdown-title" className="card-title">
            Cameras by status
          </h2>
          <StatusBreakdown byStatus={cameras.byStatus} total={cameras.total} />
        </section>

        {users && (
          <section className="card card-padded" aria-labelledby="users-breakdown-title">
            <div className="card-title-row">
              <h2 id="users-breakdown-title" className="card-title">
                Users by role
              </h2>
              <Link to="/users" className="card-link">
                Manage users
              </Link>
            </div>
            <p className="big-number">
              {formatNumber(users.total)} <span>users</span>
            </p>
            <ul className="role-list">
              {ROLES.map((role) => (
                <li key={role.id}>
                  <span className={`role-swatch role-${role.id}`} aria-hidden="true" />
                  <span className="role-list-label">{role.label}</span>
                  <span className="role-list-value">{formatNumber(users.byRole[role.id])}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>

      {recentAudit && canAudit && (
        <section className="card" aria-labelledby="recent-audit-title">
          <div className="card-header">
            <h2 id="recent-audit-title" className="card-title">
              Recent activity
            </h2>
            <Link to="/audit" className="card-link">
              View audit log
            </Link>
          </div>
          {recentAudit.length === 0 ? (
            <EmptyState title="No activity yet" icon="audit" />
          ) : (
            <AuditTable entries={recentAudit} caption="Recent audit events" />
          )}
        </section>
      )}
    </div>
  );
}

interface StatCardProps {
  icon: IconName;
  label: string;
  value: number;
  tone?: 'neutral' | 'success' | 'danger';
  to: string;
  children: ReactNode;
}

function StatCard({ icon, label, value, tone = 'neutral', to, children }: StatCardProps) {
  return (
    <Link to={to} className={`stat-card stat-${tone}`}>
      <span className="stat-icon">
        <Icon name={icon} size={20} />
      </span>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{formatNumber(value)}</span>
      <span className="stat-sub">{children}</span>
    </Link>
  );
}

function StatusBreakdown({ byStatus, total }: { byStatus: Dashboard['cameras']['byStatus']; total: number }) {
  if (total === 0) {
    return <p className="muted">No cameras yet.</p>;
  }
  return (
    <>
      <div className="stacked-bar" role="img" aria-label={CAMERA_STATUSES.map((s) => `${s.label}: ${byStatus[s.id]}`).join(', ')}>
        {CAMERA_STATUSES.map((s) =>
          byStatus[s.id] > 0 ? (
            <span key={s.id} className={`stacked-bar-part tone-${s.tone}`} style={{ flexGrow: byStatus[s.id] }} />
          ) : null,
        )}
      </div>
      <ul className="status-legend">
        {CAMERA_STATUSES.map((s) => (
          <li key={s.id}>
            <Link to={`/cameras?status=${s.id}`} className="status-legend-link">
              <span className={`legend-dot tone-${s.tone}`} aria-hidden="true" />
              <span className="status-legend-label">{s.label}</span>
              <span className="status-legend-value">{formatNumber(byStatus[s.id])}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
