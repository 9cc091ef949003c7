/**
 * Pure planning of a clip export: which parts of which recorded chunks make one MP4 of [fromMs, toMs),
 * the FFmpeg concat list that cuts them (stream copy, no re-encoding), and the FFmpeg argument list.
 *
 * Rules (the tests pin them):
 * - A chunk takes part when its content [startMs, startMs + durationSec) overlaps the range.
 * - The file starts at the keyframe fragment at or before `fromMs` in the first chunk (stream copy cannot
 *   start between keyframes), so it may begin up to one keyframe interval early; `startMs` says where.
 * - Later chunks start at their beginning, or — when they overlap what an earlier chunk already gave
 *   (a recovered chunk and its successor) — at the first keyframe fragment after the overlap.
 * - The last part ends at `toMs` (an `outpoint`), or at the end of its chunk.
 * - Gaps between parts are skipped (counted in `gaps`): the MP4 plays them back to back.
 * - All parts must share codecs and resolution (one init segment); a change is an error the caller reports.
 * - inpoint/outpoint are in the file's own timestamps: the first fragment's decode time plus the offset.
 */
import type { FragmentIndex } from '../recordings/fmp4';

export interface ExportChunk {
  /** Absolute path of the chunk file. */
  path: string;
  /** Wall-clock time of the chunk's first fragment. */
  startMs: number;
  index: FragmentIndex;
}

export interface ExportPart {
  path: string;
  /** Seconds in file time; null = from the start of the file. */
  inpoint: number | null;
  /** Seconds in file time; null = to the end of the file. */
  outpoint: number | null;
  /** Wall-clock span this part covers. */
  fromMs: number;
  toMs: number;
}

export interface ExportPlan {
  parts: ExportPart[];
  startMs: number;
  endMs: number;
  /** Sum of the parts' durations: what the MP4 will hold. */
  durationMs: number;
  gaps: number;
}

export class ExportPlanError extends Error {}

/** A part starting later than this after the previous one ended counts as a gap. */
const GAP_TOLERANCE_MS = 250;

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function planExport(chunks: ExportChunk[], fromMs: number, toMs: number): ExportPlan {
  const parts: ExportPart[] = [];
  let gaps = 0;
  let coveredTo = -Infinity;
  let format: string | null = null;
  const sorted = [...chunks].sort((a, b) => a.startMs - b.startMs);
  for (const c of sorted) {
    const frags = c.index.fragments;
    if (frags.length === 0) continue;
    const chunkEnd = c.startMs + c.index.durationSec * 1000;
    if (chunkEnd <= fromMs || c.startMs >= toMs || chunkEnd <= coveredTo) continue;
    // Offsets in seconds since the chunk's first fragment.
    let fragIdx: number;
    if (parts.length === 0) {
      const want = (fromMs - c.startMs) / 1000;
      fragIdx = -1;
      for (let i = 0; i < frags.length; i++) {
        if (frags[i]!.startSec > want + 1e-6) break;
        if (frags[i]!.keyframe) fragIdx = i;
      }
      // No keyframe at or before the start: the first keyframe after it.
      if (fragIdx < 0) fragIdx = frags.findIndex((f) => f.keyframe);
    } else {
      const after = (coveredTo - c.startMs) / 1000;
      fragIdx = frags.findIndex((f) => f.keyframe && f.startSec >= after - GAP_TOLERANCE_MS / 1000);
    }
    if (fragIdx < 0) continue;
    const first = frags[fragIdx]!;
    const partFrom = c.startMs + first.startSec * 1000;
    if (partFrom >= toMs) continue;
    const key = `${c.index.codecs}|${c.index.width}x${c.index.height}`;
    if (format !== null && key !== format) {
      throw new ExportPlanError(
        `The video format changes at ${new Date(partFrom).toISOString()} (${format} → ${key}); export the parts before and after it separately`,
      );
    }
    format = key;
    const base = frags[0]!.decodeTime / c.index.timescale;
    const endsInside = toMs < chunkEnd;
    const partTo = endsInside ? toMs : chunkEnd;
    if (parts.length > 0 && partFrom > parts[parts.length - 1]!.toMs + GAP_TOLERANCE_MS) gaps += 1;
    parts.push({
      path: c.path,
      inpoint: fragIdx === 0 ? null : round3(base + first.startSec),
      outpoint: endsInside ? round3(base + (toMs - c.startMs) / 1000) : null,
      fromMs: Math.round(partFrom),
      toMs: Math.round(partTo),
    });
    coveredTo = partTo;
    if (partTo >= toMs) break;
  }
  if (parts.length === 0) return { parts, startMs: fromMs, endMs: fromMs, durationMs: 0, gaps: 0 };
  return {
    parts,
    startMs: parts[0]!.fromMs,
    endMs: parts[parts.length - 1]!.toMs,
    durationMs: parts.reduce((s, p) => s + (p.toMs - p.fromMs), 0),
    gaps,
  };
}

/** ffconcat text for the plan's parts (absolute paths, so the list needs `-safe 0`). */
export function concatList(parts: ExportPart[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const p of parts) {
    lines.push(`file '${p.path.replace(/'/g, "'\\''")}'`);
    if (p.inpoint !== null) lines.push(`inpoint ${p.inpoint.toFixed(3)}`);
    if (p.outpoint !== null) lines.push(`outpoint ${p.outpoint.toFixed(3)}`);
  }
  return lines.join('\n') + '\n';
}

/** FFmpeg arguments: concat the list, stream copy, MP4 with the index at the front (faststart), progress on stdout. */
export function exportArgs(listPath: string, outPath: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-nostats',
    '-progress',
    'pipe:1',
    '-f',
    'concat',
    '-safe',
    '0',
    // Chunks on a remote tier are read through pre-signed HTTPS URLs.
    '-protocol_whitelist',
    'file,http,https,tcp,tls,crypto',
    '-i',
    listPath,
    '-map',
    '0:v',
    '-map',
    '0:a?',
    '-c',
    'copy',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    '-y',
    outPath,
  ];
}
