import { formatDateTime, formatRelative } from '../lib/format';

/** A timestamp shown relative to now ("5 min ago"), with the exact time on hover. */
export function RelativeTime({ value, fallback = '—' }: { value: string | null | undefined; fallback?: string }) {
  if (!value) return <span className="muted">{fallback}</span>;
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {formatRelative(value)}
    </time>
  );
}

/** A timestamp shown in full, local time. */
export function DateTime({ value, fallback = '—' }: { value: string | null | undefined; fallback?: string }) {
  if (!value) return <span className="muted">{fallback}</span>;
  return <time dateTime={value}>{formatDateTime(value)}</time>;
}
