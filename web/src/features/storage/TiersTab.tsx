import { useState } from 'react';
import { ErrorAlert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { LoadingBlock } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { useDeleteTier, useStorageTiers } from './api';
import { KindLabel, RankBadge } from './TierCard';
import { TierFormModal } from './TierFormModal';
import { sortTiers, tierLocation } from './tiers';
import type { StorageTier } from './types';
import { formatBytes } from './units';

function floorText(tier: StorageTier): string {
  if (tier.kind !== 'local') return '—';
  const parts = [
    tier.floorPercent !== null ? `${tier.floorPercent} %` : null,
    tier.floorBytes !== null ? formatBytes(tier.floorBytes) : null,
  ];
  const text = parts.filter(Boolean).join(' or ');
  return text === '' ? 'none' : `keep ${text} free`;
}

/** The tiers footage can live on; admins add, edit and remove them. */
export function TiersTab({ admin }: { admin: boolean }) {
  const tiers = useStorageTiers();
  const remove = useDeleteTier();
  const toast = useToast();
  const [editing, setEditing] = useState<StorageTier | 'new' | null>(null);
  const [deleting, setDeleting] = useState<StorageTier | null>(null);

  return (
    <section className="card" aria-labelledby="tiers-title">
      <div className="card-header">
        <div>
          <h2 id="tiers-title" className="card-title">
            Storage tiers
          </h2>
          <p className="muted small">
            New footage is recorded to the hot tier; policies move it to warmer-to-colder tiers (rank 1, 2, …) as it ages.
          </p>
        </div>
        {admin && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            <Icon name="plus" size={16} />
            Add tier
          </button>
        )}
      </div>
      {tiers.isError && <ErrorAlert error={tiers.error} title="Could not load the tiers" />}
      {tiers.isPending ? (
        <LoadingBlock label="Loading tiers…" />
      ) : (
        tiers.data && (
          <div className="table-wrap">
            <table className="table" data-testid="tiers-table">
              <caption className="visually-hidden">Storage tiers</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Rank</th>
                  <th scope="col">Where</th>
                  <th scope="col">Quota</th>
                  <th scope="col" className="col-optional">
                    Free-space floor
                  </th>
                  {admin && (
                    <th scope="col" className="col-actions">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {sortTiers(tiers.data).map((tier) => (
                  <tr key={tier.id} data-testid={`tier-row-${tier.id}`}>
                    <td>
                      <span className="table-primary">{tier.name}</span>
                      {tier.builtIn && <div className="table-secondary">built in</div>}
                    </td>
                    <td>
                      <RankBadge rank={tier.rank} />
                    </td>
                    <td>
                      <div className="table-secondary">
                        <KindLabel kind={tier.kind} />
                        {tier.s3 && !tier.s3.hasSecret && ' · no secret set'}
                      </div>
                      <code className="mono small break">{tierLocation(tier)}</code>
                    </td>
                    <td className="nowrap">
                      {tier.quotaBytes === null ? <span className="muted">none</span> : formatBytes(tier.quotaBytes)}
                    </td>
                    <td className="col-optional">{floorText(tier)}</td>
                    {admin && (
                      <td className="col-actions">
                        <div className="row-actions">
                          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(tier)}>
                            <Icon name="edit" size={14} />
                            Edit<span className="visually-hidden"> tier {tier.name}</span>
                          </button>
                          {!tier.builtIn && (
                            <button
                              type="button"
                              className="btn btn-ghost btn-sm btn-danger-text"
                              onClick={() => {
                                remove.reset();
                                setDeleting(tier);
                              }}
                            >
                              <Icon name="trash" size={14} />
                              Delete<span className="visually-hidden"> tier {tier.name}</span>
                            </button>
                          )}
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
      {editing && <TierFormModal tier={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete tier?"
          confirmLabel="Delete tier"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.error}
          onCancel={() => setDeleting(null)}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                toast(`Tier ${deleting.name} deleted`);
                setDeleting(null);
              },
            })
          }
        >
          <p>
            Tier <strong>{deleting.name}</strong> ({tierLocation(deleting)}) is removed from Argus. Files in the folder or bucket stay where
            they are.
          </p>
          <p className="muted small">Only an empty tier that no policy uses can be deleted.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
