import { Fragment, useState } from 'react';
import type { AuditEntry } from '../../api/types';
import { Badge, type Tone } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { RelativeTime } from '../../components/Time';
import { formatDateTime } from '../../lib/format';

const OUTCOME_TONE: Record<AuditEntry['outcome'], Tone> = {
  success: 'success',
  failure: 'danger',
  denied: 'warning',
};

export function OutcomeBadge({ outcome }: { outcome: AuditEntry['outcome'] }) {
  return <Badge tone={OUTCOME_TONE[outcome]}>{outcome[0]?.toUpperCase() + outcome.slice(1)}</Badge>;
}

function actorText(entry: AuditEntry): string {
  if (entry.actorLabel) return entry.actorLabel;
  if (entry.actorType === 'system') return 'System';
  if (entry.actorType === 'anonymous') return 'Anonymous';
  return entry.actorId ?? entry.actorType;
}

function targetText(entry: AuditEntry): string | null {
  if (!entry.targetType && !entry.targetId) return null;
  return [entry.targetType, entry.targetId].filter(Boolean).join(' ');
}

interface AuditTableProps {
  entries: readonly AuditEntry[];
  /** Show a per-row toggle revealing the request details. */
  expandable?: boolean;
  caption: string;
}

export function AuditTable({ entries, expandable = false, caption }: AuditTableProps) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const columns = expandable ? 7 : 5;

  return (
    <div className="table-wrap">
      <table className="table audit-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {expandable && (
              <th scope="col" className="col-toggle">
                <span className="visually-hidden">Details</span>
              </th>
            )}
            <th scope="col">Time</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
            {expandable && <th scope="col">IP</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const expanded = open.has(entry.id);
            const detailsId = `audit-details-${entry.id}`;
            const target = targetText(entry);
            return (
              <Fragment key={entry.id}>
                <tr className={expanded ? 'row-expanded' : undefined}>
                  {expandable && (
                    <td className="col-toggle">
                      <button
                        type="button"
                        className="btn btn-icon btn-ghost btn-sm"
                        aria-expanded={expanded}
                        aria-controls={expanded ? detailsId : undefined}
                        aria-label={`${expanded ? 'Hide' : 'Show'} details for ${entry.action} at ${formatDateTime(entry.at)}`}
                        onClick={() => toggle(entry.id)}
                      >
                        <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={16} />
                      </button>
                    </td>
                  )}
                  <td className="nowrap">
                    <RelativeTime value={entry.at} />
                  </td>
                  <td>
                    <code className="action-code">{entry.action}</code>
                  </td>
                  <td>
                    <span className="actor">
                      {actorText(entry)}
                      {entry.actorType === 'token' && <Badge tone="info">token</Badge>}
                    </span>
                  </td>
                  <td>{target ? <span className="mono small break">{target}</span> : <span className="muted">—</span>}</td>
                  <td>
                    <OutcomeBadge outcome={entry.outcome} />
                    {entry.statusCode !== null && <span className="status-code">{entry.statusCode}</span>}
                  </td>
                  {expandable && <td className="mono small">{entry.ip ?? <span className="muted">—</span>}</td>}
                </tr>
                {expandable && expanded && (
                  <tr id={detailsId} className="row-details">
                    <td colSpan={columns}>
                      <AuditDetails entry={entry} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AuditDetails({ entry }: { entry: AuditEntry }) {
  return (
    <div className="audit-details">
      <dl className="facts-list facts-inline">
        <div>
          <dt>Time</dt>
          <dd>{formatDateTime(entry.at)}</dd>
        </div>
        <div>
          <dt>Actor</dt>
          <dd>
            {entry.actorType}
            {entry.actorId ? ` · ${entry.actorId}` : ''}
          </dd>
        </div>
        <div>
          <dt>Entry ID</dt>
          <dd className="mono">{entry.id}</dd>
        </div>
      </dl>
      {entry.details && Object.keys(entry.details).length > 0 ? (
        <pre className="code-block">{JSON.stringify(entry.details, null, 2)}</pre>
      ) : (
        <p className="muted">No further details recorded.</p>
      )}
    </div>
  );
}
