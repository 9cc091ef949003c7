import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/errors';
import type { Role, UpdateUserBody, User } from '../../api/types';
import { ROLES } from '../../auth/permissions';
import { ErrorAlert } from '../../components/Alert';
import { CheckboxField, Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { focusFirstError } from '../../lib/focusFirstError';
import { useCreateUser, useUpdateUser } from './api';

const USER_FIELDS = ['email', 'name', 'password', 'role', 'disabled'] as const;
const MIN_PASSWORD = 12;

interface UserFormModalProps {
  /** The user to edit; null to create one. */
  user: User | null;
  /** The signed-in user's id: they can't demote or disable themselves here. */
  selfId: string;
  onClose: () => void;
}

export function UserFormModal({ user, selfId, onClose }: UserFormModalProps) {
  const toast = useToast();
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;
  const isSelf = user?.id === selfId;

  const [email, setEmail] = useState(user?.email ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'viewer');
  const [password, setPassword] = useState('');
  const [disabled, setDisabled] = useState(user?.disabled ?? false);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(mutation.error), ...clientErrors };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) problems.email = 'Enter a valid email address.';
    if (name.trim() === '') problems.name = "Enter the person's name.";
    if ((!user || password !== '') && password.length < MIN_PASSWORD) problems.password = `Use at least ${MIN_PASSWORD} characters.`;
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstError(event.currentTarget as HTMLFormElement);
      return;
    }

    if (!user) {
      create.mutate(
        { email: email.trim(), name: name.trim(), password, role },
        {
          onSuccess: (created) => {
            toast(`User ${created.email} created`);
            onClose();
          },
        },
      );
      return;
    }
    const body: UpdateUserBody = {};
    if (email.trim() !== user.email) body.email = email.trim();
    if (name.trim() !== user.name) body.name = name.trim();
    if (role !== user.role) body.role = role;
    if (disabled !== user.disabled) body.disabled = disabled;
    if (password !== '') body.password = password;
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: user.id, body },
      {
        onSuccess: (saved) => {
          toast(`User ${saved.email} updated`);
          onClose();
        },
      },
    );
  };

  const formId = user ? `user-form-${user.id}` : 'user-form-new';
  return (
    <Modal
      title={user ? 'Edit user' : 'New user'}
      description={user ? user.email : 'They can sign in with this email and password right away.'}
      onClose={onClose}
      busy={mutation.isPending}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={mutation.isPending}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={mutation.isPending} aria-busy={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : user ? 'Save user' : 'Create user'}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        <ErrorAlert error={mutation.error} fields={USER_FIELDS} />
        <Field label="Email" error={errors.email} required>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Full name" error={errors.name} required>
          {(control) => <input {...control} className="input" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field
          label="Role"
          error={errors.role}
          hint={isSelf ? "You can't change your own role." : ROLES.find((r) => r.id === role)?.description}
        >
          {(control) => (
            <select {...control} className="select" value={role} disabled={isSelf} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={user ? 'New password' : 'Password'}
          error={errors.password}
          required={!user}
          hint={
            user ? `Leave empty to keep the current password. At least ${MIN_PASSWORD} characters.` : `At least ${MIN_PASSWORD} characters.`
          }
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete="new-password"
              minLength={MIN_PASSWORD}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {user && (
          <CheckboxField
            label="Account disabled"
            hint={isSelf ? "You can't disable your own account." : "Disabled users can't sign in and their API tokens stop working."}
            error={errors.disabled}
            checked={disabled}
            disabled={isSelf}
            onChange={setDisabled}
          />
        )}
      </form>
    </Modal>
  );
}
