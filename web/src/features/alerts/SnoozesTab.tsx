import { useState } from 'react';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { DateTime, RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { useEndSnooze, useSnoozes } from './api';
import { useAlertNames } from './names';
import { SnoozeModal } from './SnoozeModal';
import { describeSnooze, sortSnoozes } from './snoozes';

/** Active snoozes: what is silenced until when, by whom and why; end one early or add one. */
export function SnoozesTab() {
  const { can } = useAuth();
  const writable = can('alerts:write');
  const toast = useToast();
  const snoozes = useSnoozes();
  const names = useAlertNames();
  const end = useEndSnooze();
  const [creating, setCreating] = useState(false);

  return (
    <section className="card" aria-labelledby="snoozes-title">
      <div className="card-header">
        <div>
          <h2 id="snoozes-title" className="card-title">
            Snoozes
          </h2>
          <p className="muted small">
            A snoozed rule or camera keeps being watched, but opens no new alerts and sends nothing until the snooze ends.
          </p>
        </div>
        <div className="row-actions">
          {snoozes.isFetching && !snoozes.isPending && <Spinner size="sm" label="Refreshing" />}
          {writable && (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              <Icon name="bellOff" size={16} />
              Snooze…
            </button>
          )}
        </div>
      </div>
      {snoozes.isError && <ErrorAlert error={snoozes.error} title="Could not load the snoozes" />}
      <ErrorAlert error={end.error} title="The snooze did not end" />
      {snoozes.isPending ? (
        <LoadingBlock label="Loading snoozes…" />
      ) : snoozes.data && snoozes.data.length === 0 ? (
        <EmptyState
          icon="bellOff"
          title="Nothing is snoozed"
          description="Snooze a rule or a camera during maintenance, for 15 minutes, an hour, 8 hours or until a time."
        />
      ) : (
        snoozes.data && (
          <div className="table-wrap">
            <table className="table" data-testid="snoozes-table">
              <caption className="visually-hidden">Active snoozes, ending soonest first</caption>
              <thead>
                <tr>
                  <th scope="col">Snoozed</th>
                  <th scope="col">Until</th>
                  <th scope="col">Reason</th>
                  <th scope="col" className="col-optional">
                    By
                  </th>
                  {writable && (
                    <th scope="col" className="col-actions">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {sortSnoozes(snoozes.data).map((snooze) => {
                  const what = describeSnooze(snooze, names.ruleName, names.subjectName);
                  return (
                    <tr key={snooze.id} data-testid={`snooze-${snooze.id}`}>
                      <td>{what}</td>
                      <td className="nowrap">
                        <DateTime value={snooze.until} />
                        <div className="table-secondary">
                          ends <RelativeTime value={snooze.until} />
                        </div>
                      </td>
                      <td>{snooze.reason ?? <span className="muted">—</span>}</td>
                      <td className="col-optional">
                        {snooze.createdBy}
                        <div className="table-secondary">
                          <RelativeTime value={snooze.createdAt} />
                        </div>
                      </td>
                      {writable && (
                        <td className="col-actions">
                          <button
                            type="button"
                            className="btn btn-ghost btn-sm"
                            disabled={end.isPending && end.variables === snooze.id}
                            onClick={() => end.mutate(snooze.id, { onSuccess: () => toast('Snooze ended') })}
                          >
                            End snooze<span className="visually-hidden"> of {what}</span>
                          </button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      )}
      {creating && <SnoozeModal onClose={() => setCreating(false)} />}
    </section>
  );
}
