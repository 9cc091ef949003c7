import { useState, type FormEvent } from 'react';
import { ApiError, fieldErrors } from '../../api/errors';
import { ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { DateTime, RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { focusFirstError } from '../../lib/focusFirstError';
import { useCameraNames, useCreateHold, useHolds, useReleaseHold } from './api';
import { checkHoldForm, describeHoldRange, EMPTY_HOLD_FORM, MAX_REASON, sortHolds, type HoldErrors, type HoldFormValues } from './holds';
import type { LegalHold } from './types';

/** Legal holds: footage nothing may move or delete until the hold is released. */
export function HoldsTab({ admin }: { admin: boolean }) {
  const [activeOnly, setActiveOnly] = useState(true);
  const holds = useHolds(activeOnly);
  const { nameOf } = useCameraNames();
  const release = useReleaseHold();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [releasing, setReleasing] = useState<LegalHold | null>(null);
  const cameraLabel = (hold: LegalHold) => (hold.cameraId === null ? 'All cameras' : (nameOf(hold.cameraId) ?? `Camera ${hold.cameraId}`));

  return (
    <section className="card" aria-labelledby="holds-title">
      <div className="card-header">
        <div>
          <h2 id="holds-title" className="card-title">
            Legal holds
          </h2>
          <p className="muted small">Held footage is never moved or deleted — not by policies, quotas, floors or manual actions.</p>
        </div>
        {admin && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="lock" size={16} />
            Put footage on hold
          </button>
        )}
      </div>
      <div className="toolbar" role="search" aria-label="Filter holds">
        <div className="toolbar-field">
          <label htmlFor="holds-show">Show</label>
          <select
            id="holds-show"
            className="select"
            value={activeOnly ? 'active' : 'all'}
            onChange={(e) => setActiveOnly(e.target.value === 'active')}
          >
            <option value="active">Active holds</option>
            <option value="all">Active and released holds</option>
          </select>
        </div>
        <div className="toolbar-status">{holds.isFetching && !holds.isPending && <Spinner size="sm" label="Refreshing" />}</div>
      </div>
      {holds.isError && <ErrorAlert error={holds.error} title="Could not load the legal holds" />}
      {holds.isPending ? (
        <LoadingBlock label="Loading legal holds…" />
      ) : holds.data && holds.data.length === 0 ? (
        <EmptyState
          icon="lock"
          title={activeOnly ? 'No active legal holds' : 'No legal holds yet'}
          description="Put footage on hold when it must be kept, for an investigation or a claim."
        />
      ) : (
        holds.data && (
          <div className="table-wrap">
            <table className="table" data-testid="holds-table">
              <caption className="visually-hidden">Legal holds</caption>
              <thead>
                <tr>
                  <th scope="col">Camera</th>
                  <th scope="col">Footage</th>
                  <th scope="col">Reason</th>
                  <th scope="col" className="col-optional">
                    Placed
                  </th>
                  <th scope="col">Status</th>
                  {admin && (
                    <th scope="col" className="col-actions">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {sortHolds(holds.data).map((hold) => (
                  <tr key={hold.id} data-testid={`hold-${hold.id}`} className={hold.active ? undefined : 'row-muted'}>
                    <td>{cameraLabel(hold)}</td>
                    <td>{describeHoldRange(hold)}</td>
                    <td className="hold-reason">{hold.reason}</td>
                    <td className="col-optional">
                      {hold.createdBy}
                      <div className="table-secondary">
                        <RelativeTime value={hold.createdAt} />
                      </div>
                    </td>
                    <td>
                      {hold.active ? (
                        <Badge tone="warning" dot>
                          Active
                        </Badge>
                      ) : (
                        <>
                          <Badge tone="neutral">Released</Badge>
                          <div className="table-secondary">
                            by {hold.releasedBy} · <DateTime value={hold.releasedAt} />
                          </div>
                        </>
                      )}
                    </td>
                    {admin && (
                      <td className="col-actions">
                        {hold.active && (
                          <button
                            type="button"
                            className="btn btn-ghost btn-sm"
                            onClick={() => {
                              release.reset();
                              setReleasing(hold);
                            }}
                          >
                            Release<span className="visually-hidden"> hold “{hold.reason}”</span>
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
      {creating && <HoldFormModal onClose={() => setCreating(false)} />}
      {releasing && (
        <ConfirmDialog
          title="Release legal hold?"
          confirmLabel="Release hold"
          pendingLabel="Releasing…"
          pending={release.isPending}
          error={release.error}
          onCancel={() => setReleasing(null)}
          onConfirm={() =>
            release.mutate(releasing.id, {
              onSuccess: () => {
                toast('Legal hold released');
                setReleasing(null);
              },
            })
          }
        >
          <p>
            <strong>{cameraLabel(releasing)}</strong>, {describeHoldRange(releasing).toLowerCase()}: “{releasing.reason}”.
          </p>
          <p>Once released, the footage follows the storage policies again and may be moved or deleted at the next pass.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function HoldFormModal({ onClose }: { onClose: () => void }) {
  const create = useCreateHold();
  const toast = useToast();
  const { cameras } = useCameraNames();
  const [values, setValues] = useState<HoldFormValues>(EMPTY_HOLD_FORM);
  const [clientErrors, setClientErrors] = useState<HoldErrors>({});
  const errors: HoldErrors = { ...fieldErrors(create.error), ...clientErrors };
  const set = (field: keyof HoldFormValues, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (clientErrors[field]) setClientErrors(({ [field]: _, ...rest }) => rest);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkHoldForm(values);
    setClientErrors(check.errors);
    if (!check.ok) {
      focusFirstError(event.currentTarget);
      return;
    }
    create.mutate(check.body, {
      onSuccess: () => {
        toast('Footage put on legal hold');
        onClose();
      },
    });
  };

  return (
    <Modal
      title="Put footage on legal hold"
      description="Nothing may move or delete the held footage until the hold is released."
      onClose={onClose}
      busy={create.isPending}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={create.isPending}>
            Cancel
          </button>
          <button type="submit" form="hold-form" className="btn btn-primary" disabled={create.isPending} aria-busy={create.isPending}>
            {create.isPending ? 'Placing hold…' : 'Place hold'}
          </button>
        </>
      }
    >
      <form id="hold-form" className="form" onSubmit={submit} noValidate>
        <ErrorAlert
          error={create.error}
          title={
            create.error instanceof ApiError && create.error.status === 404 ? 'The camera no longer exists' : 'The hold was not placed'
          }
          fields={['cameraId', 'from', 'to', 'reason']}
        />
        <Field label="Camera" error={errors.cameraId}>
          {(control) => (
            <select {...control} className="select" value={values.cameraId} onChange={(e) => set('cameraId', e.target.value)}>
              <option value="">All cameras</option>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-row">
          <Field label="From" error={errors.from} hint="Optional; your local time. Empty holds everything before To.">
            {(control) => (
              <input
                {...control}
                className="input"
                type="datetime-local"
                value={values.from}
                onChange={(e) => set('from', e.target.value)}
              />
            )}
          </Field>
          <Field label="To" error={errors.to} hint="Optional. Empty holds everything after From, including new footage.">
            {(control) => (
              <input {...control} className="input" type="datetime-local" value={values.to} onChange={(e) => set('to', e.target.value)} />
            )}
          </Field>
        </div>
        <Field label="Reason" error={errors.reason} required hint="A case or ticket number helps whoever releases it later.">
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              rows={3}
              maxLength={MAX_REASON}
              value={values.reason}
              onChange={(e) => set('reason', e.target.value)}
            />
          )}
        </Field>
      </form>
    </Modal>
  );
}
