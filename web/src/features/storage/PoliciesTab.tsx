import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Modal } from '../../components/Modal';
import { LoadingBlock } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { focusFirstError } from '../../lib/focusFirstError';
import {
  useCameraNames,
  useCameraPolicies,
  useDefaultPolicy,
  useDeleteCameraPolicy,
  usePutCameraPolicy,
  usePutDefaultPolicy,
  useStorageTiers,
} from './api';
import { mapIssues } from './issues';
import { PolicyFields } from './PolicyFields';
import {
  checkPolicyForm,
  describePolicy,
  policyIssueField,
  policyRules,
  policyToForm,
  type PolicyErrors,
  type PolicyField,
  type PolicyFormValues,
  type PolicyRules,
} from './policy';
import type { StoragePolicy, StorageTier } from './types';

const API_FIELDS = ['warmAfterDays', 'warmTierId', 'coldAfterDays', 'coldTierId', 'deleteAfterDays', 'quotaBytes'] as const;

/** Form state for a policy: values, client and server errors, and a submit that checks before it sends. */
function usePolicyForm(initial: PolicyFormValues, tiers: readonly StorageTier[], error: unknown) {
  const [values, setValues] = useState(initial);
  const [clientErrors, setClientErrors] = useState<PolicyErrors>({});
  const server = mapIssues(error instanceof ApiError ? error.issues : [], policyIssueField);
  const errors: PolicyErrors = { ...server.fields, ...clientErrors };
  const onChange = (field: PolicyField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (clientErrors[field]) setClientErrors(({ [field]: _, ...rest }) => rest);
  };
  const check = (form: HTMLFormElement): PolicyRules | null => {
    const result = checkPolicyForm(values, tiers);
    setClientErrors(result.errors);
    if (!result.ok) {
      focusFirstError(form);
      return null;
    }
    return result.body;
  };
  return { values, errors, onChange, check };
}

export function PoliciesTab({ admin }: { admin: boolean }) {
  const policy = useDefaultPolicy();
  const tiers = useStorageTiers();
  const loading = policy.isPending || tiers.isPending;
  return (
    <>
      <section className="card card-padded" aria-labelledby="default-policy-title" data-testid="default-policy">
        <h2 id="default-policy-title" className="card-title">
          Default policy
        </h2>
        <p className="muted small policy-intro">
          Applies to every camera without its own policy. Storage passes move footage to colder tiers and delete it as it ages; footage on
          legal hold is never moved or deleted.
        </p>
        <ErrorAlert error={policy.error ?? tiers.error} title="Could not load the policy" />
        {loading ? (
          <LoadingBlock label="Loading the policy…" />
        ) : (
          policy.data && tiers.data && <DefaultPolicyForm policy={policy.data} tiers={tiers.data} admin={admin} />
        )}
      </section>
      {policy.data && tiers.data && <CameraOverrides admin={admin} defaultPolicy={policy.data} tiers={tiers.data} />}
    </>
  );
}

function DefaultPolicyForm({ policy, tiers, admin }: { policy: StoragePolicy; tiers: StorageTier[]; admin: boolean }) {
  const save = usePutDefaultPolicy();
  const toast = useToast();
  const form = usePolicyForm(policyToForm(policy), tiers, save.error);
  const tierName = (id: string) => tiers.find((t) => t.id === id)?.name ?? null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = form.check(event.currentTarget);
    if (!body) return;
    save.mutate(body, { onSuccess: () => toast('Default policy saved') });
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Default policy">
      <p className="policy-summary" data-testid="default-policy-summary">
        {describePolicy(policyRules(policy), tierName)}
      </p>
      <ErrorAlert error={save.error} title="The policy was not saved" fields={API_FIELDS} />
      <PolicyFields values={form.values} errors={form.errors} tiers={tiers} disabled={!admin || save.isPending} onChange={form.onChange} />
      {admin && (
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending} aria-busy={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save default policy'}
          </button>
        </div>
      )}
    </form>
  );
}

interface OverrideTarget {
  cameraId: string;
  name: string;
  policy: StoragePolicy | null;
}

function CameraOverrides({ admin, defaultPolicy, tiers }: { admin: boolean; defaultPolicy: StoragePolicy; tiers: StorageTier[] }) {
  const directory = useCameraNames();
  const ids = useMemo(() => directory.cameras.map((c) => c.id), [directory.cameras]);
  const policies = useCameraPolicies(ids, true);
  const remove = useDeleteCameraPolicy();
  const toast = useToast();
  const [editing, setEditing] = useState<OverrideTarget | null>(null);
  const [removing, setRemoving] = useState<OverrideTarget | null>(null);
  const tierName = (id: string) => tiers.find((t) => t.id === id)?.name ?? null;
  const failed = policies.find((q) => q.isError);

  const rows = directory.cameras
    .map((camera, i) => ({ camera, query: policies[i] }))
    .sort((a, b) => {
      const own = (x: typeof a) => (x.query?.data && !x.query.data.inherited ? 0 : 1);
      return own(a) - own(b) || a.camera.name.localeCompare(b.camera.name);
    });
  const overrides = rows.filter((r) => r.query?.data && !r.query.data.inherited).length;

  return (
    <section className="card" aria-labelledby="camera-policies-title" data-testid="camera-policies">
      <div className="card-header">
        <div>
          <h2 id="camera-policies-title" className="card-title">
            Per-camera policies
          </h2>
          <p className="muted small">
            {overrides === 0
              ? 'Every camera inherits the default policy.'
              : `${overrides} of ${rows.length} cameras have their own policy.`}
          </p>
        </div>
      </div>
      {failed && <ErrorAlert error={failed.error} title="Could not load every camera’s policy" />}
      <ErrorAlert error={directory.error} title="Could not load the cameras" />
      {directory.isPending ? (
        <LoadingBlock label="Loading cameras…" />
      ) : rows.length === 0 ? (
        <EmptyState icon="camera" title="No cameras yet" description={<Link to="/cameras">Add a camera</Link>} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Storage policy of each camera</caption>
            <thead>
              <tr>
                <th scope="col">Camera</th>
                <th scope="col">Policy</th>
                {admin && (
                  <th scope="col" className="col-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ camera, query }) => {
                const data = query?.data;
                const own = data && !data.inherited ? data : null;
                return (
                  <tr key={camera.id} data-testid={`camera-policy-${camera.id}`}>
                    <td>
                      <Link to={`/cameras/${camera.id}`} className="table-primary-link">
                        {camera.name}
                      </Link>
                    </td>
                    <td>
                      {!data ? (
                        <span className="muted">{query?.isError ? 'Could not load' : 'Loading…'}</span>
                      ) : own ? (
                        <>
                          <Badge tone="accent">Own policy</Badge> <span>{describePolicy(policyRules(own), tierName)}</span>
                        </>
                      ) : (
                        <>
                          <Badge tone="neutral">Inherits default</Badge>{' '}
                          <span className="muted">{describePolicy(policyRules(defaultPolicy), tierName)}</span>
                        </>
                      )}
                    </td>
                    {admin && (
                      <td className="col-actions">
                        {data && (
                          <div className="row-actions">
                            <button
                              type="button"
                              className="btn btn-ghost btn-sm"
                              onClick={() => setEditing({ cameraId: camera.id, name: camera.name, policy: own })}
                            >
                              {own ? 'Edit policy' : 'Give own policy'}
                              <span className="visually-hidden"> of {camera.name}</span>
                            </button>
                            {own && (
                              <button
                                type="button"
                                className="btn btn-ghost btn-sm btn-danger-text"
                                onClick={() => {
                                  remove.reset();
                                  setRemoving({ cameraId: camera.id, name: camera.name, policy: own });
                                }}
                              >
                                Remove<span className="visually-hidden"> own policy of {camera.name}</span>
                              </button>
                            )}
                          </div>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {editing && <OverrideModal target={editing} defaultPolicy={defaultPolicy} tiers={tiers} onClose={() => setEditing(null)} />}
      {removing && (
        <ConfirmDialog
          title="Remove the camera’s own policy?"
          confirmLabel="Remove policy"
          pendingLabel="Removing…"
          pending={remove.isPending}
          error={remove.error}
          onCancel={() => setRemoving(null)}
          onConfirm={() =>
            remove.mutate(removing.cameraId, {
              onSuccess: () => {
                toast(`${removing.name} inherits the default policy again`);
                setRemoving(null);
              },
            })
          }
        >
          <p>
            <strong>{removing.name}</strong> inherits the default policy again: {describePolicy(policyRules(defaultPolicy), tierName)}.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function OverrideModal({
  target,
  defaultPolicy,
  tiers,
  onClose,
}: {
  target: OverrideTarget;
  defaultPolicy: StoragePolicy;
  tiers: StorageTier[];
  onClose: () => void;
}) {
  const save = usePutCameraPolicy();
  const toast = useToast();
  // A new override starts from the default, which is what the camera follows today.
  const form = usePolicyForm(policyToForm(target.policy ?? defaultPolicy), tiers, save.error);
  const formId = `camera-policy-${target.cameraId}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = form.check(event.currentTarget);
    if (!body) return;
    save.mutate(
      { cameraId: target.cameraId, body },
      {
        onSuccess: () => {
          toast(`Policy of ${target.name} saved`);
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      title={`Storage policy of ${target.name}`}
      description={target.policy ? 'This camera has its own policy.' : 'This camera follows the default policy until you save its own.'}
      onClose={onClose}
      busy={save.isPending}
      size="lg"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={save.isPending}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={save.isPending} aria-busy={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save camera policy'}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        <ErrorAlert error={save.error} title="The policy was not saved" fields={API_FIELDS} />
        <PolicyFields values={form.values} errors={form.errors} tiers={tiers} disabled={save.isPending} onChange={form.onChange} />
      </form>
    </Modal>
  );
}
