import { useId, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/errors';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/Alert';
import { CheckboxField, Field, type ControlProps } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { focusFirstError } from '../../lib/focusFirstError';
import { mapIssues } from '../storage/issues';
import { useChannels, useCreateRule, useUpdateRule } from './api';
import { CHANNEL_KIND_LABELS } from './channels';
import { formatSeconds, KIND_SPECS, RULE_KINDS, SEVERITIES, SEVERITY_LABELS, type RuleKind, type Severity } from './model';
import { useAlertNames } from './names';
import {
  allowsCameraScope,
  changeKind,
  checkRuleForm,
  emptyRuleForm,
  hasThreshold,
  parseNumberInput,
  ruleIssueField,
  ruleToForm,
  type RuleErrors,
  type RuleField,
  type RuleFormValues,
  type ScopeType,
} from './rules';
import type { AlertRule } from './types';

const API_FIELDS = [
  'name',
  'kind',
  'threshold',
  'clearThreshold',
  'forSeconds',
  'clearForSeconds',
  'severity',
  'scope',
  'quietHours',
  'channelIds',
];

const browserTimeZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

const timeZones = (): string[] => {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
};

/** Which error a change of a value clears. */
const ERROR_OF: Partial<Record<keyof RuleFormValues, RuleField>> = {
  scopeType: 'scope',
  cameraId: 'scope',
  cameraIds: 'scope',
  quietStart: 'quietStart',
  quietEnd: 'quietEnd',
  quietTimeZone: 'quietTimeZone',
};

const CAMERA_KINDS = RULE_KINDS.filter((k) => KIND_SPECS[k].subjects === 'camera');
const SYSTEM_KINDS = RULE_KINDS.filter((k) => KIND_SPECS[k].subjects === 'system');

/** Create a rule (`rule` null) or edit one; the fields follow the kind (units, hysteresis, scopes). */
export function RuleFormModal({ rule, onClose }: { rule: AlertRule | null; onClose: () => void }) {
  const { can } = useAuth();
  const admin = can('notifications:admin');
  const toast = useToast();
  const create = useCreateRule();
  const update = useUpdateRule();
  const mutation = rule ? update : create;
  const channels = useChannels(admin);
  const names = useAlertNames();
  const formId = useId();
  const zoneListId = useId();
  const zones = useMemo(timeZones, []);
  const [values, setValues] = useState<RuleFormValues>(() =>
    rule ? ruleToForm(rule, browserTimeZone()) : emptyRuleForm(browserTimeZone()),
  );
  const [clientErrors, setClientErrors] = useState<RuleErrors>({});
  const server = mapIssues(mutation.error instanceof ApiError ? mutation.error.issues : [], ruleIssueField);
  const errors: RuleErrors = { ...server.fields, ...clientErrors };
  const spec = KIND_SPECS[values.kind];
  const pending = mutation.isPending;

  const set = <K extends keyof RuleFormValues>(field: K, value: RuleFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    const key = ERROR_OF[field] ?? (field as RuleField);
    setClientErrors((current) => {
      if (!(key in current)) return current;
      const next = { ...current };
      delete next[key];
      return next;
    });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const check = checkRuleForm(values);
    setClientErrors(check.errors);
    if (!check.ok) {
      focusFirstError(form);
      return;
    }
    mutation.reset();
    const done = (saved: AlertRule) => {
      toast(rule ? `Rule ${saved.name} saved` : `Rule ${saved.name} created`);
      onClose();
    };
    if (rule) update.mutate({ id: rule.id, body: check.body }, { onSuccess: done, onError: () => focusFirstError(form) });
    else create.mutate(check.body, { onSuccess: done, onError: () => focusFirstError(form) });
  };

  const numberInput =
    (field: 'threshold' | 'clearThreshold' | 'forSeconds' | 'clearForSeconds', unit: string, placeholder?: string) =>
    (control: ControlProps) => (
      <div className="input-with-unit">
        <input
          {...control}
          className="input"
          inputMode="decimal"
          autoComplete="off"
          placeholder={placeholder}
          value={values[field]}
          disabled={pending}
          onChange={(e) => set(field, e.target.value)}
          data-testid={`rule-field-${field}`}
        />
        <span className="input-unit" aria-hidden="true">
          {unit}
        </span>
      </div>
    );

  const seconds = (text: string) => {
    const n = parseNumberInput(text);
    return n !== null && Number.isInteger(n) && n > 0 ? `= ${formatSeconds(n)}. ` : '';
  };
  const comparison = spec.test === 'below' ? 'below' : 'above';
  const clearHint =
    spec.test === 'below'
      ? 'Hysteresis: the alert clears only when the value is back up to this (at least the threshold). Empty: at the threshold.'
      : 'Hysteresis: the alert clears only when the value is back down to this (at most the threshold). Empty: at the threshold.';
  const scopeType: ScopeType = allowsCameraScope(values.kind) ? values.scopeType : 'global';
  const selectedChannels = new Set(values.channelIds);

  return (
    <Modal
      title={rule ? `Edit rule ${rule.name}` : 'New alert rule'}
      description="A rule watches cameras, recording or storage and opens an alert when its condition holds long enough."
      onClose={onClose}
      busy={pending}
      size="lg"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={pending} aria-busy={pending}>
            {pending ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate data-testid="rule-form">
        <ErrorAlert error={mutation.error} title="The rule was not saved" fields={API_FIELDS} />
        <div className="form-row">
          <Field label="Name" error={errors.name} required>
            {(control) => (
              <input
                {...control}
                className="input"
                autoComplete="off"
                value={values.name}
                disabled={pending}
                onChange={(e) => set('name', e.target.value)}
                data-testid="rule-field-name"
              />
            )}
          </Field>
          <Field label="Severity" error={errors.severity}>
            {(control) => (
              <select
                {...control}
                className="select"
                value={values.severity}
                disabled={pending}
                onChange={(e) => set('severity', e.target.value as Severity)}
              >
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {SEVERITY_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>

        <Field label="Condition" error={errors.kind} hint={spec.description}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={values.kind}
              disabled={pending}
              onChange={(e) => {
                setValues((v) => changeKind(v, e.target.value as RuleKind));
                setClientErrors({});
              }}
              data-testid="rule-field-kind"
            >
              <optgroup label="Cameras">
                {CAMERA_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_SPECS[k].label}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Server and storage">
                {SYSTEM_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_SPECS[k].label}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Field>

        {hasThreshold(values.kind) && (
          <div className="form-row">
            <Field
              label={`Alert when ${spec.metric} is ${comparison}`}
              error={errors.threshold}
              required
              hint={spec.min !== undefined && spec.max !== undefined ? `${spec.min} to ${spec.max} ${spec.unit ?? ''}` : undefined}
            >
              {numberInput('threshold', spec.unit ?? '')}
            </Field>
            <Field label="Clear when back to" error={errors.clearThreshold} hint={clearHint}>
              {numberInput('clearThreshold', spec.unit ?? '', values.threshold || undefined)}
            </Field>
          </div>
        )}
        <div className="form-row">
          <Field
            label="Open after"
            error={errors.forSeconds}
            hint={`${seconds(values.forSeconds)}How long the condition must hold before an alert opens (0 = at once).`}
          >
            {numberInput('forSeconds', 'seconds')}
          </Field>
          <Field
            label="Resolve after"
            error={errors.clearForSeconds}
            hint={`${seconds(values.clearForSeconds)}How long it must be clear before the alert resolves by itself.`}
          >
            {numberInput('clearForSeconds', 'seconds')}
          </Field>
        </div>

        <fieldset className="field" aria-describedby={errors.scope ? `${formId}-scope-error` : undefined}>
          <legend className="field-label">Applies to</legend>
          {allowsCameraScope(values.kind) ? (
            <>
              <div className="radio-inline">
                {(
                  [
                    ['global', 'All cameras'],
                    ['camera', 'One camera'],
                    ['group', 'A group of cameras'],
                  ] as const
                ).map(([value, label]) => (
                  <label key={value} className="radio-inline-option">
                    <input
                      type="radio"
                      name={`${formId}-scope`}
                      value={value}
                      checked={scopeType === value}
                      disabled={pending}
                      onChange={() => set('scopeType', value)}
                    />
                    {label}
                  </label>
                ))}
              </div>
              {scopeType === 'camera' && (
                <Field label="Camera" error={errors.scope}>
                  {(control) => (
                    <select
                      {...control}
                      className="select"
                      value={values.cameraId}
                      disabled={pending}
                      onChange={(e) => set('cameraId', e.target.value)}
                    >
                      <option value="">Choose a camera…</option>
                      {names.cameras.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                      {values.cameraId && !names.cameras.some((c) => c.id === values.cameraId) && (
                        <option value={values.cameraId}>Camera {values.cameraId}</option>
                      )}
                    </select>
                  )}
                </Field>
              )}
              {scopeType === 'group' && (
                <div className={`rule-camera-list${errors.scope ? ' field-invalid' : ''}`} role="group" aria-label="Cameras in the group">
                  {names.cameras.length === 0 && <p className="muted small">No cameras yet.</p>}
                  {names.cameras.map((c) => (
                    <label key={c.id} className="rule-camera-option">
                      <input
                        type="checkbox"
                        className="checkbox"
                        checked={values.cameraIds.includes(c.id)}
                        disabled={pending}
                        onChange={(e) =>
                          set('cameraIds', e.target.checked ? [...values.cameraIds, c.id] : values.cameraIds.filter((id) => id !== c.id))
                        }
                      />
                      {c.name}
                    </label>
                  ))}
                  {errors.scope && (
                    <p id={`${formId}-scope-error`} className="field-error">
                      {errors.scope}
                    </p>
                  )}
                </div>
              )}
            </>
          ) : (
            <p className="muted small">
              {values.kind === 'disk_free_below' ? 'The recordings disk of this server.' : 'Every warm and cold storage tier.'} This kind
              watches no camera.
            </p>
          )}
        </fieldset>

        <div className="form-section-box">
          <CheckboxField
            label="Quiet hours"
            hint="During quiet hours, warning and info alerts still open but send no notifications. Critical ones always do."
            checked={values.quietHours}
            disabled={pending}
            onChange={(checked) => set('quietHours', checked)}
          />
          {values.quietHours && (
            <div className="form-row form-row-3">
              <Field label="From" error={errors.quietStart}>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    type="time"
                    value={values.quietStart}
                    disabled={pending}
                    onChange={(e) => set('quietStart', e.target.value)}
                  />
                )}
              </Field>
              <Field label="To" error={errors.quietEnd}>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    type="time"
                    value={values.quietEnd}
                    disabled={pending}
                    onChange={(e) => set('quietEnd', e.target.value)}
                  />
                )}
              </Field>
              <Field label="Time zone" error={errors.quietTimeZone}>
                {(control) => (
                  <>
                    <input
                      {...control}
                      className="input"
                      list={zoneListId}
                      autoComplete="off"
                      spellCheck={false}
                      value={values.quietTimeZone}
                      disabled={pending}
                      onChange={(e) => set('quietTimeZone', e.target.value)}
                    />
                    <datalist id={zoneListId}>
                      {zones.map((z) => (
                        <option key={z} value={z} />
                      ))}
                    </datalist>
                  </>
                )}
              </Field>
            </div>
          )}
        </div>

        <fieldset className="field">
          <legend className="field-label">Notify</legend>
          {admin ? (
            channels.data && channels.data.length > 0 ? (
              <>
                <div className="rule-channel-list">
                  {channels.data.map((c) => (
                    <label key={c.id} className="rule-camera-option">
                      <input
                        type="checkbox"
                        className="checkbox"
                        checked={selectedChannels.has(c.id)}
                        disabled={pending}
                        onChange={(e) =>
                          set('channelIds', e.target.checked ? [...values.channelIds, c.id] : values.channelIds.filter((id) => id !== c.id))
                        }
                      />
                      {c.name} <span className="muted small">· {CHANNEL_KIND_LABELS[c.kind]}</span>
                      {!c.enabled && <span className="muted small"> (disabled)</span>}
                    </label>
                  ))}
                </div>
                <p className="field-hint">None chosen: every enabled channel whose minimum severity the alert reaches.</p>
              </>
            ) : (
              <p className="muted small">
                {channels.isPending ? 'Loading channels…' : 'No notification channels yet: alerts show here and in the bell only.'}
              </p>
            )
          ) : (
            <p className="muted small">
              {values.channelIds.length === 0
                ? 'Every enabled channel whose minimum severity the alert reaches.'
                : `${values.channelIds.length} chosen channel${values.channelIds.length === 1 ? '' : 's'}.`}{' '}
              Only administrators choose channels.
            </p>
          )}
          {errors.channelIds && <p className="field-error">{errors.channelIds}</p>}
        </fieldset>

        <CheckboxField
          label="Enabled"
          hint="A disabled rule is not evaluated; its open alerts resolve."
          checked={values.enabled}
          disabled={pending}
          onChange={(checked) => set('enabled', checked)}
        />
      </form>
    </Modal>
  );
}
