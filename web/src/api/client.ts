import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './errors';
import type { paths } from './schema';
import { session } from './session';
import type { AuthResponse } from './types';

/** The typed API client. Paths are absolute (`/api/...`), served from this origin. */
export const api = createClient<paths>({
  baseUrl: '',
  credentials: 'same-origin',
});

/** Endpoints that must never trigger a refresh-and-retry (they are the auth flow). */
const AUTH_FLOW = new Set(['/api/auth/login', '/api/auth/refresh', '/api/auth/logout']);

let refreshing: Promise<AuthResponse | null> | null = null;

/**
 * Exchange the refresh cookie for a new access token. Concurrent callers share one
 * request, so a burst of 401s triggers a single refresh.
 */
export function refreshSession(): Promise<AuthResponse | null> {
  refreshing ??= withRefreshLock(async () => {
    try {
      const { data, response } = await api.POST('/api/auth/refresh', {
        credentials: 'include',
      });
      if (!response.ok || !data) return null;
      session.setAccessToken(data.accessToken);
      return data;
    } catch {
      return null;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * The server rotates the refresh cookie on every use and revokes the whole session
 * if one is used twice, so tabs of the same browser take turns (Web Locks, where
 * available: secure contexts only).
 */
async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? await locks.request('argus-session-refresh', task) : await task();
}

interface Pending {
  retry: Request;
  sentToken: string | null;
}

/** Retry copies of in-flight requests, by openapi-fetch request id. */
const pending = new Map<string, Pending>();

const authMiddleware: Middleware = {
  onRequest({ request, schemaPath, id }) {
    const token = session.getAccessToken();
    if (token && schemaPath !== '/api/auth/refresh' && schemaPath !== '/api/auth/login') {
      request.headers.set('Authorization', `Bearer ${token}`);
    }
    if (!AUTH_FLOW.has(schemaPath)) {
      pending.set(id, { retry: request.clone(), sentToken: token });
    }
    return request;
  },

  async onResponse({ response, id }) {
    const entry = pending.get(id);
    pending.delete(id);
    if (response.status !== 401 || !entry) return undefined;

    // Another request may already have refreshed while this one was in flight.
    const current = session.getAccessToken();
    let token = current !== null && current !== entry.sentToken ? current : null;
    if (token === null) {
      const refreshed = await refreshSession();
      if (!refreshed) {
        session.end('expired');
        return undefined;
      }
      token = refreshed.accessToken;
    }
    entry.retry.headers.set('Authorization', `Bearer ${token}`);
    const retried = await fetch(entry.retry);
    if (retried.status === 401) session.end('expired');
    return retried;
  },

  onError({ id }) {
    pending.delete(id);
  },
};

api.use(authMiddleware);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Resolve an openapi-fetch call to its data, or throw an ApiError. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiError.fromResponse(response, error);
  return data as T;
}
