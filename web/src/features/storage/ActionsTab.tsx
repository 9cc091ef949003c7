import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/errors';
import { Alert, ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { DateTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { focusFirstError } from '../../lib/focusFirstError';
import { toLocalInput } from '../exports/range';
import {
  actionBody,
  checkActionForm,
  confirmQuestion,
  sameRequest,
  skipLabel,
  summarizeAction,
  type ActionErrors,
  type ActionFormValues,
  type ActionRequest,
} from './actions';
import { useCameraNames, useManualAction, useStorageTiers } from './api';
import { rankLabel, sortTiers } from './tiers';
import type { ManualActionResult } from './types';
import { formatBytes } from './units';

function initialValues(): ActionFormValues {
  // The next whole minute, so the range takes in what was recorded a moment ago.
  const end = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  return {
    cameraId: '',
    from: toLocalInput(new Date(end.getTime() - 24 * 3_600_000), 'auto'),
    to: toLocalInput(end, 'auto'),
    action: 'move',
    toTierId: '',
  };
}

/** Move or delete a camera's footage in a time range: preview (dry run) first, then run what was previewed. */
export function ActionsTab() {
  const { cameras, nameOf } = useCameraNames();
  const tiers = useStorageTiers();
  const action = useManualAction();
  const toast = useToast();
  const [values, setValues] = useState<ActionFormValues>(initialValues);
  const [clientErrors, setClientErrors] = useState<ActionErrors>({});
  const [preview, setPreview] = useState<{ request: ActionRequest; result: ManualActionResult } | null>(null);
  const [started, setStarted] = useState<ManualActionResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const errors: ActionErrors = { ...fieldErrors(action.error), ...clientErrors };
  const tierName = (id: string) => tiers.data?.find((t) => t.id === id)?.name ?? null;
  const current = checkActionForm(values);
  const previewIsCurrent = preview !== null && current.ok && sameRequest(preview.request, current.request);

  const set = (field: keyof ActionFormValues, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (clientErrors[field]) setClientErrors(({ [field]: _, ...rest }) => rest);
  };

  const previewAction = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setClientErrors(current.errors);
    if (!current.ok) {
      focusFirstError(event.currentTarget);
      return;
    }
    const request = current.request;
    setStarted(null);
    action.mutate(actionBody(request, true), { onSuccess: (result) => setPreview({ request, result }) });
  };

  const run = () => {
    if (!preview) return;
    action.mutate(actionBody(preview.request, false), {
      onSuccess: (result) => {
        setConfirming(false);
        setPreview(null);
        setStarted(result);
        toast(result.action === 'move' ? 'Move started' : 'Delete started');
      },
    });
  };

  return (
    <>
      <section className="card card-padded" aria-labelledby="actions-title">
        <h2 id="actions-title" className="card-title">
          Move or delete footage
        </h2>
        <p className="muted small policy-intro">
          Preview first: nothing changes until you run what the preview lists. Chunks on legal hold or still being recorded are skipped.
        </p>
        <form className="form" onSubmit={previewAction} noValidate aria-label="Manual storage action" data-testid="action-form">
          <div className="form-row">
            <Field label="Camera" error={errors.cameraId} required>
              {(control) => (
                <select {...control} className="select" value={values.cameraId} onChange={(e) => set('cameraId', e.target.value)}>
                  <option value="">Choose a camera…</option>
                  {cameras.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="From" error={errors.from} required hint="Your local time.">
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="datetime-local"
                  value={values.from}
                  onChange={(e) => set('from', e.target.value)}
                />
              )}
            </Field>
            <Field label="To" error={errors.to} required>
              {(control) => (
                <input {...control} className="input" type="datetime-local" value={values.to} onChange={(e) => set('to', e.target.value)} />
              )}
            </Field>
          </div>
          <div className="form-row">
            <fieldset className="field">
              <legend className="field-label">Action</legend>
              <div className="radio-row">
                {(
                  [
                    ['move', 'Move to a tier'],
                    ['delete', 'Delete'],
                  ] as const
                ).map(([value, label]) => (
                  <label key={value} className={`radio-card radio-card-compact${values.action === value ? ' radio-card-checked' : ''}`}>
                    <input
                      type="radio"
                      name="storage-action"
                      value={value}
                      checked={values.action === value}
                      onChange={() => set('action', value)}
                    />
                    <span className="radio-card-label">{label}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            {values.action === 'move' && (
              <Field label="Target tier" error={errors.toTierId} required>
                {(control) => (
                  <select {...control} className="select" value={values.toTierId} onChange={(e) => set('toTierId', e.target.value)}>
                    <option value="">Choose a tier…</option>
                    {sortTiers(tiers.data ?? []).map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name} ({rankLabel(t.rank).toLowerCase()})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
          {!confirming && (
            <ErrorAlert error={action.error} title="The action was refused" fields={['cameraId', 'from', 'to', 'toTierId']} />
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-secondary" disabled={action.isPending} aria-busy={action.isPending && !confirming}>
              {action.isPending && !confirming ? 'Previewing…' : 'Preview'}
            </button>
            <button
              type="button"
              className={`btn ${values.action === 'delete' ? 'btn-danger' : 'btn-primary'}`}
              disabled={!previewIsCurrent || !preview || preview.result.chunks === 0 || action.isPending}
              title={previewIsCurrent ? undefined : 'Preview the action first'}
              onClick={() => {
                action.reset();
                setConfirming(true);
              }}
            >
              {values.action === 'delete' ? 'Run delete…' : 'Run move…'}
            </button>
          </div>
        </form>
      </section>

      {started && (
        <Alert tone="success" title="Started in the background">
          <p data-testid="action-started">{summarizeAction(started, tierName)} The Overview shows the result as it goes.</p>
        </Alert>
      )}

      {preview && (
        <section className="card card-padded" aria-labelledby="preview-title" data-testid="action-preview">
          <div className="card-title-row">
            <h2 id="preview-title" className="card-title">
              Preview
            </h2>
            {!previewIsCurrent && <Badge tone="warning">The form changed: preview again</Badge>}
          </div>
          <p className="action-summary" data-testid="action-preview-summary">
            {summarizeAction(preview.result, tierName)}
          </p>
          <dl className="pass-numbers">
            <div>
              <dt>Chunks</dt>
              <dd>{preview.result.chunks}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>{formatBytes(preview.result.bytes)}</dd>
            </div>
            <div>
              <dt>Skipped</dt>
              <dd>{preview.result.skipped}</dd>
            </div>
            <div>
              <dt>On hold</dt>
              <dd>{preview.result.held}</dd>
            </div>
          </dl>
          {preview.result.items.length > 0 && (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Chunks in the range</caption>
                <thead>
                  <tr>
                    <th scope="col">Start</th>
                    <th scope="col">End</th>
                    <th scope="col">Tier</th>
                    <th scope="col">Size</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.result.items.map((item) => (
                    <tr key={item.id} className={item.skip ? 'row-muted' : undefined} data-testid={`action-item-${item.id}`}>
                      <td className="nowrap">
                        <DateTime value={item.startAt} />
                      </td>
                      <td className="nowrap">
                        <DateTime value={item.endAt} fallback="still recording" />
                      </td>
                      <td>{tierName(item.tier) ?? item.tier}</td>
                      <td className="nowrap">{formatBytes(item.bytes)}</td>
                      <td>
                        {item.skip ? (
                          <Badge tone={item.skip === 'legal hold' ? 'warning' : 'neutral'}>Skipped: {skipLabel(item.skip)}</Badge>
                        ) : (
                          <Badge tone={preview.result.action === 'delete' ? 'danger' : 'info'}>
                            {preview.result.action === 'delete' ? 'Deleted' : 'Moved'}
                          </Badge>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.result.items.length < preview.result.chunks + preview.result.skipped && (
            <p className="muted small">
              The list shows the first {preview.result.items.length} of {preview.result.chunks + preview.result.skipped} chunks.
            </p>
          )}
        </section>
      )}

      {confirming && preview && (
        <ConfirmDialog
          title={preview.result.action === 'delete' ? 'Delete footage?' : 'Move footage?'}
          confirmLabel={`${preview.result.action === 'delete' ? 'Delete' : 'Move'} ${preview.result.chunks} ${preview.result.chunks === 1 ? 'chunk' : 'chunks'}`}
          pendingLabel="Starting…"
          tone={preview.result.action === 'delete' ? 'danger' : 'primary'}
          pending={action.isPending}
          error={action.error}
          onCancel={() => setConfirming(false)}
          onConfirm={run}
        >
          <p data-testid="action-confirm-question">
            {confirmQuestion(preview.result, nameOf(preview.request.cameraId) ?? 'the camera', tierName)}
          </p>
          <p>
            From <DateTime value={preview.request.from} /> to <DateTime value={preview.request.to} />.
            {preview.result.skipped > 0 &&
              ` ${preview.result.skipped} ${preview.result.skipped === 1 ? 'chunk is' : 'chunks are'} skipped${preview.result.held > 0 ? `, ${preview.result.held} on legal hold` : ''}.`}
          </p>
          <p className="muted small">It runs in the background; chunks placed on hold or changed meanwhile are skipped.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
