// Media time (the <video>'s currentTime) ↔ wall-clock time (when it was recorded), through the
// playlist's fragments. Argus's playback playlists carry #EXT-X-PROGRAM-DATE-TIME at each chunk;
// the player gives every fragment its date (hls.js: `frag.programDateTime`) and its position on
// the media timeline (`frag.start`). Media time runs on across gaps (the playlist just goes on
// after a discontinuity), so the wall clock jumps there. Pure and structurally typed, so hls.js's
// own fragment objects can be passed as they are.

export interface FragmentTime {
  /** Start on the media timeline, seconds. */
  start: number;
  /** Seconds. */
  duration: number;
  /** Wall-clock time of the fragment's first frame, ms; null when the playlist has no date for it. */
  programDateTime: number | null;
}

/** Index of the fragment playing at media time `t` (the nearest at either end); -1 for none. */
function fragmentIndexAt(fragments: readonly FragmentTime[], t: number): number {
  if (fragments.length === 0) return -1;
  let lo = 0;
  let hi = fragments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fragments[mid]!.start <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The wall-clock time (ms) of media time `t` (s): the date of the fragment playing then plus how
 * far into it `t` is, kept within the fragment (a hair past its end still belongs to it). Null
 * without fragments or a date.
 */
export function wallClockAt(fragments: readonly FragmentTime[], t: number): number | null {
  const i = fragmentIndexAt(fragments, t);
  if (i === -1 || !Number.isFinite(t)) return null;
  const frag = fragments[i]!;
  if (frag.programDateTime === null || !Number.isFinite(frag.programDateTime)) return null;
  const into = Math.min(frag.duration, Math.max(0, t - frag.start));
  return Math.round(frag.programDateTime + into * 1000);
}

export interface MediaPosition {
  /** currentTime to seek to, seconds. */
  time: number;
  /** The wall-clock time fell in a gap between fragments: `time` is where recording resumes. */
  inGap: boolean;
}

/**
 * Where to seek the media for wall-clock time `wallMs`: inside the fragment recorded then, or the
 * start of the next one when `wallMs` falls in a gap. Null when it is outside what the fragments
 * cover (before the first, at or after the end of the last): a new playlist is needed.
 */
export function mediaTimeAt(fragments: readonly FragmentTime[], wallMs: number): MediaPosition | null {
  for (const frag of fragments) {
    if (frag.programDateTime === null) continue;
    const end = frag.programDateTime + frag.duration * 1000;
    if (wallMs < frag.programDateTime) {
      // Before this fragment and after the previous one (or the list): a gap, unless it's before everything.
      return frag === firstDated(fragments) ? null : { time: frag.start, inGap: true };
    }
    if (wallMs < end) return { time: frag.start + (wallMs - frag.programDateTime) / 1000, inGap: false };
  }
  return null;
}

function firstDated(fragments: readonly FragmentTime[]): FragmentTime | undefined {
  return fragments.find((f) => f.programDateTime !== null);
}

/** The wall-clock span the fragments cover, from the first date to the end of the last fragment. */
export function coveredWindow(fragments: readonly FragmentTime[]): { start: number; end: number } | null {
  const first = firstDated(fragments);
  let last: FragmentTime | undefined;
  for (let i = fragments.length - 1; i >= 0 && !last; i--) if (fragments[i]!.programDateTime !== null) last = fragments[i];
  if (!first || !last) return null;
  return { start: first.programDateTime!, end: Math.round(last.programDateTime! + last.duration * 1000) };
}
