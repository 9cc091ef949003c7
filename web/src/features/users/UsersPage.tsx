import { useState } from 'react';
import type { Role, User, UserListQuery } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { ROLES, roleLabel } from '../../auth/permissions';
import { ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SearchInput } from '../../components/SearchInput';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { useListParams } from '../../lib/useListParams';
import { useDeleteUser, useUsers } from './api';
import { UserFormModal } from './UserFormModal';

const FILTER_KEYS = ['q', 'role'] as const;

function isRole(value: string): value is Role {
  return ROLES.some((r) => r.id === value);
}

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'delete'; user: User } | null;

export function UsersPage() {
  const { user: me, can } = useAuth();
  const canWrite = can('users:write');
  const toast = useToast();
  const { filters, limit, offset, update } = useListParams(FILTER_KEYS);
  const [dialog, setDialog] = useState<Dialog>(null);
  const remove = useDeleteUser();

  const query: UserListQuery = {
    limit,
    offset,
    ...(filters.q ? { q: filters.q } : {}),
    ...(isRole(filters.role) ? { role: filters.role } : {}),
  };
  const users = useUsers(query);
  const filtered = Boolean(filters.q || filters.role);

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to Argus, and what they may do."
        actions={
          canWrite && (
            <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
              <Icon name="plus" size={16} />
              New user
            </button>
          )
        }
      />

      <section className="card">
        <div className="toolbar" role="search" aria-label="Filter users">
          <SearchInput label="Search users" placeholder="Search name or email…" value={filters.q} onChange={(q) => update({ q })} />
          <div className="toolbar-field">
            <label htmlFor="user-role-filter">Access</label>
            <select id="user-role-filter" className="select" value={filters.role} onChange={(e) => update({ role: e.target.value })}>
              <option value="">Everyone</option>
              {ROLES.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}s
                </option>
              ))}
            </select>
          </div>
          <div className="toolbar-status">{users.isFetching && !users.isPending && <Spinner size="sm" label="Refreshing" />}</div>
        </div>

        {users.isError && <ErrorAlert error={users.error} title="Could not load users" />}
        {users.isPending ? (
          <LoadingBlock label="Loading users…" />
        ) : users.data && users.data.items.length === 0 ? (
          <EmptyState
            icon="users"
            title={filtered ? 'No users match these filters' : 'No users'}
            description={filtered ? 'Try a different search or role.' : undefined}
          />
        ) : (
          users.data && (
            <>
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Users</caption>
                  <thead>
                    <tr>
                      <th scope="col">User</th>
                      <th scope="col">Role</th>
                      <th scope="col">Status</th>
                      <th scope="col">Last sign-in</th>
                      <th scope="col">Created</th>
                      {canWrite && (
                        <th scope="col" className="col-actions">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {users.data.items.map((user) => (
                      <tr key={user.id}>
                        <td>
                          <div className="table-primary">
                            {user.name}
                            {user.id === me?.id && <Badge tone="accent">You</Badge>}
                          </div>
                          <div className="table-secondary">{user.email}</div>
                        </td>
                        <td>
                          <Badge tone={user.role === 'admin' ? 'accent' : user.role === 'operator' ? 'info' : 'neutral'}>
                            {roleLabel(user.role)}
                          </Badge>
                        </td>
                        <td>{user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</td>
                        <td>
                          <RelativeTime value={user.lastLoginAt} fallback="Never" />
                        </td>
                        <td>
                          <RelativeTime value={user.createdAt} />
                        </td>
                        {canWrite && (
                          <td className="col-actions">
                            <div className="row-actions">
                              <button
                                type="button"
                                className="btn btn-ghost btn-sm"
                                onClick={() => setDialog({ kind: 'edit', user })}
                                aria-label={`Edit ${user.email}`}
                              >
                                <Icon name="edit" size={16} />
                                <span className="hide-sm">Edit</span>
                              </button>
                              {user.id !== me?.id && (
                                <button
                                  type="button"
                                  className="btn btn-ghost btn-sm btn-danger-text"
                                  onClick={() => setDialog({ kind: 'delete', user })}
                                  aria-label={`Delete ${user.email}`}
                                >
                                  <Icon name="trash" size={16} />
                                  <span className="hide-sm">Delete</span>
                                </button>
                              )}
                            </div>
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination
                total={users.data.total}
                limit={limit}
                offset={offset}
                noun="users"
                onOffsetChange={(next) => update({ offset: next }, { resetOffset: false })}
                onLimitChange={(next) => update({ limit: next })}
              />
            </>
          )
        )}
      </section>

      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && me && (
        <UserFormModal user={dialog.kind === 'edit' ? dialog.user : null} selfId={me.id} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete user?"
          confirmLabel="Delete user"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.error}
          onCancel={() => {
            setDialog(null);
            remove.reset();
          }}
          onConfirm={() =>
            remove.mutate(dialog.user.id, {
              onSuccess: () => {
                toast(`User ${dialog.user.email} deleted`);
                setDialog(null);
              },
            })
          }
        >
          <p>
            <strong>{dialog.user.name}</strong> ({dialog.user.email}) will lose access to Argus and their API tokens will stop working. This
            can't be undone — to keep their history, disable the account instead.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
