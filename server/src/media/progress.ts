/**
 * Incremental parser for ffmpeg `-progress` output: blocks of `key=value` lines, each closed by
 * `progress=continue` (or `progress=end` for the last one). Feed it stdout lines; it hands back a sample per block.
 *
 * Quirks of ffmpeg 5.1 it absorbs: values padded with spaces (`bitrate= 975.2kbits/s`, `speed=   1x`), `N/A`
 * before the first packet or for outputs without a byte count (HLS), speed in exponent notation (`1.06e+03x`), and
 * `out_time_ms`, which holds microseconds like `out_time_us`.
 */
export interface ProgressSample {
  /** Video frames written so far (0 for an output without video). */
  frame: number;
  /** Encoding/remuxing frame rate over the run. */
  fps: number;
  /** Average output bitrate so far; null when ffmpeg cannot tell (e.g. the HLS muxer). */
  bitrateKbps: number | null;
  totalSizeBytes: number | null;
  /** Output timestamp reached, in milliseconds. */
  outTimeMs: number | null;
  dupFrames: number;
  dropFrames: number;
  /** Processing speed relative to real time (1 = keeping up); null when unknown. */
  speed: number | null;
  progress: 'continue' | 'end';
}

const NUM = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;
const NUM_RE = new RegExp(`^${NUM}$`);
const BITRATE_RE = new RegExp(`^(${NUM})\\s*kbits/s$`);
const SPEED_RE = new RegExp(`^(${NUM})\\s*x$`);
const CLOCK_RE = /^(-)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/;

function num(v: string | undefined): number | null {
  if (v === undefined || !NUM_RE.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function withUnit(re: RegExp, v: string | undefined): number | null {
  const m = v === undefined ? null : re.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : null;
}

function clockToMs(v: string | undefined): number | null {
  const m = v === undefined ? null : CLOCK_RE.exec(v);
  if (!m) return null;
  const ms = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) * 1000;
  return Math.round(m[1] ? -ms : ms);
}

export class ProgressParser {
  private fields = new Map<string, string>();

  /** Feeds one line; returns a sample when the line closes a block, otherwise null. */
  push(line: string): ProgressSample | null {
    const eq = line.indexOf('=');
    if (eq <= 0) return null;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key !== 'progress') {
      this.fields.set(key, value);
      return null;
    }
    const f = this.fields;
    this.fields = new Map();
    const us = num(f.get('out_time_us')) ?? num(f.get('out_time_ms'));
    return {
      frame: num(f.get('frame')) ?? 0,
      fps: num(f.get('fps')) ?? 0,
      bitrateKbps: withUnit(BITRATE_RE, f.get('bitrate')),
      totalSizeBytes: num(f.get('total_size')),
      outTimeMs: us !== null ? Math.round(us / 1000) : clockToMs(f.get('out_time')),
      dupFrames: num(f.get('dup_frames')) ?? 0,
      dropFrames: num(f.get('drop_frames')) ?? 0,
      speed: withUnit(SPEED_RE, f.get('speed')),
      progress: value === 'end' ? 'end' : 'continue',
    };
  }
}
