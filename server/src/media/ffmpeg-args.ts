/**
 * Pure FFmpeg argument builders. Each returns the argv (without the program name) for one child process; the
 * process adapter runs it, never through a shell. Option names are checked against Debian's ffmpeg 5.1.
 *
 * Every process writes machine-readable progress to stdout (`-progress pipe:1`, every 2 s), which the process
 * runner always drains, and only warnings and errors to stderr (whose tail becomes the error reason).
 */
import type { LiveProfile } from '../cameras/camera.schemas';

/** Socket/IO timeout for network inputs, in microseconds: a stalled source fails the process instead of hanging it. */
export const IO_TIMEOUT_US = 5_000_000;

/** Flags every Argus ffmpeg starts with. */
export const COMMON_ARGS: readonly string[] = [
  '-hide_banner',
  '-nostdin',
  '-loglevel',
  'warning',
  '-progress',
  'pipe:1',
  '-stats_period',
  // Every 2 s: health is sampled often enough (degraded after a few samples, offline comes from nginx's
  // callbacks), and parsing it is most of the supervisor's per-camera cost.
  '2',
];

export interface PipelineParams {
  /** What to read, normally `rtmp://127.0.0.1/<app>/<key>` from the local nginx. */
  inputUrl: string;
  /** Live HLS folder of the camera: variants go to `<outDir>/v<N>/index.m3u8`; Argus writes `<outDir>/master.m3u8`. */
  outDir: string;
  profile: LiveProfile;
  hasAudio: boolean;
  segmentSeconds: number;
  listSize: number;
}

/** HLS variant folder for variant `n` of a pipeline: the same layout for copy and ABR. */
export const variantDir = (outDir: string, n: number): string => `${trimSlash(outDir)}/v${n}`;

/**
 * Live HLS pipeline for one camera: copy (remux) or an ABR ladder. Both write `<outDir>/v%v/index.m3u8` through
 * `-var_stream_map`, which also makes ffmpeg create the `v<N>` folders.
 */
export function pipelineArgs(p: PipelineParams): string[] {
  positiveNumber('segmentSeconds', p.segmentSeconds);
  if (!Number.isInteger(p.listSize) || p.listSize < 0) throw new RangeError('listSize must be an integer >= 0');
  nonEmpty('inputUrl', p.inputUrl);
  nonEmpty('outDir', p.outDir);

  const args = [...COMMON_ARGS, '-rw_timeout', String(IO_TIMEOUT_US), '-i', p.inputUrl];
  const variants: string[] = [];

  if (p.profile.type === 'copy') {
    args.push('-map', '0:v:0');
    if (p.hasAudio) args.push('-map', '0:a:0');
    args.push('-c', 'copy');
    variants.push(p.hasAudio ? 'v:0,a:0' : 'v:0');
  } else {
    const { sourceCopy, renditions } = p.profile;
    if (renditions.length === 0) throw new RangeError('an ABR ladder needs at least one rendition');
    for (const r of renditions) {
      if (!Number.isInteger(r.height) || r.height < 2 || r.height % 2 !== 0)
        throw new RangeError(`rendition height must be an even integer, got ${r.height}`);
      positiveNumber('videoKbps', r.videoKbps);
      positiveNumber('audioKbps', r.audioKbps);
    }
    // One decode, split into one scaled branch per rendition. yuv420p keeps `-profile:v main` valid for 4:2:2, 10-bit
    // or full-range (yuvj420p) camera sources.
    const n = renditions.length;
    const branch = (i: number) => `scale=-2:${renditions[i]!.height},format=yuv420p[r${i}]`;
    const graph =
      n === 1
        ? `[0:v:0]${branch(0)}`
        : `[0:v:0]split=${n}${renditions.map((_, i) => `[s${i}]`).join('')};` + renditions.map((_, i) => `[s${i}]${branch(i)}`).join(';');
    args.push('-filter_complex', graph);

    // Output stream order: (source copy video, its audio), then per rendition (video, audio).
    let v = 0;
    if (sourceCopy) {
      args.push('-map', '0:v:0');
      if (p.hasAudio) args.push('-map', '0:a:0');
      args.push('-c:v:0', 'copy');
      if (p.hasAudio) args.push('-c:a:0', 'copy');
      variants.push(p.hasAudio ? 'v:0,a:0' : 'v:0');
      v = 1;
    }
    renditions.forEach((r, i) => {
      const s = v + i;
      args.push('-map', `[r${i}]`);
      if (p.hasAudio) args.push('-map', '0:a:0');
      // prettier-ignore
      args.push(
        `-c:v:${s}`, 'libx264',
        `-preset:v:${s}`, 'veryfast',
        `-profile:v:${s}`, 'main',
        `-b:v:${s}`, `${r.videoKbps}k`,
        `-maxrate:v:${s}`, `${Math.round(r.videoKbps * 1.2)}k`,
        `-bufsize:v:${s}`, `${r.videoKbps * 2}k`,
        // A key frame wherever the source has one: every variant cuts its segments at the same instants.
        `-force_key_frames:v:${s}`, 'source',
      );
      if (p.hasAudio) args.push(`-c:a:${s}`, 'aac', `-b:a:${s}`, `${r.audioKbps}k`, `-ac:a:${s}`, '2');
      variants.push(p.hasAudio ? `v:${s},a:${s}` : `v:${s}`);
    });
    // No extra key frames on scene cuts, which the source copy would not have.
    args.push('-sc_threshold', '0');
  }

  const dir = `${trimSlash(p.outDir)}/v%v`;
  // prettier-ignore
  args.push(
    '-f', 'hls',
    '-hls_time', String(p.segmentSeconds),
    '-hls_list_size', String(p.listSize),
    '-hls_flags', 'delete_segments+program_date_time+independent_segments+temp_file',
    '-hls_delete_threshold', '2',
    '-hls_segment_type', 'mpegts',
    '-hls_allow_cache', '0',
    '-var_stream_map', variants.join(' '),
    '-hls_segment_filename', `${dir}/seg_%06d.ts`,
    `${dir}/index.m3u8`,
  );
  return args;
}

export interface PullerParams {
  /** rtsp://, rtsps:// or rtmp:// camera URL (validated upstream by PullUrl). */
  sourceUrl: string;
  /** Where to publish, normally `rtmp://127.0.0.1/<app>/<key>` on the local nginx. */
  publishUrl: string;
}

/**
 * Pull an RTSP/RTMP camera and publish it into nginx, so pull cameras share the push path and pipeline. Video is
 * copied; audio, whatever the camera sends (G.711, AAC, ...), becomes AAC, which FLV/RTMP and HLS both carry.
 */
export function pullerArgs(p: PullerParams): string[] {
  nonEmpty('publishUrl', p.publishUrl);
  const scheme = schemeOf(p.sourceUrl);
  const input: string[] = [];
  if (scheme === 'rtsp' || scheme === 'rtsps') {
    // rtsp demuxer in 5.x: -timeout is the socket I/O timeout in µs (-stimeout was removed in 5.0).
    input.push('-rtsp_transport', 'tcp', '-timeout', String(IO_TIMEOUT_US));
  } else if (scheme === 'rtmp' || scheme === 'rtmps') {
    // Not -timeout: for the rtmp protocol that is a listen timeout and turns on listen mode.
    input.push('-rw_timeout', String(IO_TIMEOUT_US));
  } else {
    throw new RangeError(`unsupported source scheme ${JSON.stringify(scheme)}: use rtsp, rtsps or rtmp`);
  }
  // prettier-ignore
  return [
    ...COMMON_ARGS,
    ...input,
    '-i', p.sourceUrl,
    '-map', '0:v:0',
    '-map', '0:a:0?',
    '-c:v', 'copy',
    '-c:a', 'aac',
    '-b:a', '128k',
    '-ar', '44100',
    '-f', 'flv',
    p.publishUrl,
  ];
}

export interface TestSourceParams {
  publishUrl: string;
  width: number;
  height: number;
  fps: number;
  videoKbps: number;
  /** Drawn in the top-left corner (letters, digits, space, `.`, `_`, `-`; at most 40). Needs a system font. */
  label?: string;
  /** Stop after this many seconds (default: run until stopped). */
  durationSeconds?: number;
}

const LABEL_RE = /^[A-Za-z0-9 ._-]{1,40}$/;

/**
 * A synthetic camera for the demo and tests: test pattern + 440 Hz tone, H.264/AAC over RTMP, paced in real time,
 * one key frame per second so 1 s HLS segments are possible.
 */
export function testSourceArgs(p: TestSourceParams): string[] {
  nonEmpty('publishUrl', p.publishUrl);
  for (const [k, v] of [
    ['width', p.width],
    ['height', p.height],
    ['fps', p.fps],
    ['videoKbps', p.videoKbps],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${k} must be a positive integer`);
  }
  if (p.width % 2 !== 0 || p.height % 2 !== 0) throw new RangeError('width and height must be even (yuv420p)');
  // prettier-ignore
  const args = [
    ...COMMON_ARGS,
    '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${p.width}x${p.height}:rate=${p.fps}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
  ];
  if (p.label !== undefined) {
    // The whitelist leaves nothing that drawtext or the filtergraph parser would interpret (: ' \ , ; [ ] %).
    if (!LABEL_RE.test(p.label)) throw new RangeError('label may hold only letters, digits, space, . _ - (at most 40)');
    const size = Math.max(12, Math.round(p.height / 12));
    args.push('-vf', `drawtext=text=${p.label}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=6:x=16:y=16`);
  }
  if (p.durationSeconds !== undefined) {
    positiveNumber('durationSeconds', p.durationSeconds);
    args.push('-t', String(p.durationSeconds));
  }
  // prettier-ignore
  args.push(
    '-c:v', 'libx264',
    '-preset', 'ultrafast',
    '-tune', 'zerolatency',
    '-g', String(p.fps),
    '-keyint_min', String(p.fps),
    '-b:v', `${p.videoKbps}k`,
    '-pix_fmt', 'yuv420p',
    '-c:a', 'aac',
    '-b:a', '64k',
    '-f', 'flv',
    p.publishUrl,
  );
  return args;
}

function schemeOf(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  return m ? m[1]!.toLowerCase() : '';
}

function trimSlash(dir: string): string {
  return dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
}

function nonEmpty(name: string, v: string): void {
  if (typeof v !== 'string' || v === '') throw new RangeError(`${name} must not be empty`);
}

function positiveNumber(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number`);
}
