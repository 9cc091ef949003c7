// What a push camera's owner types into their encoder. Mirrors the server's publish URL:
// rtmp://<host>[:<port>]/live/<stream key>, the port left out when it is RTMP's default.

export const RTMP_DEFAULT_PORT = 1935;
export const RTMP_APP = 'live';
export const STREAM_KEY_PLACEHOLDER = '<stream key>';

/** The RTMP "server" an encoder such as OBS asks for: rtmp://host[:port]/live. */
export function rtmpServerUrl(host: string, port: number = RTMP_DEFAULT_PORT): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `rtmp://${h}${port === RTMP_DEFAULT_PORT ? '' : `:${port}`}/${RTMP_APP}`;
}

export function rtmpPublishUrl(host: string, port: number = RTMP_DEFAULT_PORT, key: string = STREAM_KEY_PLACEHOLDER): string {
  return `${rtmpServerUrl(host, port)}/${key}`;
}

/**
 * The host and port of an RTMP URL the server issued (a temporary publish URL), or null.
 * Lets the instructions show the server's real RTMP address once one is known.
 */
export function rtmpAddressOf(url: string): { host: string; port: number } | null {
  const match = /^rtmp:\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?\//i.exec(url);
  if (!match) return null;
  const host = match[1]!.replace(/^\[(.*)\]$/, '$1');
  return { host, port: match[2] ? Number(match[2]) : RTMP_DEFAULT_PORT };
}

/**
 * An ffmpeg command that publishes `input` the way Argus likes it: H.264 with a keyframe every
 * second (1 s HLS segments are cut on keyframes), constant bitrate, AAC audio, FLV over RTMP.
 * Returned as arguments; `formatCommand` joins them for display.
 */
export function ffmpegPublishArgs(publishUrl: string, input = 'input.mp4'): string[] {
  return [
    'ffmpeg',
    '-re',
    '-i',
    input,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-tune',
    'zerolatency',
    '-b:v',
    '2500k',
    '-maxrate',
    '2500k',
    '-bufsize',
    '2500k',
    '-force_key_frames',
    'expr:gte(t,n_forced*1)',
    '-sc_threshold',
    '0',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ar',
    '44100',
    '-f',
    'flv',
    publishUrl,
  ];
}

/** Arguments as a POSIX shell command line, quoting those that need it. */
export function formatCommand(args: readonly string[]): string {
  return args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export const LIFETIMES = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 604_800, label: '7 days' },
] as const;
