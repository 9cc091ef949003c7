import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/Alert';
import { Badge, type Tone } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SortHeader } from '../../components/SortHeader';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { DateTime } from '../../components/Time';
import { formatDateTime } from '../../lib/format';
import { ExportDialog } from '../exports/ExportDialog';
import { parseLocalInput, toLocalInput } from '../exports/range';
import { useCameraDirectory, useRecordings, type Recording } from './api';
import { CameraMultiSelect } from './CameraMultiSelect';
import { DurationFilter } from './DurationFilter';
import {
  changeSearch,
  clearFilters,
  hasFilters,
  MAX_CAMERAS,
  parseRecordingSearch,
  rangeIsInverted,
  RECORDING_STATES,
  recordingSearchParams,
  recordingsApiQuery,
  sortState,
  toggleSort,
  type RecordingSearch,
  type RecordingState,
} from './search';
import { describeVideo, formatBytes, formatDurationMs } from './units';
import './recordings.css';

const STATE_INFO: Record<RecordingState, { label: string; tone: Tone; description: string }> = {
  writing: { label: 'Recording', tone: 'info', description: 'Still being written' },
  complete: { label: 'Complete', tone: 'neutral', description: 'Closed normally' },
  recovered: {
    label: 'Recovered',
    tone: 'warning',
    description: 'Recovered after the recorder stopped unexpectedly; the last second may be missing',
  },
  corrupt: { label: 'Corrupt', tone: 'danger', description: 'The file could not be read completely' },
  missing: { label: 'Missing', tone: 'danger', description: 'The file is gone from the disk' },
};

export function RecordingStateBadge({ state }: { state: RecordingState }) {
  const info = STATE_INFO[state];
  return (
    <Badge tone={info.tone} title={info.description}>
      {info.label}
    </Badge>
  );
}

/** A local datetime-local value for an ISO time in the URL ('' for none). */
function inputValue(iso: string | null): string {
  return iso ? toLocalInput(new Date(iso), 'auto') : '';
}

function inputIso(value: string): string | null {
  return parseLocalInput(value)?.toISOString() ?? null;
}

/** Where a chunk ends, for exporting it: its end, or (still being written) its length so far, or now. */
function chunkEnd(recording: Recording): Date {
  if (recording.endAt) return new Date(recording.endAt);
  if (recording.durationMs !== null) return new Date(Date.parse(recording.startAt) + recording.durationMs);
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

export function RecordingsPage() {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseRecordingSearch(params), [params]);
  const update = useCallback(
    (changes: Partial<RecordingSearch>) => setParams(recordingSearchParams(changeSearch(search, changes)), { replace: true }),
    [search, setParams],
  );
  const query = useMemo(() => recordingsApiQuery(search), [search]);
  const recordings = useRecordings(query);
  const directory = useCameraDirectory();
  const [exporting, setExporting] = useState<Recording | null>(null);
  const filtered = hasFilters(search);
  const sort = sortState(search.sort);
  const onSort = (field: typeof sort.field) => update({ sort: toggleSort(search.sort, field) });

  return (
    <>
      <PageHeader
        title="Recordings"
        description="Recorded chunks of every camera. Play one back on its camera’s timeline, or export a clip of it."
        actions={
          <Link to="/exports" className="btn btn-secondary">
            <Icon name="download" size={16} />
            Exports
          </Link>
        }
      />
      <section className="card">
        <div className="toolbar toolbar-wrap" role="search" aria-label="Filter recordings">
          <CameraMultiSelect
            label="Cameras"
            cameras={directory.cameras}
            selected={search.cameraIds}
            max={MAX_CAMERAS}
            onChange={(cameraIds) => update({ cameraIds })}
          />
          <div className="toolbar-field">
            <label htmlFor="recordings-from">From</label>
            <input
              id="recordings-from"
              className="input"
              type="datetime-local"
              value={inputValue(search.from)}
              max={inputValue(search.to) || undefined}
              onChange={(event) => update({ from: inputIso(event.target.value) })}
            />
          </div>
          <div className="toolbar-field">
            <label htmlFor="recordings-to">To</label>
            <input
              id="recordings-to"
              className="input"
              type="datetime-local"
              value={inputValue(search.to)}
              min={inputValue(search.from) || undefined}
              onChange={(event) => update({ to: inputIso(event.target.value) })}
            />
          </div>
          <DurationFilter label="Min. duration" value={search.minDurationMs} onChange={(minDurationMs) => update({ minDurationMs })} />
          <div className="toolbar-field">
            <label htmlFor="recordings-state">State</label>
            <select
              id="recordings-state"
              className="select"
              value={search.state ?? ''}
              onChange={(event) => update({ state: (event.target.value || null) as RecordingState | null })}
            >
              <option value="">Any state</option>
              {RECORDING_STATES.map((state) => (
                <option key={state} value={state}>
                  {STATE_INFO[state].label}
                </option>
              ))}
            </select>
          </div>
          {filtered && (
            <button
              type="button"
              className="btn btn-ghost btn-sm toolbar-clear"
              onClick={() => setParams(recordingSearchParams(clearFilters(search)), { replace: true })}
            >
              Clear filters
            </button>
          )}
          <div className="toolbar-status">{recordings.isFetching && !recordings.isPending && <Spinner size="sm" label="Refreshing" />}</div>
        </div>

        {rangeIsInverted(search) && (
          <p className="toolbar-note" role="alert">
            “From” is after “To”, so nothing can match.
          </p>
        )}
        {recordings.isError && <ErrorAlert error={recordings.error} title="Could not load recordings" />}
        {recordings.isPending ? (
          <LoadingBlock label="Loading recordings…" />
        ) : recordings.data && recordings.data.items.length === 0 ? (
          filtered ? (
            <EmptyState icon="search" title="No recordings match these filters" description="Widen the time range or clear a filter." />
          ) : (
            <EmptyState
              icon="record"
              title="No recordings yet"
              description="A camera with recording on is recorded while it is live; its chunks show up here."
            />
          )
        ) : (
          recordings.data && (
            <>
              <div className="table-wrap">
                <table className="table table-hover recordings-table">
                  <caption className="visually-hidden">Recorded chunks</caption>
                  <thead>
                    <tr>
                      <th scope="col">Camera</th>
                      <SortHeader field="startAt" sort={sort} onSort={onSort}>
                        Start
                      </SortHeader>
                      <SortHeader field="durationMs" sort={sort} onSort={onSort}>
                        Duration
                      </SortHeader>
                      <SortHeader field="bytes" sort={sort} onSort={onSort}>
                        Size
                      </SortHeader>
                      <th scope="col" className="col-optional">
                        Video
                      </th>
                      <th scope="col">State</th>
                      <th scope="col" className="col-actions">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {recordings.data.items.map((recording) => (
                      <RecordingRow
                        key={recording.id}
                        recording={recording}
                        cameraName={directory.nameOf(recording.cameraId)}
                        onExport={() => setExporting(recording)}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination
                total={recordings.data.total}
                limit={search.limit}
                offset={search.offset}
                noun="recordings"
                onOffsetChange={(offset) => update({ offset })}
                onLimitChange={(limit) => update({ limit })}
              />
            </>
          )
        )}
      </section>
      {exporting && (
        <ExportDialog
          cameraId={exporting.cameraId}
          from={new Date(exporting.startAt)}
          to={chunkEnd(exporting)}
          onClose={() => setExporting(null)}
        />
      )}
    </>
  );
}

function RecordingRow({ recording, cameraName, onExport }: { recording: Recording; cameraName: string | null; onExport: () => void }) {
  const name = cameraName ?? 'Unknown camera';
  const attention = recording.state === 'recovered' || recording.state === 'corrupt' || recording.state === 'missing';
  const when = formatDateTime(recording.startAt);
  const playable = recording.state !== 'missing';
  return (
    <tr className={attention ? 'row-attention' : undefined} data-testid={`recording-${recording.id}`}>
      <td>
        <Link to={`/cameras/${recording.cameraId}`} className="table-primary-link">
          {name}
        </Link>
        {cameraName === null && <div className="table-secondary mono">{recording.cameraId}</div>}
      </td>
      <td className="nowrap">
        <DateTime value={recording.startAt} />
        <div className="table-secondary">
          {recording.endAt ? (
            <>
              to <DateTime value={recording.endAt} />
            </>
          ) : (
            'still recording'
          )}
        </div>
      </td>
      <td className="nowrap">{formatDurationMs(recording.durationMs)}</td>
      <td className="nowrap">{formatBytes(recording.bytes)}</td>
      <td className="col-optional nowrap">{describeVideo(recording.videoCodec, recording.width, recording.height)}</td>
      <td>
        <RecordingStateBadge state={recording.state} />
      </td>
      <td className="col-actions">
        {playable && (
          <div className="row-actions">
            <Link to={`/cameras/${recording.cameraId}?t=${recording.startAt}`} className="btn btn-ghost btn-sm">
              <Icon name="play" size={14} />
              Play
              <span className="visually-hidden">
                {' '}
                {name} from {when}
              </span>
            </Link>
            <button type="button" className="btn btn-ghost btn-sm" onClick={onExport}>
              <Icon name="download" size={14} />
              Export
              <span className="visually-hidden">
                {' '}
                {name} from {when}
              </span>
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}
