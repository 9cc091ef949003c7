import { useId, useRef } from 'react';
import { Link } from 'react-router-dom';
import type { Camera, CameraListQuery } from '../../api/types';
import { useCan } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SearchInput } from '../../components/SearchInput';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { useListParams } from '../../lib/useListParams';
import { useOnScreen } from '../../lib/useOnScreen';
import { useLatestHealth, useRealtime } from '../../realtime/RealtimeProvider';
import { useCameras } from '../cameras/api';
import { CameraStatusBadge } from '../cameras/status';
import { formatFps, formatKbps } from './health';
import { COLUMN_CHOICES, isLive, LIVE_DEFAULT_PAGE_SIZE, LIVE_PAGE_SIZES, parseColumns } from './liveGrid';
import { LivePlaceholder } from './LivePlaceholder';
import { LivePlayer } from './LivePlayer';

const FILTER_KEYS = ['name', 'cols'] as const;

export function LivePage() {
  const canWrite = useCan('cameras:write');
  const columnsId = useId();
  const { filters, limit, offset, update } = useListParams(FILTER_KEYS, LIVE_DEFAULT_PAGE_SIZE);
  const columns = parseColumns(filters.cols);
  const query: CameraListQuery = { enabled: 'true', sort: 'name', limit, offset, ...(filters.name ? { name: filters.name } : {}) };
  const cameras = useCameras(query);

  return (
    <>
      <PageHeader title="Live" description="Every enabled camera. Video plays for the cameras on screen." actions={<RealtimeIndicator />} />

      <div className="card live-toolbar">
        <div className="toolbar" role="search" aria-label="Filter live cameras">
          <SearchInput label="Search cameras" placeholder="Search by name…" value={filters.name} onChange={(name) => update({ name })} />
          <div className="toolbar-field">
            <label htmlFor={columnsId}>Columns</label>
            <select
              id={columnsId}
              className="select"
              value={columns}
              onChange={(event) => update({ cols: event.target.value === 'auto' ? '' : event.target.value }, { resetOffset: false })}
            >
              {COLUMN_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {choice === 'auto' ? 'Fit to width' : choice}
                </option>
              ))}
            </select>
          </div>
          <div className="toolbar-status">{cameras.isFetching && !cameras.isPending && <Spinner size="sm" label="Refreshing" />}</div>
        </div>
      </div>

      {cameras.isError && <ErrorAlert error={cameras.error} title="Could not load cameras" />}
      {cameras.isPending ? (
        <LoadingBlock label="Loading cameras…" />
      ) : cameras.data && cameras.data.items.length === 0 ? (
        <div className="card">
          {filters.name ? (
            <EmptyState title="No cameras match this name" icon="search" description="Try a different name." />
          ) : (
            <EmptyState
              title="No enabled cameras"
              icon="camera"
              description="Cameras appear here once they are added and enabled."
              action={
                canWrite && (
                  <Link to="/cameras/new" className="btn btn-primary">
                    <Icon name="plus" size={16} />
                    Add camera
                  </Link>
                )
              }
            />
          )}
        </div>
      ) : (
        cameras.data && (
          <>
            <div className="live-grid-wrap">
              <ul className="live-grid" data-columns={columns} aria-label="Cameras">
                {cameras.data.items.map((camera) => (
                  <li key={camera.id}>
                    <LiveTile camera={camera} />
                  </li>
                ))}
              </ul>
            </div>
            {cameras.data.total > limit && (
              <div className="card live-pagination">
                <Pagination
                  total={cameras.data.total}
                  limit={limit}
                  offset={offset}
                  noun="cameras"
                  pageSizes={LIVE_PAGE_SIZES}
                  onOffsetChange={(next) => update({ offset: next }, { resetOffset: false })}
                  onLimitChange={(next) => update({ limit: next })}
                />
              </div>
            )}
          </>
        )
      )}
    </>
  );
}

function LiveTile({ camera }: { camera: Camera }) {
  const ref = useRef<HTMLElement>(null);
  const onScreen = useOnScreen(ref);
  const titleId = useId();
  const live = isLive(camera.status);

  return (
    <article ref={ref} className="live-tile" aria-labelledby={titleId}>
      <div className="live-tile-media">
        {live && onScreen ? (
          <LivePlayer cameraId={camera.id} cameraName={camera.name} />
        ) : (
          <LivePlaceholder status={camera.status} reason={camera.statusReason} />
        )}
      </div>
      <div className="live-tile-bar">
        <div className="live-tile-text">
          <Link to={`/cameras/${camera.id}`} id={titleId} className="live-tile-name">
            {camera.name}
          </Link>
          {live ? <TileHealth cameraId={camera.id} /> : camera.location && <span className="live-tile-meta">{camera.location}</span>}
        </div>
        <CameraStatusBadge status={camera.status} reason={camera.statusReason} testId={`status-${camera.id}`} />
      </div>
    </article>
  );
}

function TileHealth({ cameraId }: { cameraId: string }) {
  const health = useLatestHealth(cameraId);
  if (!health) return null;
  return (
    <span className="live-tile-meta">
      {formatFps(health.fps)} · {formatKbps(health.bitrateKbps)}
    </span>
  );
}

/** Whether badges are updating by themselves, or falling back to polling. */
export function RealtimeIndicator() {
  const { state } = useRealtime();
  if (state === 'off') return null;
  const label =
    state === 'connected'
      ? 'Live updates on'
      : state === 'connecting'
        ? 'Connecting for live updates…'
        : 'Live updates paused, reconnecting…';
  return (
    <span className={`realtime-indicator realtime-${state}`} role="status">
      <span className="realtime-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
