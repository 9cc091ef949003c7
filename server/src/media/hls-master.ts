/**
 * The HLS master playlist Argus writes itself (ffmpeg's `-master_pl_name` is not used): built from what the
 * variant segments really contain, probed with ffprobe.
 */
import { execFile } from 'node:child_process';

export interface MasterVariant {
  /** Relative URI of the variant playlist, e.g. `v0/index.m3u8`. */
  uri: string;
  /** Peak bits per second. */
  bandwidth: number;
  averageBandwidth?: number;
  width: number;
  height: number;
  frameRate?: number;
  /** RFC 6381 codecs, e.g. `avc1.64001f,mp4a.40.2`. */
  codecs: string;
}

/** Master playlist text, variants ordered by bandwidth, highest first (players start with the first one listed). */
export function buildMasterPlaylist(variants: MasterVariant[]): string {
  if (variants.length === 0) throw new RangeError('a master playlist needs at least one variant');
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  const sorted = variants.map((v, i) => ({ v, i })).sort((a, b) => b.v.bandwidth - a.v.bandwidth || a.i - b.i);
  for (const { v } of sorted) {
    if (!v.uri || /[\r\n]/.test(v.uri) || v.uri.startsWith('#')) throw new RangeError(`invalid variant URI ${JSON.stringify(v.uri)}`);
    if (!/^[A-Za-z0-9.-]+(,[A-Za-z0-9.-]+)*$/.test(v.codecs)) throw new RangeError(`invalid CODECS ${JSON.stringify(v.codecs)}`);
    const attrs = [`BANDWIDTH=${positiveInt('bandwidth', v.bandwidth)}`];
    if (v.averageBandwidth !== undefined) attrs.push(`AVERAGE-BANDWIDTH=${positiveInt('averageBandwidth', v.averageBandwidth)}`);
    attrs.push(`RESOLUTION=${positiveInt('width', v.width)}x${positiveInt('height', v.height)}`);
    if (v.frameRate !== undefined) {
      if (!Number.isFinite(v.frameRate) || v.frameRate <= 0) throw new RangeError('frameRate must be a positive number');
      attrs.push(`FRAME-RATE=${v.frameRate.toFixed(3)}`);
    }
    attrs.push(`CODECS="${v.codecs}"`);
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, v.uri);
  }
  return lines.join('\n') + '\n';
}

/** The fields of an `ffprobe -show_streams -of json` stream that matter here. */
export interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  level?: number;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  bit_rate?: string;
}

/** H.264 profile name (as ffprobe spells it) → profile_idc and constraint-flags byte. */
const AVC_PROFILES: Record<string, [number, number]> = {
  'Constrained Baseline': [0x42, 0xe0],
  Baseline: [0x42, 0x00],
  Main: [0x4d, 0x40],
  Extended: [0x58, 0x00],
  High: [0x64, 0x00],
  'Constrained High': [0x64, 0x0c],
  'Progressive High': [0x64, 0x08],
  'High 10': [0x6e, 0x00],
  'High 10 Intra': [0x6e, 0x10],
  'High 4:2:2': [0x7a, 0x00],
  'High 4:2:2 Intra': [0x7a, 0x10],
  'High 4:4:4 Predictive': [0xf4, 0x00],
  'High 4:4:4 Intra': [0xf4, 0x10],
  'CAVLC 4:4:4 Intra': [0x2c, 0x10],
};

/** AAC profile name → MPEG-4 audio object type. */
const AAC_OBJECT_TYPES: Record<string, number> = {
  Main: 1,
  LC: 2,
  SSR: 3,
  LTP: 4,
  'HE-AAC': 5,
  'HE-AACv2': 29,
  LD: 23,
  ELD: 39,
};

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/**
 * RFC 6381 `CODECS` value for the streams of a segment: video first, then audio. H.264 as `avc1.PPCCLL`
 * (profile_idc, constraint flags, level_idc; ffprobe does not report the constraint flags, so each profile gets
 * the flags its usual encoders set, e.g. x264 Main → 4d40), AAC as `mp4a.40.<object type>`.
 * Throws on a codec HLS players cannot be told about this way.
 */
export function codecsFromProbe(streams: ProbeStream[]): string {
  const out: string[] = [];
  const video = streams.filter((s) => s.codec_type === 'video');
  const audio = streams.filter((s) => s.codec_type === 'audio');
  if (video.length === 0) throw new Error('no video stream');
  for (const s of [...video, ...audio]) {
    let c: string;
    switch (s.codec_name) {
      case 'h264': {
        const p = AVC_PROFILES[s.profile ?? ''];
        if (!p) throw new Error(`unsupported H.264 profile ${JSON.stringify(s.profile)}`);
        const level = s.level;
        if (typeof level !== 'number' || !Number.isInteger(level) || level <= 0 || level > 255)
          throw new Error(`invalid H.264 level ${String(level)}`);
        c = `avc1.${hex2(p[0])}${hex2(p[1])}${hex2(level)}`;
        break;
      }
      case 'aac': {
        const ot = AAC_OBJECT_TYPES[s.profile ?? 'LC'];
        if (!ot) throw new Error(`unsupported AAC profile ${JSON.stringify(s.profile)}`);
        c = `mp4a.40.${ot}`;
        break;
      }
      case 'mp3':
        c = 'mp4a.40.34';
        break;
      case 'ac3':
        c = 'ac-3';
        break;
      case 'eac3':
        c = 'ec-3';
        break;
      default:
        throw new Error(`unsupported ${s.codec_type ?? ''} codec ${JSON.stringify(s.codec_name)}`);
    }
    if (!out.includes(c)) out.push(c);
  }
  return out.join(',');
}

/** "30000/1001" → 29.97; "0/0" or garbage → null. */
export function parseRate(r: string | undefined): number | null {
  const m = r === undefined ? null : /^(\d+)\/(\d+)$/.exec(r);
  if (!m || Number(m[2]) === 0 || Number(m[1]) === 0) return null;
  return Number(m[1]) / Number(m[2]);
}

export interface SegmentInfo {
  codecs: string;
  width: number;
  height: number;
  frameRate: number;
  /** Whole-segment bits per second (container overhead included), when ffprobe can tell. */
  bitRate: number | null;
}

/** Pure half of probeSegment: ffprobe's JSON (`-show_streams -show_format`) → what a master playlist needs. */
export function segmentInfoFromProbe(json: { streams?: ProbeStream[]; format?: { bit_rate?: string } }): SegmentInfo {
  const streams = json.streams ?? [];
  const codecs = codecsFromProbe(streams);
  const v = streams.find((s) => s.codec_type === 'video')!;
  if (!v.width || !v.height) throw new Error('video stream without a size');
  const frameRate = parseRate(v.avg_frame_rate) ?? parseRate(v.r_frame_rate);
  if (frameRate === null) throw new Error('video stream without a frame rate');
  const br = Number(json.format?.bit_rate);
  return { codecs, width: v.width, height: v.height, frameRate, bitRate: Number.isFinite(br) && br > 0 ? Math.round(br) : null };
}

/** Runs ffprobe on one segment (argument array, no shell, 10 s limit). */
export function probeSegment(ffprobeBin: string, path: string): Promise<SegmentInfo> {
  const args = ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path];
  return new Promise((resolve, reject) => {
    execFile(ffprobeBin, args, { timeout: 10_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`ffprobe failed on ${path}: ${String(stderr).trim() || err.message}`));
        return;
      }
      try {
        resolve(segmentInfoFromProbe(JSON.parse(stdout) as Parameters<typeof segmentInfoFromProbe>[0]));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

function positiveInt(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number`);
  return Math.round(v);
}
