import type { ReactNode } from 'react';
import { Icon } from './Icon';

export interface SortState<F extends string> {
  field: F;
  direction: 'asc' | 'desc';
}

interface SortHeaderProps<F extends string> {
  field: F;
  sort: SortState<F>;
  onSort: (field: F) => void;
  children: ReactNode;
}

/** A column header that sorts the table when activated, announcing its state via aria-sort. */
export function SortHeader<F extends string>({ field, sort, onSort, children }: SortHeaderProps<F>) {
  const active = sort.field === field;
  return (
    <th scope="col" aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={`sort-button${active ? ' sort-active' : ''}`} onClick={() => onSort(field)}>
        {children}
        <Icon
          name="chevronDown"
          size={14}
          className={`sort-icon${active && sort.direction === 'asc' ? ' sort-icon-up' : ''}${active ? '' : ' sort-icon-idle'}`}
        />
      </button>
    </th>
  );
}
