import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/Alert';
import { CheckboxField, Field, type ControlProps } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { focusFirstError } from '../../lib/focusFirstError';
import { mapIssues } from '../storage/issues';
import { useCreateChannel, useUpdateChannel } from './api';
import {
  CHANNEL_KIND_LABELS,
  CHANNEL_KINDS,
  channelIssueField,
  channelToForm,
  checkChannelForm,
  EMPTY_CHANNEL_FORM,
  hasStoredSecret,
  MIN_WEBHOOK_SECRET,
  type ChannelErrors,
  type ChannelField,
  type ChannelFormValues,
  type SmtpSecurity,
} from './channels';
import { SEVERITIES, SEVERITY_LABELS, type Severity } from './model';
import type { NotificationChannel } from './types';

const API_FIELDS = ['name', 'kind', 'minSeverity', 'enabled', 'email', 'sms', 'webhook'];

/** Add a channel (`channel` null) or edit one. Secrets are write-only: empty keeps the stored one. */
export function ChannelFormModal({ channel, onClose }: { channel: NotificationChannel | null; onClose: () => void }) {
  const toast = useToast();
  const create = useCreateChannel();
  const update = useUpdateChannel();
  const mutation = channel ? update : create;
  const formId = useId();
  const [values, setValues] = useState<ChannelFormValues>(() => (channel ? channelToForm(channel) : EMPTY_CHANNEL_FORM));
  const [clientErrors, setClientErrors] = useState<ChannelErrors>({});
  const server = mapIssues(mutation.error instanceof ApiError ? mutation.error.issues : [], channelIssueField);
  const errors: ChannelErrors = { ...server.fields, ...clientErrors };
  const pending = mutation.isPending;
  const stored = hasStoredSecret(channel);
  const keepHint = (what: string) => (stored ? `Leave empty to keep the stored ${what}.` : undefined);

  const set = <K extends keyof ChannelFormValues>(field: K, value: ChannelFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setClientErrors((current) => {
      if (!(field in current)) return current;
      const next = { ...current };
      delete next[field as ChannelField];
      return next;
    });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const check = checkChannelForm(values, channel);
    setClientErrors(check.errors);
    if (!check.ok) {
      focusFirstError(form);
      return;
    }
    mutation.reset();
    const done = (saved: NotificationChannel) => {
      toast(channel ? `Channel ${saved.name} saved` : `Channel ${saved.name} added`);
      onClose();
    };
    if (channel) update.mutate({ id: channel.id, body: check.body }, { onSuccess: done, onError: () => focusFirstError(form) });
    else create.mutate(check.body, { onSuccess: done, onError: () => focusFirstError(form) });
  };

  const text =
    (field: ChannelField, props: { type?: string; placeholder?: string; autoComplete?: string; mono?: boolean } = {}) =>
    (control: ControlProps) => (
      <input
        {...control}
        className={`input${props.mono ? ' input-mono' : ''}`}
        type={props.type ?? 'text'}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        value={values[field]}
        disabled={pending}
        onChange={(e) => set(field, e.target.value)}
        data-testid={`channel-field-${field}`}
      />
    );
  const area = (field: ChannelField, placeholder: string) => (control: ControlProps) => (
    <textarea
      {...control}
      className="textarea input-mono"
      rows={3}
      placeholder={placeholder}
      spellCheck={false}
      value={values[field]}
      disabled={pending}
      onChange={(e) => set(field, e.target.value)}
      data-testid={`channel-field-${field}`}
    />
  );

  return (
    <Modal
      title={channel ? `Edit channel ${channel.name}` : 'Add notification channel'}
      description="Alerts are sent through every enabled channel a rule names (or all of them) when the alert is at least the channel’s minimum severity."
      onClose={onClose}
      busy={pending}
      size="lg"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={pending} aria-busy={pending}>
            {pending ? 'Saving…' : channel ? 'Save channel' : 'Add channel'}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate data-testid="channel-form">
        <ErrorAlert
          error={mutation.error}
          title={mutation.error instanceof ApiError && mutation.error.status === 409 ? 'The name is taken' : 'The channel was not saved'}
          fields={API_FIELDS}
        />
        <div className="form-row">
          <Field label="Name" error={errors.name} required>
            {text('name')}
          </Field>
          <Field label="Minimum severity" hint="Alerts below this are not sent here.">
            {(control) => (
              <select
                {...control}
                className="select"
                value={values.minSeverity}
                disabled={pending}
                onChange={(e) => set('minSeverity', e.target.value as Severity)}
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
        {!channel && (
          <fieldset className="field">
            <legend className="field-label">Kind</legend>
            <div className="radio-inline">
              {CHANNEL_KINDS.map((k) => (
                <label key={k} className="radio-inline-option">
                  <input
                    type="radio"
                    name={`${formId}-kind`}
                    value={k}
                    checked={values.kind === k}
                    disabled={pending}
                    onChange={() => set('kind', k)}
                  />
                  {CHANNEL_KIND_LABELS[k]}
                </label>
              ))}
            </div>
          </fieldset>
        )}

        {values.kind === 'email' && (
          <>
            <div className="form-row form-row-3">
              <Field label="SMTP server" error={errors.host} required>
                {text('host', { placeholder: 'smtp.example.com', mono: true })}
              </Field>
              <Field label="Port" error={errors.port} required>
                {text('port', { placeholder: '587' })}
              </Field>
              <Field label="Encryption">
                {(control) => (
                  <select
                    {...control}
                    className="select"
                    value={values.security}
                    disabled={pending}
                    onChange={(e) => set('security', e.target.value as SmtpSecurity)}
                  >
                    <option value="starttls">STARTTLS (required)</option>
                    <option value="tls">TLS (port 465)</option>
                    <option value="none">None / opportunistic</option>
                  </select>
                )}
              </Field>
            </div>
            <div className="form-row">
              <Field label="User name" error={errors.user} hint="Empty when the server needs no sign-in.">
                {text('user', { autoComplete: 'off' })}
              </Field>
              <Field label="Password" error={errors.password} hint={keepHint('password') ?? 'Write-only: never shown again.'}>
                {text('password', { type: 'password', autoComplete: 'new-password', placeholder: stored ? '••••••••' : undefined })}
              </Field>
            </div>
            <Field label="From" error={errors.emailFrom} required>
              {text('emailFrom', { placeholder: 'Argus <argus@example.com>' })}
            </Field>
            <Field label="To" error={errors.emailTo} required hint="One address per line (or separated by commas), up to 50.">
              {area('emailTo', 'ops@example.com')}
            </Field>
            <CheckboxField
              label="Check the server’s TLS certificate"
              hint="Turn off only for a server with a self-signed certificate you trust."
              checked={values.tlsRejectUnauthorized}
              disabled={pending}
              onChange={(checked) => set('tlsRejectUnauthorized', checked)}
            />
          </>
        )}

        {values.kind === 'sms' && (
          <>
            <Field label="API base URL" error={errors.baseUrl} hint="Leave empty for Twilio; or a Twilio-compatible provider’s URL.">
              {text('baseUrl', { placeholder: 'https://api.twilio.com', mono: true })}
            </Field>
            <div className="form-row">
              <Field label="Account SID" error={errors.accountSid} required>
                {text('accountSid', { mono: true })}
              </Field>
              <Field
                label="Auth token"
                error={errors.authToken}
                required={!stored}
                hint={keepHint('auth token') ?? 'Write-only: never shown again.'}
              >
                {text('authToken', { type: 'password', autoComplete: 'new-password', placeholder: stored ? '••••••••' : undefined })}
              </Field>
            </div>
            <Field label="From" error={errors.smsFrom} required hint="The sending number (E.164) or sender ID.">
              {text('smsFrom', { placeholder: '+15550001111' })}
            </Field>
            <Field label="To" error={errors.smsTo} required hint="E.164 numbers like +4915112345678, one per line, up to 20.">
              {area('smsTo', '+4915112345678')}
            </Field>
          </>
        )}

        {values.kind === 'webhook' && (
          <>
            <Field label="URL" error={errors.url} required hint="Argus POSTs JSON to it, signed in X-Argus-Signature.">
              {text('url', { placeholder: 'https://hooks.example.com/argus', mono: true })}
            </Field>
            <Field
              label="Signing secret"
              error={errors.secret}
              required={!stored}
              hint={keepHint('secret') ?? `At least ${MIN_WEBHOOK_SECRET} characters; the receiver checks the HMAC with it. Write-only.`}
            >
              {text('secret', { type: 'password', autoComplete: 'new-password', placeholder: stored ? '••••••••' : undefined })}
            </Field>
            <Field label="Extra headers" error={errors.headers} hint="Optional, one “Name: value” per line.">
              {area('headers', 'X-Team: ops')}
            </Field>
          </>
        )}

        <CheckboxField
          label="Enabled"
          hint="A disabled channel sends nothing."
          checked={values.enabled}
          disabled={pending}
          onChange={(checked) => set('enabled', checked)}
        />
      </form>
    </Modal>
  );
}
