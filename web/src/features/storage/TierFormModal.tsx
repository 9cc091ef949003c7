import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/errors';
import { Alert, ErrorAlert } from '../../components/Alert';
import { Field, type ControlProps } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { focusFirstError } from '../../lib/focusFirstError';
import { useCreateTier, useUpdateTier } from './api';
import { mapIssues } from './issues';
import {
  checkTierForm,
  EMPTY_TIER_FORM,
  RANK_OPTIONS,
  tierIssueField,
  tierToForm,
  type TierErrors,
  type TierField,
  type TierFormValues,
} from './tiers';
import type { StorageTier } from './types';

const API_FIELDS = ['name', 'kind', 'rank', 'local', 's3', 'quotaBytes', 'floorPercent', 'floorBytes'] as const;

/** Add a tier (`tier` null) or edit one. The built-in hot tier only changes its quota and floor. */
export function TierFormModal({ tier, onClose }: { tier: StorageTier | null; onClose: () => void }) {
  const toast = useToast();
  const create = useCreateTier();
  const update = useUpdateTier();
  const mutation = tier ? update : create;
  const formId = useId();
  const [values, setValues] = useState<TierFormValues>(() => (tier ? tierToForm(tier) : EMPTY_TIER_FORM));
  const [clientErrors, setClientErrors] = useState<TierErrors>({});
  const server = mapIssues(mutation.error instanceof ApiError ? mutation.error.issues : [], tierIssueField);
  const errors: TierErrors = { ...server.fields, ...clientErrors };
  const builtIn = tier?.builtIn ?? false;
  const kind = tier?.kind ?? values.kind;

  const set = (field: TierField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (clientErrors[field]) setClientErrors(({ [field]: _, ...rest }) => rest);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const check = checkTierForm(values, tier);
    setClientErrors(check.errors);
    if (!check.ok) {
      focusFirstError(form);
      return;
    }
    mutation.reset();
    if (check.create) {
      create.mutate(check.create, {
        onSuccess: (created) => {
          toast(`Tier ${created.name} added`);
          onClose();
        },
        onError: () => focusFirstError(form),
      });
      return;
    }
    if (!tier || Object.keys(check.patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: tier.id, body: check.patch },
      {
        onSuccess: (saved) => {
          toast(`Tier ${saved.name} saved`);
          onClose();
        },
        onError: () => focusFirstError(form),
      },
    );
  };

  const input =
    (field: TierField, props: { type?: string; placeholder?: string; autoComplete?: string; mono?: boolean } = {}) =>
    (control: ControlProps) => (
      <input
        {...control}
        className={`input${props.mono ? ' input-mono' : ''}`}
        type={props.type ?? 'text'}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        value={values[field]}
        disabled={mutation.isPending}
        onChange={(e) => set(field, e.target.value)}
        data-testid={`tier-field-${field}`}
      />
    );

  return (
    <Modal
      title={tier ? `Edit tier ${tier.name}` : 'Add storage tier'}
      description={
        builtIn
          ? 'The hot tier is the recordings folder. You can set its quota and the free space it keeps.'
          : tier
            ? 'Changes to the folder or bucket are checked before they are saved.'
            : 'Argus checks that it can write to the tier before adding it.'
      }
      onClose={onClose}
      busy={mutation.isPending}
      size="lg"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={mutation.isPending}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={mutation.isPending} aria-busy={mutation.isPending}>
            {mutation.isPending ? 'Checking the tier…' : tier ? 'Save tier' : 'Add tier'}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate data-testid="tier-form">
        <ErrorAlert
          error={mutation.error}
          title={
            mutation.error instanceof ApiError && mutation.error.status === 409
              ? 'The tier conflicts with another'
              : 'The tier was not saved'
          }
          fields={API_FIELDS}
        />
        {!builtIn && (
          <>
            <div className="form-row">
              <Field label="Name" error={errors.name} required hint="Shown in policies and reports, e.g. “nas” or “archive”.">
                {input('name')}
              </Field>
              <Field label="Rank" error={errors.rank} hint="Footage moves from hot to higher ranks.">
                {(control) => (
                  <select
                    {...control}
                    className="select"
                    value={values.rank}
                    disabled={mutation.isPending}
                    onChange={(e) => set('rank', e.target.value)}
                  >
                    {RANK_OPTIONS.map((o) => (
                      <option key={o.value} value={String(o.value)}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            {!tier && (
              <fieldset className="field tier-kind">
                <legend className="field-label">Kind</legend>
                <div className="radio-row">
                  {(
                    [
                      ['local', 'Local folder', 'A disk or network mount on this server'],
                      ['s3', 'S3 bucket', 'AWS S3, MinIO, Backblaze B2, Google Cloud Storage…'],
                    ] as const
                  ).map(([value, label, hint]) => (
                    <label key={value} className={`radio-card${values.kind === value ? ' radio-card-checked' : ''}`}>
                      <input
                        type="radio"
                        name="tier-kind"
                        value={value}
                        checked={values.kind === value}
                        disabled={mutation.isPending}
                        onChange={() => set('kind', value)}
                      />
                      <span>
                        <span className="radio-card-label">{label}</span>
                        <span className="radio-card-hint">{hint}</span>
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            {kind === 'local' ? (
              <Field
                label="Folder"
                error={errors.path}
                required
                hint={
                  tier
                    ? 'An absolute path. It can change only while no chunks are stored on the tier.'
                    : 'An absolute path to an existing folder Argus can write to, outside its data folder.'
                }
              >
                {input('path', { placeholder: '/mnt/nas/argus', mono: true })}
              </Field>
            ) : (
              <>
                <Field
                  label="Endpoint"
                  error={errors.endpoint}
                  hint="Leave empty for AWS S3; e.g. https://s3.eu-central-003.backblazeb2.com or http://minio:9000."
                >
                  {input('endpoint', { placeholder: 'https://…', mono: true })}
                </Field>
                <div className="form-row">
                  <Field label="Bucket" error={errors.bucket} required>
                    {input('bucket', { mono: true })}
                  </Field>
                  <Field label="Region" error={errors.region} hint="us-east-1 when empty.">
                    {input('region', { mono: true })}
                  </Field>
                </div>
                <div className="form-row">
                  <Field label="Prefix" error={errors.prefix} hint="Optional folder inside the bucket.">
                    {input('prefix', { placeholder: 'argus/', mono: true })}
                  </Field>
                  <Field label="Addressing" error={errors.addressing} hint="Path-style for MinIO and most self-hosted servers.">
                    {(control) => (
                      <select
                        {...control}
                        className="select"
                        value={values.addressing}
                        disabled={mutation.isPending}
                        onChange={(e) => set('addressing', e.target.value)}
                      >
                        <option value="auto">Automatic</option>
                        <option value="path">Path-style (endpoint/bucket)</option>
                        <option value="virtual">Virtual-hosted (bucket.endpoint)</option>
                      </select>
                    )}
                  </Field>
                </div>
                <div className="form-row">
                  <Field label="Access key ID" error={errors.accessKeyId} required>
                    {input('accessKeyId', { mono: true })}
                  </Field>
                  <Field
                    label="Secret access key"
                    error={errors.secretAccessKey}
                    required={!tier?.s3?.hasSecret}
                    hint={tier?.s3?.hasSecret ? 'Leave empty to keep the current secret.' : 'Stored encrypted; never shown again.'}
                  >
                    {input('secretAccessKey', { type: 'password', autoComplete: 'new-password', mono: true })}
                  </Field>
                </div>
              </>
            )}
          </>
        )}
        <div className="form-row">
          <Field label="Quota (GB)" error={errors.quotaGb} hint="Most footage this tier may hold; empty for no limit. You can write 2 TB.">
            {input('quotaGb', { placeholder: 'no limit' })}
          </Field>
          {kind === 'local' && (
            <>
              <Field
                label="Keep free (%)"
                error={errors.floorPercent}
                hint="Of the disk, 0–90. Older footage moves on or is deleted below it."
              >
                {input('floorPercent', { placeholder: 'none' })}
              </Field>
              <Field label="Keep free (GB)" error={errors.floorGb} hint="Or at least this much; the larger floor applies.">
                {input('floorGb', { placeholder: 'none' })}
              </Field>
            </>
          )}
        </div>
        {kind === 's3' && !tier && (
          <Alert tone="info">
            The key needs permission to list, read, write and delete objects in the bucket. Argus writes a small test object to check.
          </Alert>
        )}
      </form>
    </Modal>
  );
}
