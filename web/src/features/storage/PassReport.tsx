import { RelativeTime } from '../../components/Time';
import { formatDurationMs } from '../recordings/units';
import type { StoragePass } from './types';
import { formatBytes } from './units';

/** The numbers of a storage pass: what it planned, moved, deleted, failed, deferred and could not do. */
export function PassReport({
  report,
  title,
  tierName,
  cameraName,
  testId,
}: {
  report: StoragePass;
  title: string;
  tierName: (id: string) => string | null;
  cameraName: (id: string) => string | null;
  testId?: string;
}) {
  const nothing = report.planned === 0 && report.blocked.length === 0 && report.failed === 0;
  return (
    <section className="pass-report" data-testid={testId} aria-label={title}>
      <div className="pass-report-head">
        <h3 className="pass-report-title">{title}</h3>
        <span className="muted small">
          <RelativeTime value={report.at} /> · {report.trigger} · took {formatDurationMs(report.durationMs)}
        </span>
      </div>
      <dl className="pass-numbers">
        {(
          [
            ['Planned', report.planned],
            ['Moved', report.moved],
            ['Deleted', report.deleted],
            ['Failed', report.failed],
            ['Deferred', report.deferred],
            ['Blocked', report.blocked.length],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className={label === 'Failed' && value > 0 ? 'text-danger' : undefined}>
            <dt>{label}</dt>
            <dd data-testid={testId ? `${testId}-${label.toLowerCase()}` : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
      {nothing && <p className="muted small">Nothing to do: every chunk is where the policies want it.</p>}
      {report.deferred > 0 && <p className="muted small">{report.deferred} more actions are left for the next pass.</p>}
      {report.blocked.length > 0 && (
        <ul className="pass-list">
          {report.blocked.map((b, i) => (
            <li key={i}>
              {b.reason} on {b.tierId ? `tier ${tierName(b.tierId) ?? b.tierId}` : 'no tier'}
              {b.cameraId ? ` (camera ${cameraName(b.cameraId) ?? b.cameraId})` : ''}: {formatBytes(b.bytesNeeded)} cannot be freed —{' '}
              {b.why}
            </li>
          ))}
        </ul>
      )}
      {report.errors.length > 0 && (
        <ul className="pass-list pass-errors">
          {report.errors.map((e, i) => (
            <li key={i} className="mono small">
              {e}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
