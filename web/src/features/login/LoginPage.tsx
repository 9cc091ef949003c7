import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { ApiError, errorMessage, fieldErrors } from '../../api/errors';
import { session } from '../../api/session';
import { useAuth } from '../../auth/AuthProvider';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { Logo } from '../../components/Icon';
import { FullPageSpinner } from '../../components/Spinner';

function loginErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) {
    const wait = error.retryAfter;
    const suffix = wait === null ? '' : ` Try again in ${wait >= 120 ? `${Math.ceil(wait / 60)} minutes` : `${wait} seconds`}.`;
    return `${error.message}${suffix}`;
  }
  if (error instanceof ApiError && error.status === 401) {
    return error.message || 'Invalid email or password.';
  }
  return errorMessage(error);
}

export function LoginPage() {
  const { status, signedIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [expired] = useState(() => session.getEndReason() === 'expired');

  const login = useMutation({
    mutationFn: (body: { email: string; password: string }) => unwrap(api.POST('/api/auth/login', { body, credentials: 'include' })),
    onSuccess: (auth) => {
      signedIn(auth);
      void navigate(from.startsWith('/login') ? '/' : from, { replace: true });
    },
  });

  if (status === 'loading' && !login.isPending && !login.isSuccess) return <FullPageSpinner label="Loading Argus…" />;
  if (status === 'authenticated' && !login.isSuccess) return <Navigate to={from} replace />;

  const errors = fieldErrors(login.error);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (login.isPending) return;
    login.mutate({ email: email.trim(), password });
  };

  return (
    <div className="login-page">
      <div className="login-card">
        <div className="login-brand">
          <Logo size={40} />
          <div>
            <h1 className="login-title">Argus</h1>
            <p className="login-subtitle">Sign in to your camera platform</p>
          </div>
        </div>

        {expired && !login.error && <Alert tone="info">Your session has expired. Sign in again to continue.</Alert>}
        {login.error !== null && <Alert tone="danger">{loginErrorText(login.error)}</Alert>}

        <form className="form" onSubmit={onSubmit} noValidate>
          <Field label="Email" error={errors.email}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="email"
                name="email"
                autoComplete="username"
                autoFocus
                required
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            )}
          </Field>
          <Field label="Password" error={errors.password}>
            {(control) => (
              <div className="input-group">
                <input
                  {...control}
                  className="input"
                  type={showPassword ? 'text' : 'password'}
                  name="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                />
                <button
                  type="button"
                  className="btn btn-ghost btn-sm input-group-button"
                  aria-pressed={showPassword}
                  onClick={() => setShowPassword((v) => !v)}
                >
                  {showPassword ? 'Hide' : 'Show'}
                </button>
              </div>
            )}
          </Field>
          <button
            type="submit"
            className="btn btn-primary btn-block"
            disabled={login.isPending || email.trim() === '' || password === ''}
            aria-busy={login.isPending}
          >
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
      <p className="login-footer">Argus · self-hosted camera streaming</p>
    </div>
  );
}
