import { useId, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/errors';
import type { CreatedToken, Permission } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { PERMISSIONS } from '../../auth/permissions';
import { Alert, ErrorAlert } from '../../components/Alert';
import { SecretValue } from '../../components/CopyButton';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { formatDate } from '../../lib/format';
import { focusFirstError } from '../../lib/focusFirstError';
import { useCreateToken } from './api';
import { EXPIRY_OPTIONS, looksLikeIpOrCidr, parseAllowlist } from './tokenForm';

const TOKEN_FIELDS = ['name', 'scopes', 'expiresInDays', 'ipAllowlist'] as const;

export function CreateTokenModal({ onClose }: { onClose: () => void }) {
  const [created, setCreated] = useState<CreatedToken | null>(null);
  if (created) return <TokenSecretModal created={created} onClose={onClose} />;
  return <CreateTokenForm onClose={onClose} onCreated={setCreated} />;
}

function CreateTokenForm({ onClose, onCreated }: { onClose: () => void; onCreated: (token: CreatedToken) => void }) {
  const { user } = useAuth();
  const create = useCreateToken();
  const scopesId = useId();
  const available = PERMISSIONS.filter((p) => user?.permissions.includes(p.id));
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<Permission>>(new Set());
  const [expiry, setExpiry] = useState('90');
  const [allowlist, setAllowlist] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(create.error), ...clientErrors };

  const toggleScope = (scope: Permission, on: boolean) =>
    setScopes((prev) => {
      const next = new Set(prev);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entries = parseAllowlist(allowlist);
    const problems: Record<string, string> = {};
    if (name.trim() === '') problems.name = 'Name the token after what will use it, e.g. “Home Assistant”.';
    if (scopes.size === 0) problems.scopes = 'Choose at least one scope.';
    const bad = entries.filter((entry) => !looksLikeIpOrCidr(entry));
    if (bad.length > 0) problems.ipAllowlist = `Not an IP address or CIDR range: ${bad.join(', ')}`;
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstError(event.currentTarget as HTMLFormElement);
      return;
    }

    create.mutate(
      {
        name: name.trim(),
        // Keep the server's canonical order rather than click order.
        scopes: available.filter((p) => scopes.has(p.id)).map((p) => p.id),
        expiresInDays: expiry === 'never' ? null : Number(expiry),
        ipAllowlist: entries,
      },
      { onSuccess: onCreated },
    );
  };

  return (
    <Modal
      title="New API token"
      description="Tokens let scripts and integrations call the Argus API as you, limited to the scopes you pick."
      onClose={onClose}
      busy={create.isPending}
      size="lg"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={create.isPending}>
            Cancel
          </button>
          <button
            type="submit"
            form="create-token-form"
            className="btn btn-primary"
            disabled={create.isPending}
            aria-busy={create.isPending}
          >
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </>
      }
    >
      <form id="create-token-form" className="form" onSubmit={submit} noValidate>
        <ErrorAlert error={create.error} fields={TOKEN_FIELDS} />
        <Field label="Name" error={errors.name} required hint="Shown in the token list and the audit log.">
          {(control) => (
            <input
              {...control}
              className="input"
              autoComplete="off"
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>

        <fieldset className="field scope-fieldset" aria-describedby={errors.scopes ? `${scopesId}-error` : `${scopesId}-hint`}>
          <legend className="field-label">
            Scopes
            <span className="field-required" aria-hidden="true">
              {' '}
              *
            </span>
          </legend>
          <p id={`${scopesId}-hint`} className="field-hint">
            A token can hold only permissions you have yourself.
          </p>
          <div className="scope-grid">
            {available.map((permission) => {
              const id = `${scopesId}-${permission.id}`;
              return (
                <div key={permission.id} className="scope-option">
                  <input
                    id={id}
                    type="checkbox"
                    className="checkbox"
                    checked={scopes.has(permission.id)}
                    aria-describedby={`${id}-desc`}
                    onChange={(e) => toggleScope(permission.id, e.target.checked)}
                  />
                  <div>
                    <label htmlFor={id} className="scope-name">
                      {permission.id}
                    </label>
                    <p id={`${id}-desc`} className="scope-description">
                      {permission.description}
                    </p>
                  </div>
                </div>
              );
            })}
          </div>
          <div className="scope-shortcuts">
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setScopes(new Set(available.map((p) => p.id)))}>
              Select all
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setScopes(new Set())}>
              Clear
            </button>
          </div>
          {errors.scopes && (
            <p id={`${scopesId}-error`} className="field-error">
              {errors.scopes}
            </p>
          )}
        </fieldset>

        <div className="form-row">
          <Field label="Expires after" error={errors.expiresInDays}>
            {(control) => (
              <select {...control} className="select" value={expiry} onChange={(e) => setExpiry(e.target.value)}>
                {EXPIRY_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>

        <Field
          label="IP allowlist"
          error={errors.ipAllowlist}
          hint="Optional. One IP address or CIDR range per line (e.g. 192.168.1.0/24). Empty allows any address."
        >
          {(control) => (
            <textarea
              {...control}
              className="textarea input-mono"
              rows={3}
              spellCheck={false}
              placeholder={'192.168.1.0/24\n2001:db8::/32'}
              value={allowlist}
              onChange={(e) => setAllowlist(e.target.value)}
            />
          )}
        </Field>
      </form>
    </Modal>
  );
}

function TokenSecretModal({ created, onClose }: { created: CreatedToken; onClose: () => void }) {
  const { token, secret } = created;
  return (
    <Modal
      title="Token created"
      description={`“${token.name}” is ready to use.`}
      onClose={onClose}
      closeOnBackdrop={false}
      size="lg"
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          I've saved it
        </button>
      }
    >
      <Alert tone="warning" title="You won't see this again">
        Copy the token now and store it somewhere safe, such as a password manager. Argus keeps only a hash of it.
      </Alert>
      <SecretValue
        label="Token"
        value={secret}
        testId="token-secret"
        hint={`Send it as “Authorization: Bearer <token>”. ${
          token.expiresAt ? `Expires ${formatDate(token.expiresAt)}.` : 'Never expires.'
        }`}
      />
      <p className="muted small">Scopes: {token.scopes.join(', ')}</p>
    </Modal>
  );
}
