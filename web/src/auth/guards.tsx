import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Permission } from '../api/types';
import { errorMessage } from '../api/errors';
import { FullPageSpinner } from '../components/Spinner';
import { EmptyState } from '../components/EmptyState';
import { useAuth } from './AuthProvider';

/** Renders children only for a signed-in user; otherwise sends them to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, error, retry } = useAuth();
  const location = useLocation();

  if (status === 'loading') return <FullPageSpinner label="Loading Argus…" />;
  if (status === 'anonymous') {
    const from = location.pathname + location.search;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  if (status === 'error') {
    return (
      <div className="full-page-center">
        <EmptyState
          title="Argus could not load your account"
          description={errorMessage(error)}
          action={
            <button type="button" className="btn btn-primary" onClick={retry}>
              Try again
            </button>
          }
        />
      </div>
    );
  }
  return <>{children}</>;
}

/** Renders children only when the user holds `permission`. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(permission)) {
    return (
      <EmptyState
        icon="lock"
        title="You don't have access to this page"
        description={`It needs the “${permission}” permission. Ask an administrator if you need it.`}
      />
    );
  }
  return <>{children}</>;
}
