import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { formatDateTime } from '../../lib/format';
import { focusFirstError } from '../../lib/focusFirstError';
import { toLocalInput } from '../exports/range';
import { mapIssues } from '../storage/issues';
import { useAlertRules, useCreateSnooze } from './api';
import { useAlertNames } from './names';
import {
  checkSnoozeForm,
  emptySnoozeForm,
  MAX_SNOOZE_REASON,
  SNOOZE_PRESETS,
  snoozeUntil,
  type SnoozeErrors,
  type SnoozeField,
  type SnoozeFormValues,
} from './snoozes';

const snoozeIssueField = (path: string): SnoozeField | null =>
  path.startsWith('until')
    ? 'until'
    : path.startsWith('reason')
      ? 'reason'
      : path.startsWith('ruleId') || path.startsWith('subject')
        ? 'target'
        : null;

/**
 * Snooze a rule, a camera (or the server), or one rule for one camera: no new alerts and no
 * notifications until the time chosen.
 */
export function SnoozeModal({ prefill, onClose }: { prefill?: { ruleId?: string | null; subject?: string | null }; onClose: () => void }) {
  const toast = useToast();
  const create = useCreateSnooze();
  const rules = useAlertRules();
  const names = useAlertNames();
  const formId = useId();
  const [values, setValues] = useState<SnoozeFormValues>(() => emptySnoozeForm(prefill));
  const [clientErrors, setClientErrors] = useState<SnoozeErrors>({});
  const server = mapIssues(create.error instanceof ApiError ? create.error.issues : [], snoozeIssueField);
  const errors: SnoozeErrors = { ...server.fields, ...clientErrors };
  const [now] = useState(() => Date.now());
  const preview = snoozeUntil(values.preset, values.until, Date.now());
  // A subject from an alert that names no camera on the list (a storage tier, the server).
  const extraSubject =
    values.subject !== '' && values.subject !== 'system' && !names.cameras.some((c) => c.id === values.subject) ? values.subject : null;

  const set = <K extends keyof SnoozeFormValues>(field: K, value: SnoozeFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setClientErrors({});
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const check = checkSnoozeForm(values, Date.now());
    setClientErrors(check.errors);
    if (!check.ok) {
      focusFirstError(form);
      return;
    }
    create.mutate(check.body, {
      onSuccess: (saved) => {
        toast(`Snoozed until ${formatDateTime(saved.until)}`);
        onClose();
      },
      onError: () => focusFirstError(form),
    });
  };

  return (
    <Modal
      title="Snooze alerts"
      description="While snoozed, rules keep watching, but no new alert opens and nothing is sent. Alerts already open stay open."
      onClose={onClose}
      busy={create.isPending}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={create.isPending}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={create.isPending} aria-busy={create.isPending}>
            {create.isPending ? 'Snoozing…' : 'Snooze'}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate data-testid="snooze-form">
        <ErrorAlert error={create.error} title="Nothing was snoozed" fields={['until', 'reason', 'ruleId', 'subject']} />
        <div className="form-row">
          <Field label="Rule" error={errors.target} hint="One rule, or every rule for the camera.">
            {(control) => (
              <select
                {...control}
                className="select"
                value={values.ruleId}
                disabled={create.isPending}
                onChange={(e) => set('ruleId', e.target.value)}
              >
                <option value="">Every rule</option>
                {(rules.data ?? []).map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
                {values.ruleId !== '' && !(rules.data ?? []).some((r) => r.id === values.ruleId) && (
                  <option value={values.ruleId}>{rules.isPending ? 'Loading…' : 'Unknown rule'}</option>
                )}
              </select>
            )}
          </Field>
          <Field label="Camera" hint="One camera or subject, or everything the rule watches.">
            {(control) => (
              <select
                {...control}
                className="select"
                value={values.subject}
                disabled={create.isPending}
                onChange={(e) => set('subject', e.target.value)}
              >
                <option value="">Everything</option>
                {names.cameras.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
                <option value="system">The server (disk space)</option>
                {extraSubject && <option value={extraSubject}>{names.subjectName(extraSubject)}</option>}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="field">
          <legend className="field-label">For how long</legend>
          <div className="snooze-presets" role="radiogroup">
            {SNOOZE_PRESETS.map((p) => (
              <label key={p.id} className={`snooze-preset${values.preset === p.id ? ' snooze-preset-checked' : ''}`}>
                <input
                  type="radio"
                  name={`${formId}-preset`}
                  value={p.id}
                  checked={values.preset === p.id}
                  disabled={create.isPending}
                  onChange={() => {
                    set('preset', p.id);
                    if (p.id === 'until' && values.until === '') set('until', toLocalInput(new Date(now + 24 * 3_600_000)).slice(0, 16));
                  }}
                />
                {p.label}
              </label>
            ))}
          </div>
        </fieldset>
        {values.preset === 'until' && (
          <Field label="Until" error={errors.until} required>
            {(control) => (
              <input
                {...control}
                className="input"
                type="datetime-local"
                value={values.until}
                disabled={create.isPending}
                onChange={(e) => set('until', e.target.value)}
              />
            )}
          </Field>
        )}
        {values.preset !== 'until' && errors.until && <p className="field-error">{errors.until}</p>}
        {preview && preview.getTime() > Date.now() && <p className="muted small">Ends {formatDateTime(preview.toISOString())}.</p>}
        <Field label="Reason" error={errors.reason} hint="Optional, e.g. “maintenance of the gate camera”.">
          {(control) => (
            <input
              {...control}
              className="input"
              maxLength={MAX_SNOOZE_REASON + 1}
              value={values.reason}
              disabled={create.isPending}
              onChange={(e) => set('reason', e.target.value)}
            />
          )}
        </Field>
      </form>
    </Modal>
  );
}
