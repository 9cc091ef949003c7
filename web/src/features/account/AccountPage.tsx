import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { fieldErrors } from '../../api/errors';
import type { Me, UpdateMeBody } from '../../api/types';
import { meQueryKey, useAuth } from '../../auth/AuthProvider';
import { PERMISSIONS, roleLabel } from '../../auth/permissions';
import { ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Field } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { DateTime } from '../../components/Time';
import { focusFirstError } from '../../lib/focusFirstError';
import { useToast } from '../../components/Toast';

const MIN_PASSWORD = 12;

function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeBody) => unwrap(api.PATCH('/api/auth/me', { body })),
    onSuccess: (user) => {
      queryClient.setQueryData<Me>(meQueryKey, (prev) => (prev ? { ...prev, ...user } : prev));
      return queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function AccountPage() {
  const { user } = useAuth();
  if (!user) return null;
  return (
    <>
      <PageHeader title="Account" description="Your profile and password." />
      <div className="account-grid">
        <ProfileCard user={user} />
        <PasswordCard />
        <section className="card card-padded" aria-labelledby="access-title">
          <h2 id="access-title" className="card-title">
            Your access
          </h2>
          <dl className="facts-list">
            <div>
              <dt>Email</dt>
              <dd>{user.email}</dd>
            </div>
            <div>
              <dt>Role</dt>
              <dd>
                <Badge tone="accent">{roleLabel(user.role)}</Badge>
              </dd>
            </div>
            <div>
              <dt>Member since</dt>
              <dd>
                <DateTime value={user.createdAt} />
              </dd>
            </div>
          </dl>
          <h3 className="subheading">Permissions</h3>
          <ul className="permission-list">
            {PERMISSIONS.filter((p) => user.permissions.includes(p.id)).map((p) => (
              <li key={p.id}>
                <code>{p.id}</code>
                <span>{p.description}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

function ProfileCard({ user }: { user: Me }) {
  const toast = useToast();
  const update = useUpdateMe();
  const [name, setName] = useState(user.name);
  const errors = fieldErrors(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || name.trim() === user.name) return;
    update.mutate({ name: name.trim() }, { onSuccess: () => toast('Profile updated') });
  };

  return (
    <section className="card card-padded" aria-labelledby="profile-title">
      <h2 id="profile-title" className="card-title">
        Profile
      </h2>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorAlert error={update.error} fields={['name']} />
        <Field label="Display name" error={errors.name} required>
          {(control) => <input {...control} className="input" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={update.isPending || name.trim() === '' || name.trim() === user.name}>
            {update.isPending ? 'Saving…' : 'Save profile'}
          </button>
        </div>
      </form>
    </section>
  );
}

function PasswordCard() {
  const toast = useToast();
  const update = useUpdateMe();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(update.error), ...clientErrors };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (currentPassword === '') problems.currentPassword = 'Enter your current password.';
    if (newPassword.length < MIN_PASSWORD) problems.newPassword = `Use at least ${MIN_PASSWORD} characters.`;
    if (confirm !== newPassword) problems.confirm = "The passwords don't match.";
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstError(event.currentTarget as HTMLFormElement);
      return;
    }
    update.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
          setConfirm('');
          toast('Password changed');
        },
      },
    );
  };

  return (
    <section className="card card-padded" aria-labelledby="password-title">
      <h2 id="password-title" className="card-title">
        Change password
      </h2>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorAlert error={update.error} fields={['currentPassword', 'newPassword']} />
        <Field label="Current password" error={errors.currentPassword} required>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(e) => setCurrentPassword(e.target.value)}
            />
          )}
        </Field>
        <Field label="New password" error={errors.newPassword} required hint={`At least ${MIN_PASSWORD} characters.`}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNewPassword(e.target.value)}
            />
          )}
        </Field>
        <Field label="Confirm new password" error={errors.confirm} required>
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={update.isPending}>
            {update.isPending ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
