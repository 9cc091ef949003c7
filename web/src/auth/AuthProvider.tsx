import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api, refreshSession, unwrap } from '../api/client';
import { session } from '../api/session';
import type { AuthResponse, Me, Permission } from '../api/types';

export type AuthStatus = 'loading' | 'anonymous' | 'authenticated' | 'error';

interface AuthContextValue {
  status: AuthStatus;
  user: Me | null;
  /** Error loading the signed-in user (status "error"). */
  error: unknown;
  can: (permission: Permission) => boolean;
  /** Store a successful login response and load the user's profile. */
  signedIn: (auth: AuthResponse) => void;
  signOut: () => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export const meQueryKey = ['auth', 'me'] as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(session.subscribe, session.getAccessToken);
  const [booting, setBooting] = useState(() => session.getAccessToken() === null);

  // On first load there is no access token in memory; the refresh cookie may still
  // hold a session, so try to resume it before deciding the user is signed out.
  useEffect(() => {
    if (!booting) return;
    let active = true;
    void refreshSession().finally(() => {
      if (active) setBooting(false);
    });
    return () => {
      active = false;
    };
  }, [booting]);

  // When the session ends (logout or failed refresh), drop every cached response.
  useEffect(() => {
    if (token === null && !booting) queryClient.removeQueries();
  }, [token, booting, queryClient]);

  const me = useQuery({
    queryKey: meQueryKey,
    queryFn: () => unwrap(api.GET('/api/auth/me')),
    enabled: token !== null,
    staleTime: 5 * 60_000,
  });

  const user = token !== null ? (me.data ?? null) : null;
  let status: AuthStatus;
  if (booting) status = 'loading';
  else if (token === null) status = 'anonymous';
  else if (user) status = 'authenticated';
  else if (me.isError) status = 'error';
  else status = 'loading';

  const permissions = user?.permissions;
  const can = useCallback((permission: Permission) => permissions?.includes(permission) ?? false, [permissions]);

  const signedIn = useCallback(
    (auth: AuthResponse) => {
      queryClient.removeQueries();
      session.setAccessToken(auth.accessToken);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.POST('/api/auth/logout', { credentials: 'include' });
    } catch {
      // Even if the server is unreachable, forget the session locally.
    }
    session.end('logout');
    queryClient.removeQueries();
  }, [queryClient]);

  const refetchMe = me.refetch;
  const retry = useCallback(() => void refetchMe(), [refetchMe]);

  const value = useMemo<AuthContextValue>(
    () => ({ status, user, error: me.error, can, signedIn, signOut, retry }),
    [status, user, me.error, can, signedIn, signOut, retry],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** Whether the signed-in user holds a permission. */
export function useCan(permission: Permission): boolean {
  return useAuth().can(permission);
}
