import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { DateTime, RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { formatDateTime } from '../../lib/format';
import { useListParams } from '../../lib/useListParams';
import { useCameraDirectory } from '../recordings/api';
import { formatBytes, formatDurationMs } from '../recordings/units';
import { useDeleteExport, useDownloadExport, useExports, type ExportListQuery } from './api';
import type { Export } from './cache';
import { ExportProgressBar, ExportStateBadge } from './ExportStatus';
import { EXPORT_STATE_LABELS, EXPORT_STATES, isFinished, progressPercent, type ExportState } from './progress';

const FILTER_KEYS = ['camera', 'state'] as const;

function isExportState(value: string): value is ExportState {
  return (EXPORT_STATES as readonly string[]).includes(value);
}

export function ExportsPage() {
  const { user, can } = useAuth();
  const toast = useToast();
  const { filters, limit, offset, update } = useListParams(FILTER_KEYS, 25);
  const query: ExportListQuery = {
    limit,
    offset,
    ...(filters.camera ? { cameraId: filters.camera } : {}),
    ...(isExportState(filters.state) ? { state: filters.state } : {}),
  };
  const exports = useExports(query);
  const directory = useCameraDirectory();
  const download = useDownloadExport();
  const remove = useDeleteExport();
  const [deleting, setDeleting] = useState<Export | null>(null);
  const filtered = Boolean(filters.camera || filters.state);
  const mayDelete = (item: Export) => item.requestedBy === user?.id || can('cameras:write');

  return (
    <>
      <PageHeader
        title="Exports"
        description="Clips cut from the recordings as MP4 files. A finished file can be downloaded until it expires."
        actions={
          <Link to="/recordings" className="btn btn-secondary">
            <Icon name="film" size={16} />
            Find a recording to export
          </Link>
        }
      />
      <section className="card">
        <div className="toolbar" role="search" aria-label="Filter exports">
          <div className="toolbar-field">
            <label htmlFor="exports-camera">Camera</label>
            <select
              id="exports-camera"
              className="select"
              value={filters.camera}
              onChange={(event) => update({ camera: event.target.value })}
            >
              <option value="">All cameras</option>
              {directory.cameras.map((camera) => (
                <option key={camera.id} value={camera.id}>
                  {camera.name}
                </option>
              ))}
              {filters.camera && !directory.cameras.some((camera) => camera.id === filters.camera) && (
                <option value={filters.camera}>Unknown camera {filters.camera}</option>
              )}
            </select>
          </div>
          <div className="toolbar-field">
            <label htmlFor="exports-state">State</label>
            <select id="exports-state" className="select" value={filters.state} onChange={(event) => update({ state: event.target.value })}>
              <option value="">Any state</option>
              {EXPORT_STATES.map((state) => (
                <option key={state} value={state}>
                  {EXPORT_STATE_LABELS[state]}
                </option>
              ))}
            </select>
          </div>
          {filtered && (
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => update({ camera: '', state: '' })}>
              Clear filters
            </button>
          )}
          <div className="toolbar-status">{exports.isFetching && !exports.isPending && <Spinner size="sm" label="Refreshing" />}</div>
        </div>

        {exports.isError && <ErrorAlert error={exports.error} title="Could not load exports" />}
        <ErrorAlert error={download.error} title="Could not start the download" />
        {exports.isPending ? (
          <LoadingBlock label="Loading exports…" />
        ) : exports.data && exports.data.items.length === 0 ? (
          filtered ? (
            <EmptyState icon="search" title="No exports match these filters" description="Choose another camera or state." />
          ) : (
            <EmptyState
              icon="download"
              title="No exports yet"
              description="Export a clip from the Recordings page: pick a chunk and choose Export."
              action={
                <Link to="/recordings" className="btn btn-primary">
                  Go to recordings
                </Link>
              }
            />
          )
        ) : (
          exports.data && (
            <>
              <div className="table-wrap">
                <table className="table exports-table">
                  <caption className="visually-hidden">Clip exports</caption>
                  <thead>
                    <tr>
                      <th scope="col">Camera</th>
                      <th scope="col">Range</th>
                      <th scope="col" className="col-optional">
                        Requested by
                      </th>
                      <th scope="col">State</th>
                      <th scope="col">Size</th>
                      <th scope="col" className="col-optional">
                        Expires
                      </th>
                      <th scope="col" className="col-actions">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {exports.data.items.map((item) => {
                      const name = directory.nameOf(item.cameraId) ?? 'Unknown camera';
                      const label = `${name} from ${formatDateTime(item.from)}`;
                      return (
                        <tr key={item.id} data-testid={`export-${item.id}`} className={item.state === 'expired' ? 'row-muted' : undefined}>
                          <td>
                            <Link to={`/cameras/${item.cameraId}`} className="table-primary-link">
                              {name}
                            </Link>
                            <div className="table-secondary mono export-file" title={item.fileName}>
                              {item.fileName}
                            </div>
                          </td>
                          <td className="nowrap">
                            <DateTime value={item.from} />
                            <div className="table-secondary">
                              to <DateTime value={item.to} />
                            </div>
                            <div className="table-secondary">
                              {formatDurationMs(Date.parse(item.to) - Date.parse(item.from))}
                              {item.gaps > 0 && ` · ${item.gaps} ${item.gaps === 1 ? 'gap' : 'gaps'} skipped`}
                            </div>
                          </td>
                          <td className="col-optional">
                            {item.requestedBy === user?.id ? 'You' : item.requestedByLabel}
                            <div className="table-secondary">
                              <RelativeTime value={item.createdAt} />
                            </div>
                          </td>
                          <td>
                            <div className="export-cell-progress">
                              <ExportStateBadge state={item.state} testId={`export-state-${item.id}`} />
                              {!isFinished(item.state) && (
                                <>
                                  <ExportProgressBar state={item.state} progress={item.progress} label={`Progress of ${label}`} />
                                  {item.state === 'running' && (
                                    <span className="export-status-percent">{progressPercent(item.state, item.progress)} %</span>
                                  )}
                                </>
                              )}
                              {item.state === 'failed' && item.error && <p className="export-error">{item.error}</p>}
                            </div>
                          </td>
                          <td className="nowrap">
                            {item.state === 'complete' ? formatBytes(item.bytes) : <span className="muted">—</span>}
                          </td>
                          <td className="col-optional nowrap">
                            {item.state === 'complete' ? <RelativeTime value={item.expiresAt} /> : <span className="muted">—</span>}
                          </td>
                          <td className="col-actions">
                            <div className="row-actions">
                              {item.state === 'complete' && (
                                <button
                                  type="button"
                                  className="btn btn-secondary btn-sm"
                                  disabled={download.isPending && download.variables === item.id}
                                  onClick={() => download.mutate(item.id)}
                                >
                                  <Icon name="download" size={14} />
                                  Download
                                  <span className="visually-hidden"> export of {label}</span>
                                </button>
                              )}
                              {mayDelete(item) && (
                                <button type="button" className="btn btn-ghost btn-sm btn-danger-text" onClick={() => setDeleting(item)}>
                                  {isFinished(item.state) ? 'Delete' : 'Cancel'}
                                  <span className="visually-hidden"> export of {label}</span>
                                </button>
                              )}
                            </div>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Pagination
                total={exports.data.total}
                limit={limit}
                offset={offset}
                noun="exports"
                onOffsetChange={(next) => update({ offset: next }, { resetOffset: false })}
                onLimitChange={(next) => update({ limit: next })}
              />
            </>
          )
        )}
      </section>

      {deleting && (
        <ConfirmDialog
          title={isFinished(deleting.state) ? 'Delete export?' : 'Cancel export?'}
          confirmLabel={isFinished(deleting.state) ? 'Delete export' : 'Cancel export'}
          pendingLabel={isFinished(deleting.state) ? 'Deleting…' : 'Cancelling…'}
          pending={remove.isPending}
          error={remove.error}
          onCancel={() => {
            setDeleting(null);
            remove.reset();
          }}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                toast(isFinished(deleting.state) ? 'Export deleted' : 'Export cancelled');
                setDeleting(null);
              },
            })
          }
        >
          <p>
            {isFinished(deleting.state) ? 'The file ' : 'The export is stopped and the file '}
            <strong>{deleting.fileName}</strong> ({directory.nameOf(deleting.cameraId) ?? 'unknown camera'}, {formatDateTime(deleting.from)}
            ) is deleted. The recording itself stays. This can’t be undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
