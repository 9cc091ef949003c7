import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { AuditOutcome, AuditQuery } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SearchInput } from '../../components/SearchInput';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { localInputToIso } from '../../lib/format';
import { useListParams } from '../../lib/useListParams';
import { AuditTable } from './AuditTable';

const FILTER_KEYS = ['actor', 'action', 'target', 'outcome', 'from', 'to'] as const;
const OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

function isOutcome(value: string): value is AuditOutcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

export function AuditPage() {
  const { filters, limit, offset, update } = useListParams(FILTER_KEYS, 50);
  const from = localInputToIso(filters.from);
  const to = localInputToIso(filters.to);
  const query: AuditQuery = {
    limit,
    offset,
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.target ? { target: filters.target } : {}),
    ...(isOutcome(filters.outcome) ? { outcome: filters.outcome } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const audit = useQuery({
    queryKey: ['audit', 'list', query],
    queryFn: () => unwrap(api.GET('/api/audit', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const filtered = FILTER_KEYS.some((key) => filters[key] !== '');
  const rangeInvalid = from !== undefined && to !== undefined && from > to;

  return (
    <>
      <PageHeader title="Audit log" description="Who did what, when and from where. Entries can't be changed or deleted." />
      <section className="card">
        <div className="toolbar toolbar-wrap" role="search" aria-label="Filter audit log">
          <SearchInput
            visibleLabel
            label="Actor"
            placeholder="Email or token"
            value={filters.actor}
            onChange={(actor) => update({ actor })}
          />
          <SearchInput
            visibleLabel
            label="Action"
            placeholder="e.g. camera.create"
            value={filters.action}
            onChange={(action) => update({ action })}
          />
          <SearchInput
            visibleLabel
            label="Target"
            placeholder="Type or ID"
            value={filters.target}
            onChange={(target) => update({ target })}
          />
          <div className="toolbar-field">
            <label htmlFor="audit-outcome">Outcome</label>
            <select id="audit-outcome" className="select" value={filters.outcome} onChange={(e) => update({ outcome: e.target.value })}>
              <option value="">Any outcome</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {o[0]?.toUpperCase()}
                  {o.slice(1)}
                </option>
              ))}
            </select>
          </div>
          <div className="toolbar-field">
            <label htmlFor="audit-from">From</label>
            <input
              id="audit-from"
              className="input"
              type="datetime-local"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(e) => update({ from: e.target.value })}
            />
          </div>
          <div className="toolbar-field">
            <label htmlFor="audit-to">To</label>
            <input
              id="audit-to"
              className="input"
              type="datetime-local"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(e) => update({ to: e.target.value })}
            />
          </div>
          {filtered && (
            <button
              type="button"
              className="btn btn-ghost btn-sm toolbar-clear"
              onClick={() =>
                update({
                  actor: '',
                  action: '',
                  target: '',
                  outcome: '',
                  from: '',
                  to: '',
                })
              }
            >
              Clear filters
            </button>
          )}
          <div className="toolbar-status">{audit.isFetching && !audit.isPending && <Spinner size="sm" label="Refreshing" />}</div>
        </div>

        {rangeInvalid && (
          <p className="toolbar-note" role="alert">
            “From” is after “To”, so nothing can match.
          </p>
        )}
        {audit.isError && <ErrorAlert error={audit.error} title="Could not load the audit log" />}
        {audit.isPending ? (
          <LoadingBlock label="Loading audit log…" />
        ) : audit.data && audit.data.items.length === 0 ? (
          <EmptyState
            icon="audit"
            title={filtered ? 'No entries match these filters' : 'No audit entries yet'}
            description={filtered ? 'Widen the date range or clear a filter.' : undefined}
          />
        ) : (
          audit.data && (
            <>
              <AuditTable entries={audit.data.items} expandable caption="Audit log entries" />
              <Pagination
                total={audit.data.total}
                limit={limit}
                offset={offset}
                noun="entries"
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
