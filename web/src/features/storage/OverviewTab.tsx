import { Alert, ErrorAlert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { RelativeTime } from '../../components/Time';
import { useCameraNames, useRunPass, useStorageUsage } from './api';
import { CameraUsageChart, CameraUsageTable } from './CameraUsage';
import { PassReport } from './PassReport';
import { TierCard } from './TierCard';
import { sortTiers } from './tiers';
import { collectProblems } from './usage';

export function OverviewTab({ admin }: { admin: boolean }) {
  const usage = useStorageUsage();
  const { nameOf: cameraName } = useCameraNames();
  const run = useRunPass();
  const tierName = (id: string) => usage.data?.tiers.find((t) => t.id === id)?.name ?? null;

  if (usage.isPending) return <LoadingBlock label="Loading storage usage…" />;
  if (usage.isError && !usage.data) return <ErrorAlert error={usage.error} title="Could not load storage usage" />;
  const data = usage.data!;
  const problems = collectProblems(data, cameraName);
  const tiers = sortTiers(data.tiers);

  return (
    <div className="storage-overview">
      {usage.isError && <ErrorAlert error={usage.error} title="Could not refresh storage usage; showing the last known figures" />}
      <section aria-label="Problems" className="storage-problems" data-testid="storage-problems">
        {problems.map((p) => (
          <div key={p.key} data-testid="storage-problem" data-kind={p.kind}>
            <Alert tone={p.severity} title={p.title}>
              <p>{p.message}</p>
              {p.details.length > 0 && (
                <ul className="alert-list">
                  {p.details.map((d, i) => (
                    <li key={i} className="mono small">
                      {d}
                    </li>
                  ))}
                </ul>
              )}
            </Alert>
          </div>
        ))}
      </section>

      <div className="storage-toolbar">
        <p className="muted small">
          Updated <RelativeTime value={data.at} />
          {usage.isFetching && (
            <>
              {' '}
              <Spinner size="sm" label="Refreshing" />
            </>
          )}
          {data.lastPass && (
            <>
              {' · '}last storage pass <RelativeTime value={data.lastPass.at} /> ({data.lastPass.trigger})
            </>
          )}
        </p>
        {admin && (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => run.mutate()}
            disabled={run.isPending}
            aria-busy={run.isPending}
            data-testid="run-pass"
          >
            <Icon name="refresh" size={16} />
            {run.isPending ? 'Running storage pass…' : 'Run storage pass now'}
          </button>
        )}
      </div>
      <ErrorAlert error={run.error} title="The storage pass could not run" />
      {run.data && (
        <div className="card card-padded">
          <PassReport report={run.data} title="Storage pass report" tierName={tierName} cameraName={cameraName} testId="pass-report" />
        </div>
      )}

      <h2 className="section-title storage-section-title">Tiers</h2>
      <div className="tier-grid">
        {tiers.map((tier) => (
          <TierCard key={tier.id} tier={tier} />
        ))}
      </div>

      <section className="card card-padded storage-cameras" aria-labelledby="storage-cameras-title">
        <h2 id="storage-cameras-title" className="card-title">
          Footage per camera
        </h2>
        {data.cameras.length === 0 ? (
          <EmptyState icon="film" title="No footage stored yet" description="Recorded chunks of every camera show up here, per tier." />
        ) : (
          <>
            <CameraUsageChart cameras={data.cameras} tiers={data.tiers} nameOf={cameraName} />
            <CameraUsageTable cameras={data.cameras} nameOf={cameraName} />
          </>
        )}
      </section>
    </div>
  );
}
