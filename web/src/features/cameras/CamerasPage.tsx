import { Link, useNavigate } from 'react-router-dom';
import type { Camera, CameraListQuery, CameraStatus } from '../../api/types';
import { useCan } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { SearchInput } from '../../components/SearchInput';
import { SortHeader, type SortState } from '../../components/SortHeader';
import { useListParams } from '../../lib/useListParams';
import { useCameras } from './api';
import { CAMERA_STATUSES, CameraStatusBadge } from './status';

const FILTER_KEYS = ['name', 'status', 'enabled', 'sort'] as const;
type SortField = 'name' | 'status' | 'createdAt';
const SORTS = ['name', '-name', 'createdAt', '-createdAt', 'status', '-status'] as const;
type Sort = (typeof SORTS)[number];

function parseSort(raw: string): Sort {
  return (SORTS as readonly string[]).includes(raw) ? (raw as Sort) : 'name';
}

export function CamerasPage() {
  const canWrite = useCan('cameras:write');
  const navigate = useNavigate();
  const { filters, limit, offset, update } = useListParams(FILTER_KEYS);
  const sort = parseSort(filters.sort);
  const query: CameraListQuery = {
    limit,
    offset,
    sort,
    ...(filters.name ? { name: filters.name } : {}),
    ...(isStatus(filters.status) ? { status: filters.status } : {}),
    ...(filters.enabled === 'true' || filters.enabled === 'false' ? { enabled: filters.enabled } : {}),
  };
  const cameras = useCameras(query);
  const filtered = Boolean(filters.name || filters.status || filters.enabled);

  const sortState: SortState<SortField> = {
    field: sort.replace(/^-/, '') as SortField,
    direction: sort.startsWith('-') ? 'desc' : 'asc',
  };
  const onSort = (field: SortField) => {
    const next = sortState.field === field && sortState.direction === 'asc' ? `-${field}` : field;
    update({ sort: next === 'name' ? '' : next });
  };

  return (
    <>
      <PageHeader
        title="Cameras"
        description="Every camera Argus ingests, with its live status."
        actions={
          canWrite && (
            <Link to="/cameras/new" className="btn btn-primary">
              <Icon name="plus" size={16} />
              Add camera
            </Link>
          )
        }
      />

      <section className="card">
        <div className="toolbar" role="search" aria-label="Filter cameras">
          <SearchInput label="Search cameras" placeholder="Search by name…" value={filters.name} onChange={(name) => update({ name })} />
          <div className="toolbar-field">
            <label htmlFor="camera-status">Status</label>
            <select
              id="camera-status"
              className="select"
              value={filters.status}
              onChange={(event) => update({ status: event.target.value })}
            >
              <option value="">All statuses</option>
              {CAMERA_STATUSES.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <div className="toolbar-field">
            <label htmlFor="camera-enabled">State</label>
            <select
              id="camera-enabled"
              className="select"
              value={filters.enabled}
              onChange={(event) => update({ enabled: event.target.value })}
            >
              <option value="">Enabled and disabled</option>
              <option value="true">Enabled only</option>
              <option value="false">Disabled only</option>
            </select>
          </div>
          {filtered && (
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => update({ name: '', status: '', enabled: '' })}>
              Clear filters
            </button>
          )}
          <div className="toolbar-status">{cameras.isFetching && !cameras.isPending && <Spinner size="sm" label="Refreshing" />}</div>
        </div>

        {cameras.isError && <ErrorAlert error={cameras.error} title="Could not load cameras" />}
        {cameras.isPending ? (
          <LoadingBlock label="Loading cameras…" />
        ) : cameras.data && cameras.data.items.length === 0 ? (
          filtered ? (
            <EmptyState title="No cameras match these filters" icon="search" description="Try a different name or status." />
          ) : (
            <EmptyState
              title="No cameras yet"
              icon="camera"
              description="Add a camera that pushes RTMP to Argus, or one Argus pulls from over RTSP."
              action={
                canWrite && (
                  <Link to="/cameras/new" className="btn btn-primary">
                    <Icon name="plus" size={16} />
                    Add camera
                  </Link>
                )
              }
            />
          )
        ) : (
          cameras.data && (
            <>
              <div className="table-wrap">
                <table className="table table-hover">
                  <caption className="visually-hidden">Cameras</caption>
                  <thead>
                    <tr>
                      <SortHeader field="name" sort={sortState} onSort={onSort}>
                        Name
                      </SortHeader>
                      <th scope="col" className="col-optional">
                        Location
                      </th>
                      <th scope="col" className="col-optional">
                        Source
                      </th>
                      <SortHeader field="status" sort={sortState} onSort={onSort}>
                        Status
                      </SortHeader>
                      <th scope="col" className="col-optional">
                        Enabled
                      </th>
                      <th scope="col" className="col-optional">
                        Recording
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {cameras.data.items.map((camera) => (
                      <CameraRow key={camera.id} camera={camera} onOpen={() => void navigate(`/cameras/${camera.id}`)} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination
                total={cameras.data.total}
                limit={limit}
                offset={offset}
                noun="cameras"
                onOffsetChange={(next) => update({ offset: next }, { resetOffset: false })}
                onLimitChange={(next) => update({ limit: next })}
              />
            </>
          )
        )}
      </section>
    </>
  );
}

function CameraRow({ camera, onOpen }: { camera: Camera; onOpen: () => void }) {
  return (
    <tr
      className="row-link"
      onClick={(event) => {
        // The name cell holds the real link; make the rest of the row a mouse target too.
        if (!(event.target instanceof HTMLElement) || !event.target.closest('a')) onOpen();
      }}
    >
      <td>
        <Link to={`/cameras/${camera.id}`} className="table-primary-link">
          {camera.name}
        </Link>
        {camera.description && <div className="table-secondary">{camera.description}</div>}
        {camera.location && <div className="table-secondary show-sm">{camera.location}</div>}
      </td>
      <td className="col-optional">{camera.location || <span className="muted">—</span>}</td>
      <td className="col-optional">
        <span className="source-chip">
          <Icon name={camera.sourceType === 'push' ? 'push' : 'pull'} size={14} />
          {camera.sourceType === 'push' ? 'Push (RTMP)' : 'Pull'}
        </span>
      </td>
      <td>
        <CameraStatusBadge status={camera.status} reason={camera.statusReason} testId={`status-${camera.id}`} />
        {camera.statusReason && camera.status !== 'online' && <div className="table-secondary">{camera.statusReason}</div>}
      </td>
      <td className="col-optional">{camera.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}</td>
      <td className="col-optional">
        {camera.recordingEnabled ? (
          <span className="recording-on">
            <Icon name="record" size={14} /> {camera.retentionDays} d
          </span>
        ) : (
          <span className="muted">Off</span>
        )}
      </td>
    </tr>
  );
}

function isStatus(value: string): value is CameraStatus {
  return CAMERA_STATUSES.some((s) => s.id === value);
}
