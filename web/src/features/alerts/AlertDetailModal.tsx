import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { Alert, ErrorAlert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { LoadingBlock } from '../../components/Spinner';
import { DateTime, RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { formatDateTime } from '../../lib/format';
import { AlertStateBadge, SeverityBadge } from './AlertBadges';
import { useAcknowledgeAlert, useAlert, useResolveAlert, useSnoozes } from './api';
import { kindLabel } from './model';
import { useAlertNames } from './names';
import { SnoozeModal } from './SnoozeModal';
import { describeSnooze, snoozesCovering } from './snoozes';

const HISTORY_LABELS: Record<string, string> = {
  opened: 'Opened',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

/** Alerts Argus raises about itself (a failing notification channel) have no rule to snooze. */
const SYSTEM_RULES = new Set(['channel-failing']);
const MAX_COMMENT = 1000;

/** One alert: what, where, when, who acknowledged or resolved it, its history; acknowledge, resolve or snooze it. */
export function AlertDetailModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { can } = useAuth();
  const toast = useToast();
  const alert = useAlert(id);
  const snoozes = useSnoozes();
  const names = useAlertNames();
  const acknowledge = useAcknowledgeAlert();
  const resolve = useResolveAlert();
  const [comment, setComment] = useState('');
  const [snoozing, setSnoozing] = useState(false);
  const commentId = useId();
  const busy = acknowledge.isPending || resolve.isPending;
  const a = alert.data;
  const writable = can('alerts:write');
  const covering = a ? snoozesCovering(snoozes.data ?? [], a.ruleId, a.subject, Date.now()) : [];
  const tooLong = comment.trim().length > MAX_COMMENT;

  const act = (which: 'acknowledge' | 'resolve') => {
    if (tooLong) return;
    const mutation = which === 'acknowledge' ? acknowledge : resolve;
    (which === 'acknowledge' ? resolve : acknowledge).reset();
    mutation.mutate(
      { id, comment },
      {
        onSuccess: () => {
          toast(which === 'acknowledge' ? 'Alert acknowledged' : 'Alert resolved');
          setComment('');
        },
      },
    );
  };

  return (
    <>
      <Modal
        title="Alert"
        description={a?.message}
        onClose={onClose}
        busy={busy}
        size="lg"
        footer={
          <>
            {a && writable && !SYSTEM_RULES.has(a.ruleId) && (
              <button type="button" className="btn btn-ghost" onClick={() => setSnoozing(true)} disabled={busy}>
                Snooze…
              </button>
            )}
            <span className="modal-footer-spacer" />
            <button type="button" className="btn btn-secondary" onClick={onClose} disabled={busy}>
              Close
            </button>
            {a && writable && a.state !== 'resolved' && (
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => act('resolve')}
                disabled={busy}
                aria-busy={resolve.isPending}
              >
                {resolve.isPending ? 'Resolving…' : 'Resolve'}
              </button>
            )}
            {a && writable && a.state === 'open' && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => act('acknowledge')}
                disabled={busy}
                aria-busy={acknowledge.isPending}
              >
                {acknowledge.isPending ? 'Acknowledging…' : 'Acknowledge'}
              </button>
            )}
          </>
        }
      >
        {alert.isPending ? (
          <LoadingBlock label="Loading the alert…" />
        ) : alert.isError ? (
          <ErrorAlert error={alert.error} title="Could not load the alert" />
        ) : (
          a && (
            <div className="alert-detail" data-testid="alert-detail">
              <div className="alert-detail-badges">
                <SeverityBadge severity={a.severity} />
                <AlertStateBadge state={a.state} testId="alert-detail-state" />
              </div>
              <dl className="alert-facts">
                <dt>Rule</dt>
                <dd>
                  {a.ruleName ?? 'A deleted rule'} <span className="muted">· {kindLabel(a.kind)}</span>
                </dd>
                <dt>Subject</dt>
                <dd>
                  {a.cameraId ? (
                    <Link to={`/cameras/${encodeURIComponent(a.cameraId)}`}>{names.cameraName(a.cameraId) ?? 'Camera'}</Link>
                  ) : (
                    names.subjectName(a.subject)
                  )}
                </dd>
                {a.value !== null && a.value !== 'true' && a.value !== 'false' && (
                  <>
                    <dt>Value</dt>
                    <dd className="mono">{a.value}</dd>
                  </>
                )}
                <dt>Opened</dt>
                <dd>
                  <DateTime value={a.openedAt} />{' '}
                  <span className="muted">
                    (<RelativeTime value={a.openedAt} />)
                  </span>
                </dd>
                {a.acknowledgedAt && (
                  <>
                    <dt>Acknowledged</dt>
                    <dd>
                      <DateTime value={a.acknowledgedAt} /> by {a.acknowledgedBy ?? 'someone'}
                      {a.ackComment && <q className="alert-comment">{a.ackComment}</q>}
                    </dd>
                  </>
                )}
                {a.resolvedAt && (
                  <>
                    <dt>Resolved</dt>
                    <dd>
                      <DateTime value={a.resolvedAt} /> {a.resolvedBy ? `by ${a.resolvedBy}` : 'automatically'}
                      {a.resolveReason && <span className="muted"> — {a.resolveReason}</span>}
                    </dd>
                  </>
                )}
              </dl>

              {covering.length > 0 && (
                <Alert tone="info" title="Snoozed">
                  {covering.map((s) => (
                    <p key={s.id}>
                      {describeSnooze(s, names.ruleName, names.subjectName)} until {formatDateTime(s.until)}: no notifications, and no new
                      alerts while it lasts.
                    </p>
                  ))}
                </Alert>
              )}

              <h3 className="alert-detail-heading">History</h3>
              <ol className="alert-history" data-testid="alert-history">
                {a.history.map((h, i) => (
                  <li key={`${h.at}-${i}`} className={`alert-history-item alert-history-${h.type}`}>
                    <span className="alert-history-dot" aria-hidden="true" />
                    <div>
                      <p className="alert-history-title">
                        {HISTORY_LABELS[h.type] ?? h.type}
                        {h.actor && <span className="muted"> by {h.actor}</span>}
                      </p>
                      <p className="alert-history-meta">
                        <DateTime value={h.at} />
                      </p>
                      {h.detail && <p className="alert-history-detail">{h.detail}</p>}
                    </div>
                  </li>
                ))}
              </ol>

              {writable && a.state !== 'resolved' && (
                <div className={`field${tooLong ? ' field-invalid' : ''}`}>
                  <label htmlFor={commentId} className="field-label">
                    Comment
                  </label>
                  <textarea
                    id={commentId}
                    className="textarea"
                    rows={2}
                    value={comment}
                    disabled={busy}
                    placeholder="Optional: what you found or did"
                    aria-describedby={`${commentId}-hint`}
                    aria-invalid={tooLong || undefined}
                    onChange={(e) => setComment(e.target.value)}
                  />
                  <p id={`${commentId}-hint`} className={tooLong ? 'field-error' : 'field-hint'}>
                    {tooLong
                      ? `At most ${MAX_COMMENT} characters.`
                      : 'Saved with the acknowledgement or resolve, and shown in the history.'}
                  </p>
                </div>
              )}
              <ErrorAlert error={acknowledge.error} title="The alert was not acknowledged" />
              <ErrorAlert error={resolve.error} title="The alert was not resolved" />
            </div>
          )
        )}
      </Modal>
      {/* A sibling, not a child: the snooze dialog opens on top of this one. */}
      {snoozing && a && <SnoozeModal prefill={{ ruleId: a.ruleId, subject: a.subject }} onClose={() => setSnoozing(false)} />}
    </>
  );
}
