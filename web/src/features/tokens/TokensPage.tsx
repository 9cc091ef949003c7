import { useState } from 'react';
import type { ApiToken } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { CheckboxField } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { useRevokeToken, useTokens } from './api';
import { CreateTokenModal } from './CreateTokenModal';

type TokenState = 'active' | 'expired' | 'revoked';

function tokenState(token: ApiToken, now: number): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

const STATE_ORDER: Record<TokenState, number> = {
  active: 0,
  expired: 1,
  revoked: 2,
};

export function TokensPage() {
  const { user, can } = useAuth();
  const isTokenAdmin = can('tokens:admin');
  const toast = useToast();
  const [showAll, setShowAll] = useState(false);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tokens = useTokens(isTokenAdmin && showAll);
  const revoke = useRevokeToken();
  const [now] = useState(() => Date.now());

  const rows = [...(tokens.data?.items ?? [])].sort(
    (a, b) => STATE_ORDER[tokenState(a, now)] - STATE_ORDER[tokenState(b, now)] || b.createdAt.localeCompare(a.createdAt),
  );
  const showOwner = isTokenAdmin && showAll;

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal tokens for scripts and integrations. Each acts as its owner, limited to its scopes."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" size={16} />
            New token
          </button>
        }
      />

      <section className="card">
        {isTokenAdmin && (
          <div className="toolbar">
            <CheckboxField label="Show every user's tokens" checked={showAll} onChange={setShowAll} />
          </div>
        )}
        {tokens.isError && <ErrorAlert error={tokens.error} title="Could not load tokens" />}
        {tokens.isPending ? (
          <LoadingBlock label="Loading tokens…" />
        ) : rows.length === 0 ? (
          <EmptyState
            icon="key"
            title="No API tokens yet"
            description="Create one to call the Argus API from a script, NVR or home-automation system."
            action={
              <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
                <Icon name="plus" size={16} />
                New token
              </button>
            }
          />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">API tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  {showOwner && <th scope="col">Owner</th>}
                  <th scope="col">Scopes</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Created</th>
                  <th scope="col" className="col-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((token) => {
                  const state = tokenState(token, now);
                  const mine = token.userId === user?.id;
                  return (
                    <tr key={token.id} className={state === 'active' ? undefined : 'row-muted'}>
                      <td>
                        <div className="table-primary">{token.name}</div>
                        <div className="table-secondary mono">{token.prefix}…</div>
                      </td>
                      {showOwner && <td>{mine ? <Badge tone="accent">You</Badge> : token.userEmail}</td>}
                      <td>
                        <ul className="scope-chips">
                          {token.scopes.map((scope) => (
                            <li key={scope} className="chip mono">
                              {scope}
                            </li>
                          ))}
                        </ul>
                        {token.ipAllowlist.length > 0 && (
                          <div className="table-secondary" title={token.ipAllowlist.join('\n')}>
                            Only from {token.ipAllowlist.length === 1 ? token.ipAllowlist[0] : `${token.ipAllowlist.length} ranges`}
                          </div>
                        )}
                      </td>
                      <td>
                        {state === 'active' ? (
                          <Badge tone="success">Active</Badge>
                        ) : state === 'expired' ? (
                          <Badge tone="warning">Expired</Badge>
                        ) : (
                          <Badge>Revoked</Badge>
                        )}
                      </td>
                      <td>
                        <RelativeTime value={token.expiresAt} fallback="Never" />
                      </td>
                      <td>
                        <RelativeTime value={token.lastUsedAt} fallback="Never" />
                        {token.lastUsedIp && <div className="table-secondary mono">{token.lastUsedIp}</div>}
                      </td>
                      <td>
                        <RelativeTime value={token.createdAt} />
                      </td>
                      <td className="col-actions">
                        {state !== 'revoked' && (
                          <button type="button" className="btn btn-ghost btn-sm btn-danger-text" onClick={() => setRevoking(token)}>
                            Revoke
                            <span className="visually-hidden"> token {token.name}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {creating && <CreateTokenModal onClose={() => setCreating(false)} />}
      {revoking && (
        <ConfirmDialog
          title="Revoke token?"
          confirmLabel="Revoke token"
          pendingLabel="Revoking…"
          pending={revoke.isPending}
          error={revoke.error}
          onCancel={() => {
            setRevoking(null);
            revoke.reset();
          }}
          onConfirm={() =>
            revoke.mutate(revoking.id, {
              onSuccess: () => {
                toast(`Token “${revoking.name}” revoked`);
                setRevoking(null);
              },
            })
          }
        >
          <p>
            Anything using <strong>{revoking.name}</strong> ({revoking.prefix}…) will get “401 Unauthorized” from now on. This can't be
            undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
