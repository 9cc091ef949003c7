/**
 * The HLS VOD playlist for playing back recordings: built by Argus from the fragment index of each chunk,
 * addressing the fMP4 chunk files with byte ranges, so nginx serves the recorded bytes as they are (no
 * transcoding, no remux, seeking is a range request).
 *
 * Rules (see the tests for the exact output):
 * - A fragment is selected when it overlaps [fromMs, toMs). The fragment covering `fromMs` starts the
 *   playlist; when it does not begin with a keyframe, the playlist starts at the keyframe fragment before it
 *   (same chunk, no gap in between). `#EXT-X-START:TIME-OFFSET=…,PRECISE=YES` then points the player at the
 *   requested second inside that first fragment.
 * - Every chunk brings its own init segment: `#EXT-X-MAP` (ftyp+moov, `BYTERANGE="<initSize>@0"`) is written
 *   at the first segment of each chunk.
 * - `#EXT-X-DISCONTINUITY` is written before a segment when
 *   - it starts more than GAP_TOLERANCE_MS after the previous one ended (a gap, also reported in `gaps`), or
 *   - it opens a chunk whose init segment may differ (initKey missing on either side, or different), or
 *   - it opens a chunk whose media timestamps do not continue the previous chunk's (FFmpeg's mp4 muxer starts
 *     every file at decode time 0, so consecutive chunks usually need one: RFC 8216 requires a discontinuity
 *     when the timestamp sequence changes, and hls.js positions fMP4 by decode time within a discontinuity
 *     sequence).
 *   Consecutive chunks with the same initKey whose timestamps do continue get the new MAP only.
 * - `#EXT-X-PROGRAM-DATE-TIME` is written at the first segment and at the first segment of every chunk
 *   (so after every discontinuity): each chunk re-anchors wall-clock time from the index.
 * - After a discontinuity, a chunk change or an overlap, the next segment must start with a keyframe:
 *   non-keyframe fragments there are skipped. Fragments of a later chunk that overlap what was already listed
 *   (by more than the tolerance) are skipped too.
 * - EXTINF values are milliseconds rounded on the running total, so they add up exactly to `durationSec`.
 * - An empty selection gives a playlist with no segments and `durationSec: 0` (the caller answers 404).
 */
import type { Fragment, FragmentIndex } from './fmp4';

export interface ChunkInput {
  id: string;
  /** URL path of the file relative to the playlist. */
  uri: string;
  /** Wall-clock time of the chunk's first fragment. */
  startMs: number;
  index: FragmentIndex;
  /** Equal keys = same init segment (codec/resolution). */
  initKey?: string;
}

export interface VodPlaylist {
  playlist: string;
  /** Wall-clock start of the first segment (at or before `fromMs`); `fromMs` when nothing was selected. */
  startMs: number;
  /** Wall-clock end of the last segment; `fromMs` when nothing was selected. */
  endMs: number;
  /** Sum of the EXTINF durations. */
  durationSec: number;
  /** Holes between listed segments (each one is a discontinuity). */
  gaps: { fromMs: number; toMs: number }[];
}

/** A fragment starting later than this after the previous one ended is a gap (a few frames of slack). */
export const GAP_TOLERANCE_MS = 250;

interface Candidate {
  chunk: ChunkInput;
  frag: Fragment;
  startMs: number;
  endMs: number;
}

export function buildVodPlaylist(chunks: ChunkInput[], fromMs: number, toMs: number): VodPlaylist {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs >= toMs) {
    throw new RangeError(`invalid range [${fromMs}, ${toMs})`);
  }
  for (const c of chunks) {
    if (!c.uri || /[\r\n"]/.test(c.uri) || c.uri.startsWith('#')) throw new RangeError(`invalid chunk URI ${JSON.stringify(c.uri)}`);
    if (!Number.isFinite(c.startMs)) throw new RangeError(`chunk ${c.id} has no start time`);
    if (!(c.index.initSize > 0)) throw new RangeError(`chunk ${c.id} has no init segment`);
  }
  const sorted = chunks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.startMs - b.c.startMs || a.i - b.i)
    .map((x) => x.c);

  const candidates: Candidate[] = [];
  for (const chunk of sorted) candidates.push(...selectInChunk(chunk, fromMs, toMs));

  interface Entry {
    cand: Candidate;
    discontinuity: boolean;
    map: boolean;
    dateTime: boolean;
    durationMs: number;
  }
  const entries: Entry[] = [];
  const gaps: { fromMs: number; toMs: number }[] = [];
  let prev: Candidate | null = null;
  let needKeyframe = true;
  for (const cand of candidates) {
    if (prev && cand.startMs < prev.endMs - GAP_TOLERANCE_MS) {
      needKeyframe = true; // overlaps what is already listed
      continue;
    }
    const newChunk = !prev || cand.chunk !== prev.chunk;
    const gap = prev !== null && cand.startMs - prev.endMs > GAP_TOLERANCE_MS;
    const discontinuity = prev !== null && (gap || (newChunk && !continues(prev, cand)));
    if ((needKeyframe || discontinuity || newChunk) && !cand.frag.keyframe) {
      needKeyframe = true;
      continue;
    }
    needKeyframe = false;
    if (gap) gaps.push({ fromMs: Math.round(prev!.endMs), toMs: Math.round(cand.startMs) });
    entries.push({ cand, discontinuity, map: newChunk, dateTime: newChunk || discontinuity, durationMs: 0 });
    prev = cand;
  }

  // EXTINF in whole milliseconds, rounded on the running total so they add up to the real duration.
  let totalSec = 0;
  let printedMs = 0;
  for (const e of entries) {
    totalSec += e.cand.frag.duration;
    const upTo = Math.round(totalSec * 1000);
    e.durationMs = upTo - printedMs;
    printedMs = upTo;
  }
  const maxMs = entries.reduce((m, e) => Math.max(m, e.durationMs), 0);

  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(maxMs / 1000))}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
  ];
  if (entries.length > 0 && entries.every((e) => e.cand.frag.keyframe)) lines.push('#EXT-X-INDEPENDENT-SEGMENTS');
  const first = entries[0];
  if (first && first.cand.startMs < fromMs) {
    lines.push(`#EXT-X-START:TIME-OFFSET=${seconds(Math.round(fromMs - first.cand.startMs))},PRECISE=YES`);
  }
  for (const e of entries) {
    const { chunk, frag } = e.cand;
    if (e.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (e.map) lines.push(`#EXT-X-MAP:URI="${chunk.uri}",BYTERANGE="${chunk.index.initSize}@0"`);
    if (e.dateTime) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Math.round(e.cand.startMs)).toISOString()}`);
    lines.push(`#EXTINF:${seconds(e.durationMs)},`, `#EXT-X-BYTERANGE:${frag.size}@${frag.offset}`, chunk.uri);
  }
  lines.push('#EXT-X-ENDLIST');

  const last = entries[entries.length - 1];
  return {
    playlist: lines.join('\n') + '\n',
    startMs: first ? Math.round(first.cand.startMs) : fromMs,
    endMs: last ? Math.round(last.cand.endMs) : fromMs,
    durationSec: printedMs / 1000,
    gaps,
  };
}

/** Fragments of one chunk overlapping [fromMs, toMs), backed up to a keyframe when the first covers fromMs. */
function selectInChunk(chunk: ChunkInput, fromMs: number, toMs: number): Candidate[] {
  const frags = chunk.index.fragments;
  if (chunk.startMs >= toMs || chunk.startMs + chunk.index.durationSec * 1000 <= fromMs) return [];
  const at = (f: Fragment): Candidate => {
    const startMs = chunk.startMs + f.startSec * 1000;
    return { chunk, frag: f, startMs, endMs: startMs + f.duration * 1000 };
  };
  let i = 0;
  while (i < frags.length && at(frags[i]!).endMs <= fromMs) i++;
  if (i === frags.length) return [];
  const firstCand = at(frags[i]!);
  if (firstCand.startMs <= fromMs && !frags[i]!.keyframe) {
    let k = i;
    while (k > 0 && !frags[k]!.keyframe && at(frags[k]!).startMs - at(frags[k - 1]!).endMs <= GAP_TOLERANCE_MS) k--;
    if (frags[k]!.keyframe) i = k;
  }
  const out: Candidate[] = [];
  for (let j = i; j < frags.length; j++) {
    const c = at(frags[j]!);
    if (c.startMs >= toMs) break;
    out.push(c);
  }
  return out;
}

/** Whether `next` (first fragment of another chunk) can follow `prev` without a discontinuity. */
function continues(prev: Candidate, next: Candidate): boolean {
  const a = prev.chunk;
  const b = next.chunk;
  if (a.initKey === undefined || a.initKey !== b.initKey || a.index.timescale !== b.index.timescale) return false;
  const prevMediaEnd = prev.frag.decodeTime / a.index.timescale + prev.frag.duration;
  const nextMediaStart = next.frag.decodeTime / b.index.timescale;
  return Math.abs(nextMediaStart - prevMediaEnd) * 1000 <= GAP_TOLERANCE_MS;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
