import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { SeverityBadge } from './AlertBadges';
import { useAlertRules, useChannels, useDeleteRule, useUpdateRule } from './api';
import { useAlertNames } from './names';
import { RuleFormModal } from './RuleFormModal';
import { describeCondition, describeScope, inQuietHours, ruleToBody } from './rules';
import { SnoozeModal } from './SnoozeModal';
import type { AlertRule } from './types';

/** The alert rules: what each watches, where, how severe, whom it tells; create, edit, switch off, snooze, delete. */
export function RulesTab() {
  const { can } = useAuth();
  const writable = can('alerts:write');
  const admin = can('notifications:admin');
  const toast = useToast();
  const rules = useAlertRules();
  const channels = useChannels(admin);
  const names = useAlertNames();
  const update = useUpdateRule();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [snoozing, setSnoozing] = useState<AlertRule | null>(null);
  const now = Date.now();

  const channelText = (rule: AlertRule) => {
    if (rule.channelIds.length === 0) return 'All channels (by severity)';
    const list = channels.data;
    if (!list) return `${rule.channelIds.length} channel${rule.channelIds.length === 1 ? '' : 's'}`;
    return rule.channelIds.map((id) => list.find((c) => c.id === id)?.name ?? 'deleted channel').join(', ');
  };

  const toggle = (rule: AlertRule, enabled: boolean) => {
    const body = ruleToBody(rule, { enabled });
    if (!body) return;
    update.mutate({ id: rule.id, body }, { onSuccess: () => toast(enabled ? `Rule ${rule.name} enabled` : `Rule ${rule.name} disabled`) });
  };

  return (
    <section className="card" aria-labelledby="rules-title">
      <div className="card-header">
        <div>
          <h2 id="rules-title" className="card-title">
            Alert rules
          </h2>
          <p className="muted small">
            An alert opens when a rule’s condition holds long enough, and resolves when it has been clear long enough.
          </p>
        </div>
        <div className="row-actions">
          {rules.isFetching && !rules.isPending && <Spinner size="sm" label="Refreshing" />}
          {writable && (
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              <Icon name="plus" size={16} />
              New rule
            </button>
          )}
        </div>
      </div>
      {rules.isError && <ErrorAlert error={rules.error} title="Could not load the rules" />}
      <ErrorAlert error={update.error} title="The rule was not changed" />
      {rules.isPending ? (
        <LoadingBlock label="Loading rules…" />
      ) : rules.data && rules.data.length === 0 ? (
        <EmptyState
          icon="bell"
          title="No alert rules yet"
          description="Create a rule, e.g. “Camera offline for 30 seconds”, to be told when something goes wrong."
          action={
            writable && (
              <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
                New rule
              </button>
            )
          }
        />
      ) : (
        rules.data && (
          <div className="table-wrap">
            <table className="table" data-testid="rules-table">
              <caption className="visually-hidden">Alert rules</caption>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Applies to</th>
                  <th scope="col">Severity</th>
                  <th scope="col" className="col-optional">
                    Notifications
                  </th>
                  <th scope="col">Enabled</th>
                  <th scope="col" className="col-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.data.map((rule) => (
                  <tr key={rule.id} data-testid={`rule-${rule.id}`} className={rule.enabled ? undefined : 'row-muted'}>
                    <td>
                      <Link
                        to={`/alerts?rule=${encodeURIComponent(rule.id)}`}
                        className="table-primary-link"
                        title="Show this rule’s alerts"
                      >
                        {rule.name}
                      </Link>
                      <div className="table-secondary rules-condition">{describeCondition(rule)}</div>
                    </td>
                    <td>{describeScope(rule.kind, rule.scope, names.cameraName)}</td>
                    <td>
                      <SeverityBadge severity={rule.severity} />
                    </td>
                    <td className="col-optional">
                      {channelText(rule)}
                      {rule.quietHours && (
                        <div className="table-secondary">
                          Quiet {rule.quietHours.start}–{rule.quietHours.end} {rule.quietHours.timeZone}
                          {inQuietHours(rule.quietHours, now) && ' (now)'}
                        </div>
                      )}
                    </td>
                    <td>
                      <label className="switch">
                        <input
                          type="checkbox"
                          className="checkbox"
                          checked={rule.enabled}
                          disabled={!writable || (update.isPending && update.variables?.id === rule.id)}
                          onChange={(e) => toggle(rule, e.target.checked)}
                        />
                        <span className="visually-hidden">Rule {rule.name} enabled</span>
                        <span aria-hidden="true">{rule.enabled ? 'On' : 'Off'}</span>
                      </label>
                    </td>
                    <td className="col-actions">
                      <div className="row-actions">
                        {writable && (
                          <>
                            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setSnoozing(rule)}>
                              Snooze<span className="visually-hidden"> {rule.name}</span>
                            </button>
                            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(rule)}>
                              Edit<span className="visually-hidden"> {rule.name}</span>
                            </button>
                            <button
                              type="button"
                              className="btn btn-ghost btn-sm btn-danger-text"
                              onClick={() => {
                                remove.reset();
                                setDeleting(rule);
                              }}
                            >
                              Delete<span className="visually-hidden"> {rule.name}</span>
                            </button>
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
      {editing && <RuleFormModal rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {snoozing && <SnoozeModal prefill={{ ruleId: snoozing.id }} onClose={() => setSnoozing(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete alert rule?"
          confirmLabel="Delete rule"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.error}
          onCancel={() => setDeleting(null)}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                toast(`Rule ${deleting.name} deleted`);
                setDeleting(null);
              },
            })
          }
        >
          <p>
            The rule <strong>{deleting.name}</strong> stops watching, and its open alerts resolve. Past alerts stay in the list. This can’t
            be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
