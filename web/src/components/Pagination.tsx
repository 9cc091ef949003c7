import { useId } from 'react';
import { Icon } from './Icon';

interface PaginationProps {
  total: number;
  limit: number;
  offset: number;
  onOffsetChange: (offset: number) => void;
  onLimitChange?: (limit: number) => void;
  pageSizes?: readonly number[];
  /** What is being paged, for the summary ("cameras"). */
  noun?: string;
}

const numberFormat = new Intl.NumberFormat();

export function Pagination({
  total,
  limit,
  offset,
  onOffsetChange,
  onLimitChange,
  pageSizes = [10, 25, 50, 100],
  noun = 'results',
}: PaginationProps) {
  const sizeId = useId();
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);

  return (
    <nav className="pagination" aria-label="Pagination">
      <p className="pagination-summary">
        {total === 0 ? `No ${noun}` : `${numberFormat.format(first)}–${numberFormat.format(last)} of ${numberFormat.format(total)} ${noun}`}
      </p>
      <div className="pagination-controls">
        {onLimitChange && (
          <div className="pagination-size">
            <label htmlFor={sizeId}>Rows per page</label>
            <select id={sizeId} className="select select-sm" value={limit} onChange={(event) => onLimitChange(Number(event.target.value))}>
              {pageSizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </div>
        )}
        <span className="pagination-page">
          Page {page} of {pages}
        </span>
        <button
          type="button"
          className="btn btn-secondary btn-icon btn-sm"
          onClick={() => onOffsetChange(Math.max(0, offset - limit))}
          disabled={offset <= 0}
          aria-label="Previous page"
        >
          <Icon name="chevronLeft" />
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-icon btn-sm"
          onClick={() => onOffsetChange(offset + limit)}
          disabled={offset + limit >= total}
          aria-label="Next page"
        >
          <Icon name="chevronRight" />
        </button>
      </div>
    </nav>
  );
}
