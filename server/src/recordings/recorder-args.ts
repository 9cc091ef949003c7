/**
 * Pure argument builder and output parsers for the recorder: one FFmpeg process per recording camera that reads the
 * camera's RTMP stream from the local nginx and writes it, stream copy, as fragmented MP4 chunks with the `segment`
 * muxer. The process adapter runs the argv (never through a shell); the recording service decides when.
 *
 * What ffmpeg 5.1 (Debian 12) does with these arguments, checked against the real binary (see the tests):
 * - Chunk files are named with strftime from the wall clock (local time: run the process with {@link RECORDER_ENV},
 *   TZ=UTC) when the chunk opens: `<dir>/YYYY-MM-DD/YYYYMMDDTHHMMSSZ[-<runTag>].mp4`. The segment muxer does NOT create
 *   directories; opening a chunk in a missing day folder fails the whole process. The caller creates the folders of
 *   {@link dayDirsToPrepare} before starting the recorder and again whenever a chunk opens, so tomorrow's folder
 *   always exists before midnight (a chunk is at most 24 h long).
 * - stderr at `info` carries `[segment @ 0x…] Opening '<path>' for writing` once per chunk, just before the file is
 *   created ({@link parseOpenedChunk}); `repeat` stops av_log from folding identical consecutive lines into "Last
 *   message repeated N times". The segment list gets the same kind of line when it opens (not an .mp4, so ignored).
 * - The segment list (csv) is truncated when the recorder starts, then gets one row per COMPLETED chunk, appended and
 *   flushed when the chunk closes, i.e. just before the next chunk's `Opening` line, or at a clean exit for the last
 *   one. A chunk cut short by a crash never gets a row. Rows hold the basename only ({@link chunkPathForListedFile}).
 *   Use one list path per recorder run: a restart would otherwise wipe the rows of the previous run.
 * - Start and end times of the rows are in the run's continuous timeline (seconds since the first packet; the first
 *   chunk starts at 0). A chunk ends exactly where the next one starts: chunks are cut at a video key frame at or
 *   after each multiple of `chunkSeconds`, the cutting frame opens the new chunk, no frame is lost or repeated.
 *   Inside a chunk, timestamps start at 0 (`-reset_timestamps 1`), so each chunk plays on its own.
 * - `-flush_packets 1` on the command line does not reach the chunk files (the segment muxer has no I/O context of
 *   its own; writes sat in a 256 KiB buffer). `flush_packets=1` among the mp4 options does: every fragment (a key
 *   frame, or at most 1 s) is written out when it completes, which bounds the loss on kill -9 to about one fragment.
 */
import { IO_TIMEOUT_US } from '../media/ffmpeg-args';

/** Environment for the recorder process: chunk names and day folders are expanded by strftime in local time. */
export const RECORDER_ENV: Readonly<Record<string, string>> = Object.freeze({ TZ: 'UTC' });

/** Options of the mp4 muxer inside the segment muxer: fragmented MP4, ≤ 1 s fragments, each written out as it closes. */
export const CHUNK_MP4_OPTIONS = 'movflags=+frag_keyframe+empty_moov+default_base_moof:frag_duration=1000000:flush_packets=1';

/** Longest chunk: day folders are prepared one day ahead, so a chunk must not span more than a day. */
export const MAX_CHUNK_SECONDS = 86_400;

export interface RecorderParams {
  /** What to read, normally `rtmp://127.0.0.1:<port>/live/<cameraId>` from the local nginx (a file path in tests). */
  inputUrl: string;
  /** The camera's recording folder, `DATA_DIR/recordings/<cameraId>`; chunks go to `<dir>/<YYYY-MM-DD>/`. */
  dir: string;
  /** Target chunk length; chunks are cut at the first video key frame at or after each multiple of it. */
  chunkSeconds: number;
  hasAudio: boolean | 'auto';
  /** CSV list of completed chunks (`file,start,end`), written as the run goes. One path per run: it is truncated at start. */
  segmentListPath?: string;
  /**
   * Appended to chunk names (`…Z-<runTag>.mp4`). Pass a value unique per recorder run (e.g. its start time in base 36):
   * names have a one-second resolution, so without it a run started within the second its predecessor opened a chunk
   * (or after the clock stepped back) would overwrite that chunk.
   */
  runTag?: string;
  /** Read the input at its native rate (`-re`): for file inputs in tests and demos, never for a live stream. */
  realtime?: boolean;
}

const RUN_TAG_RE = /^[A-Za-z0-9_-]{1,40}$/;

/** Argv (without the program name) of the recorder process for one camera. */
export function recorderArgs(p: RecorderParams): string[] {
  nonEmpty('inputUrl', p.inputUrl);
  noLineBreak('inputUrl', p.inputUrl);
  if (typeof p.chunkSeconds !== 'number' || !Number.isFinite(p.chunkSeconds) || p.chunkSeconds <= 0 || p.chunkSeconds > MAX_CHUNK_SECONDS)
    throw new RangeError(`chunkSeconds must be a number in (0, ${MAX_CHUNK_SECONDS}]`);
  if (p.segmentListPath !== undefined) {
    nonEmpty('segmentListPath', p.segmentListPath);
    noLineBreak('segmentListPath', p.segmentListPath);
  }

  // prettier-ignore
  const args = [
    '-hide_banner',
    '-nostdin',
    // info: the "Opening '<chunk>' for writing" lines; repeat: never folded into "Last message repeated".
    '-loglevel', 'repeat+info',
    // No "frame=… fps=…" status lines on stderr; -progress still reports once a second on stdout.
    '-nostats',
    '-progress', 'pipe:1',
    '-stats_period', '1',
  ];
  if (p.realtime) args.push('-re');
  args.push('-rw_timeout', String(IO_TIMEOUT_US), '-i', p.inputUrl, '-map', '0:v:0');
  // 'auto': the recorder connects before the publisher, when it cannot know yet; the audio is taken if there is one.
  if (p.hasAudio === 'auto') args.push('-map', '0:a:0?');
  else if (p.hasAudio) args.push('-map', '0:a:0');
  // prettier-ignore
  args.push(
    '-c', 'copy',
    '-f', 'segment',
    '-segment_time', String(p.chunkSeconds),
    // Cut on media time, not on wall-clock multiples: consecutive chunks butt together.
    '-segment_atclocktime', '0',
    '-reset_timestamps', '1',
    '-strftime', '1',
    '-segment_format', 'mp4',
    '-segment_format_options', CHUNK_MP4_OPTIONS,
  );
  if (p.segmentListPath !== undefined) args.push('-segment_list', p.segmentListPath, '-segment_list_type', 'csv');
  args.push(chunkFileTemplate(p.dir, p.runTag));
  return args;
}

/** strftime template of the chunk files; `%` in `dir` is escaped so only our own directives expand. */
export function chunkFileTemplate(dir: string, runTag?: string): string {
  nonEmpty('dir', dir);
  noLineBreak('dir', dir);
  if (runTag !== undefined && !RUN_TAG_RE.test(runTag)) throw new RangeError('runTag may hold only letters, digits, _ and - (at most 40)');
  const suffix = runTag === undefined ? '' : `-${runTag}`;
  return `${trimSlash(dir).replace(/%/g, '%%')}/%Y-%m-%d/%Y%m%dT%H%M%SZ${suffix}.mp4`;
}

/** `<dir>/<YYYY-MM-DD>` (UTC) of the instant `at`. */
export function chunkDayDir(dir: string, at: Date): string {
  return `${trimSlash(dir)}/${at.toISOString().slice(0, 10)}`;
}

/**
 * Day folders that must exist for chunks opening from `now` on: today's and tomorrow's (UTC). Create them
 * (`mkdir -p`) before starting the recorder and each time it opens a chunk.
 */
export function dayDirsToPrepare(dir: string, now: Date): [string, string] {
  return [chunkDayDir(dir, now), chunkDayDir(dir, new Date(now.getTime() + 86_400_000))];
}

const OPENED_RE = /^\[segment @ 0x[0-9a-fA-F]+\] (?:\[info\] )?Opening '(.+)' for writing\r?$/;

/**
 * The path of the chunk a recorder stderr line says it is opening (a new chunk begins), or null for any other line
 * (including the opening of the segment list).
 */
export function parseOpenedChunk(line: string): string | null {
  const m = OPENED_RE.exec(line);
  return m && m[1]!.endsWith('.mp4') ? m[1]! : null;
}

export interface SegmentListEntry {
  /** Basename of the chunk file, as the segment muxer writes it. */
  file: string;
  /** Start and end of the chunk in the run's continuous timeline, in seconds. */
  startSec: number;
  endSec: number;
}

const CSV_NUM = String.raw`-?\d+(?:\.\d+)?`;
const LIST_ROW_RE = new RegExp(`^(?:"((?:[^"]|"")*)"|([^",]*)),(${CSV_NUM}),(${CSV_NUM})\\r?$`);

/** One row of the csv segment list (`file,start,end`, the file quoted when it holds `,` or `"`), or null. */
export function parseSegmentListLine(line: string): SegmentListEntry | null {
  const m = LIST_ROW_RE.exec(line);
  if (!m) return null;
  const file = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!;
  const startSec = Number(m[3]);
  const endSec = Number(m[4]);
  if (file === '' || !(endSec >= startSec)) return null;
  return { file, startSec, endSec };
}

const CHUNK_NAME_RE = /^(\d{4})(\d{2})(\d{2})T\d{6}Z(?:-[A-Za-z0-9_-]{1,40})?\.mp4$/;

/**
 * Full path of a chunk named in the segment list (which holds basenames only): the day folder comes from the date in
 * the name, both having been expanded by the same strftime call. Null for a name the recorder would not produce.
 */
export function chunkPathForListedFile(dir: string, file: string): string | null {
  const m = CHUNK_NAME_RE.exec(file);
  return m ? `${trimSlash(dir)}/${m[1]}-${m[2]}-${m[3]}/${file}` : null;
}

function trimSlash(dir: string): string {
  return dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
}

function nonEmpty(name: string, v: string): void {
  if (typeof v !== 'string' || v === '') throw new RangeError(`${name} must not be empty`);
}

function noLineBreak(name: string, v: string): void {
  if (/[\r\n]/.test(v)) throw new RangeError(`${name} must not contain line breaks`);
}
