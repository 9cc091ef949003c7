// Swapping a signed HLS URL for a fresh one without reloading the player.
//
// The server signs the master playlist URL; playlists and segments are relative to it, so every
// request the player makes starts with the signed URL's directory (and, where the signature is a
// query string the server propagates, ends with the same query). When a new URL is issued,
// requests still built from an older one are rewritten onto the new one.

interface SignedParts {
  /** Everything up to and including the last "/" of the path. */
  base: string;
  /** The query string without "?", or "" when there is none. */
  query: string;
}

function parts(url: string): SignedParts {
  const hashless = url.split('#', 1)[0]!;
  const queryAt = hashless.indexOf('?');
  const path = queryAt === -1 ? hashless : hashless.slice(0, queryAt);
  const query = queryAt === -1 ? '' : hashless.slice(queryAt + 1);
  return { base: path.slice(0, path.lastIndexOf('/') + 1), query };
}

/**
 * `requestUrl` moved from whichever of the `previous` signed URLs it was built from onto
 * `current`; unchanged when it belongs to none of them (or already to `current`).
 * All URLs must be absolute.
 */
export function resignUrl(requestUrl: string, previous: readonly string[], current: string): string {
  const next = parts(current);
  const request = parts(requestUrl);
  for (const old of previous) {
    const from = parts(old);
    if (from.base === '' || !requestUrl.startsWith(from.base)) continue;
    // A query signature must match too; a path signature is matched by the base alone.
    if (from.query !== '' && request.query !== from.query) continue;
    if (from.base === next.base && from.query === next.query) continue;
    const rest = requestUrl.slice(from.base.length).split(/[?#]/, 1)[0]!;
    const query = from.query !== '' ? next.query : request.query;
    return `${next.base}${rest}${query ? `?${query}` : ''}`;
  }
  return requestUrl;
}
