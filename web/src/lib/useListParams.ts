import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * List filters and paging kept in the URL, so a filtered view can be bookmarked,
 * shared and survives reload. `keys` are the filter names (a constant array); `limit` and `offset`
 * are always handled.
 */
export function useListParams<K extends string>(keys: readonly K[], defaultLimit = 25) {
  const [searchParams, setSearchParams] = useSearchParams();

  const filters = useMemo(() => {
    const out = {} as Record<K, string>;
    for (const key of keys) out[key] = searchParams.get(key) ?? '';
    return out;
  }, [searchParams, keys]);

  const limit = clampInt(searchParams.get('limit'), defaultLimit, 1, 100);
  const offset = clampInt(searchParams.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);

  const update = useCallback(
    (changes: Partial<Record<K | 'limit' | 'offset', string | number>>, options: { resetOffset?: boolean } = {}) => {
      setSearchParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(changes)) {
            if (value === '' || value === undefined || value === null) next.delete(key);
            else next.set(key, String(value));
          }
          if (options.resetOffset ?? !('offset' in changes)) next.delete('offset');
          if (next.get('offset') === '0') next.delete('offset');
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  const reset = useCallback(() => setSearchParams(new URLSearchParams(), { replace: true }), [setSearchParams]);

  return { filters, limit, offset, update, reset };
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const value = raw === null ? NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}
