import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, fieldErrors } from '../../api/errors';
import { Alert, ErrorAlert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { DateTime } from '../../components/Time';
import { focusFirstError } from '../../lib/focusFirstError';
import { useCameraDirectory } from '../recordings/api';
import { formatBytes, formatDurationMs } from '../recordings/units';
import { useCreateExport, useDeleteExport, useDownloadExport, useExport } from './api';
import { ExportProgressBar, ExportStateBadge } from './ExportStatus';
import { EXPORT_STATE_LABELS, isFinished, progressPercent } from './progress';
import { checkExportRange, exportRefusalTitle, toLocalInput, type RangeInput } from './range';

export interface ExportDialogProps {
  cameraId: string;
  /** Start of the range to export; defaults to five minutes before `to`. */
  from?: Date;
  /** End of the range; defaults to now. */
  to?: Date;
  onClose: () => void;
}

const DEFAULT_SPAN_MS = 5 * 60_000;

function initialValues(from: Date | undefined, to: Date | undefined): RangeInput {
  const end = to ?? new Date(Math.floor(Date.now() / 1000) * 1000);
  const start = from ?? new Date(end.getTime() - DEFAULT_SPAN_MS);
  return { from: toLocalInput(start), to: toLocalInput(end) };
}

/**
 * Export a time range of one camera as an MP4: pick the range, start the export, follow its
 * progress (socket events, or polling without them) and download the file. Closing the dialog
 * doesn't stop the export; it stays on the Exports page.
 */
export function ExportDialog({ cameraId, from, to, onClose }: ExportDialogProps) {
  const directory = useCameraDirectory();
  const [exportId, setExportId] = useState<string | null>(null);
  const cameraName = directory.nameOf(cameraId);

  return (
    <Modal
      title="Export clip"
      description={cameraName ? `${cameraName} — one MP4 file cut from the recording` : 'One MP4 file cut from the recording'}
      onClose={onClose}
      closeOnBackdrop={exportId === null}
    >
      {exportId === null ? (
        <ExportForm cameraId={cameraId} from={from} to={to} onCreated={setExportId} onCancel={onClose} />
      ) : (
        <ExportTracker exportId={exportId} onRetry={() => setExportId(null)} onClose={onClose} />
      )}
    </Modal>
  );
}

function ExportForm({
  cameraId,
  from,
  to,
  onCreated,
  onCancel,
}: {
  cameraId: string;
  from?: Date;
  to?: Date;
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const fromRef = useRef<HTMLInputElement>(null);
  const [values, setValues] = useState<RangeInput>(() => initialValues(from, to));
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateExport(cameraId);
  const check = checkExportRange(values, { initialFrom: from, initialTo: to });
  const server = fieldErrors(create.error);
  const errors = {
    from: (submitted ? check.errors.from : undefined) ?? server.from,
    to: (submitted ? check.errors.to : undefined) ?? server.to,
  };

  // After the dialog has opened (and focused its first control), start at the first field.
  useEffect(() => fromRef.current?.focus(), []);

  const change = (field: keyof RangeInput, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (create.error) create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!check.range) {
      focusFirstError(formRef.current);
      return;
    }
    create.mutate(check.range, { onSuccess: (created) => onCreated(created.id) });
  };

  const length = check.range ? check.range.to.getTime() - check.range.from.getTime() : null;

  return (
    <form id={formId} ref={formRef} className="form" onSubmit={submit} noValidate>
      <div className="form-row">
        <Field label="From" error={errors.from} hint="Your local time" required>
          {(control) => (
            <input
              {...control}
              ref={fromRef}
              className="input"
              type="datetime-local"
              step={1}
              value={values.from}
              disabled={create.isPending}
              onChange={(event) => change('from', event.target.value)}
            />
          )}
        </Field>
        <Field label="To" error={errors.to} hint="At most 24 hours after From" required>
          {(control) => (
            <input
              {...control}
              className="input"
              type="datetime-local"
              step={1}
              value={values.to}
              disabled={create.isPending}
              onChange={(event) => change('to', event.target.value)}
            />
          )}
        </Field>
      </div>
      <p className="export-length">
        {length !== null ? (
          <>
            Length: <strong>{formatDurationMs(length)}</strong>. The file starts at the keyframe at or before From, and skips gaps in the
            recording.
          </>
        ) : (
          'Choose when the clip starts and ends.'
        )}
      </p>
      {create.error != null && (
        <ErrorAlert
          error={create.error}
          title={create.error instanceof ApiError ? exportRefusalTitle(create.error.status) : 'The export could not be started'}
          fields={['from', 'to']}
        />
      )}
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending} aria-busy={create.isPending}>
          {create.isPending ? 'Starting…' : 'Start export'}
        </button>
      </div>
    </form>
  );
}

function ExportTracker({ exportId, onRetry, onClose }: { exportId: string; onRetry: () => void; onClose: () => void }) {
  const statusRef = useRef<HTMLDivElement>(null);
  const downloadRef = useRef<HTMLButtonElement>(null);
  const query = useExport(exportId);
  const download = useDownloadExport();
  const remove = useDeleteExport();
  const item = query.data;
  const state = item?.state ?? 'queued';
  const percent = progressPercent(state, item?.progress ?? 0);

  // The form (and its submit button) is gone: keep focus in the dialog, on the status.
  useEffect(() => statusRef.current?.focus(), []);
  // Once the file is ready, move on to Download unless the user has gone elsewhere.
  useEffect(() => {
    if (state !== 'complete') return;
    const active = document.activeElement;
    if (active === statusRef.current || active === document.body) downloadRef.current?.focus();
  }, [state]);

  return (
    <div className="form">
      <div ref={statusRef} className="export-status" tabIndex={-1} role="group" aria-label="Export status">
        <div className="export-status-head">
          <span>
            <span className="visually-hidden">State: </span>
            <ExportStateBadge state={state} testId="export-state" />
          </span>
          {!isFinished(state) && <span className="export-status-percent">{state === 'queued' ? 'Waiting…' : `${percent} %`}</span>}
        </div>
        <ExportProgressBar state={state} progress={item?.progress ?? 0} label="Export progress" />
        {/* Announce state changes, not every percent. */}
        <p className="visually-hidden" role="status">
          {`Export ${EXPORT_STATE_LABELS[state].toLowerCase()}`}
        </p>
        {state === 'queued' && <p className="muted">Waiting for its turn: exports are made one at a time.</p>}
        {state === 'running' && (
          <p className="muted">Cutting the clip from the recording. You can close this dialog; the export goes on.</p>
        )}
        {state === 'complete' && item && (
          <dl className="facts-list">
            <div>
              <dt>File</dt>
              <dd className="mono small break">{item.fileName}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>{formatBytes(item.bytes)}</dd>
            </div>
            <div>
              <dt>Length</dt>
              <dd>
                {formatDurationMs(item.durationSec === null ? null : item.durationSec * 1000)}
                {item.gaps > 0 && (
                  <span className="muted">
                    {' '}
                    ({item.gaps} {item.gaps === 1 ? 'gap' : 'gaps'} in the recording skipped)
                  </span>
                )}
              </dd>
            </div>
            <div>
              <dt>Available until</dt>
              <dd>
                <DateTime value={item.expiresAt} fallback="—" />
              </dd>
            </div>
          </dl>
        )}
        {state === 'failed' && (
          <Alert tone="danger" title="The export failed">
            <p>{item?.error ?? 'The server gave no reason.'}</p>
          </Alert>
        )}
        {state === 'expired' && (
          <Alert tone="warning" title="This export has expired">
            Its file was deleted. Start a new export.
          </Alert>
        )}
        {query.isError && <ErrorAlert error={query.error} title="Could not get the export’s progress" />}
        <ErrorAlert error={download.error} title="Could not start the download" />
        <ErrorAlert error={remove.error} title="Could not cancel the export" />
      </div>
      <div className="modal-actions">
        <Link to="/exports" className="btn btn-ghost modal-actions-start">
          All exports
        </Link>
        {!isFinished(state) && (
          <button
            type="button"
            className="btn btn-ghost btn-danger-text"
            disabled={remove.isPending}
            onClick={() => remove.mutate(exportId, { onSuccess: onClose })}
          >
            {remove.isPending ? 'Cancelling…' : 'Cancel export'}
          </button>
        )}
        {(state === 'failed' || state === 'expired') && (
          <button type="button" className="btn btn-secondary" onClick={onRetry}>
            Try again
          </button>
        )}
        <button type="button" className={`btn ${state === 'complete' ? 'btn-secondary' : 'btn-primary'}`} onClick={onClose}>
          Close
        </button>
        {state === 'complete' && (
          <button
            ref={downloadRef}
            type="button"
            className="btn btn-primary"
            disabled={download.isPending}
            aria-busy={download.isPending}
            onClick={() => download.mutate(exportId)}
          >
            {download.isPending ? 'Preparing…' : 'Download'}
          </button>
        )}
      </div>
    </div>
  );
}
