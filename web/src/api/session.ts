// The access token lives in memory only. The refresh token is an httpOnly cookie
// the browser sends to /api/auth/refresh; this module never sees it.

type Listener = () => void;

/** Why the last session ended, so the sign-in page can say so. */
export type SessionEnd = 'logout' | 'expired' | null;

let accessToken: string | null = null;
let endReason: SessionEnd = null;
const listeners = new Set<Listener>();

function emit(): void {
  for (const listener of listeners) listener();
}

export const session = {
  getAccessToken(): string | null {
    return accessToken;
  },
  getEndReason(): SessionEnd {
    return endReason;
  },
  setAccessToken(token: string): void {
    if (token === accessToken) return;
    accessToken = token;
    endReason = null;
    emit();
  },
  end(reason: Exclude<SessionEnd, null>): void {
    if (accessToken === null) return;
    accessToken = null;
    endReason = reason;
    emit();
  },
  /** Subscribe to token changes (compatible with useSyncExternalStore). */
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
