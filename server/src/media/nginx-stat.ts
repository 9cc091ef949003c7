import { XMLParser } from 'fast-xml-parser';

/**
 * Pure parser for the nginx-rtmp `rtmp_stat all` XML (served at /internal/stat).
 * Units as nginx-rtmp reports them: `bw_*` are bits per second (converted to kbit/s here),
 * `time` is milliseconds, `uptime` seconds.
 */
export interface RtmpStreamStat {
  app: string;
  name: string;
  publishing: boolean;
  bytesIn: number;
  bwInKbps: number;
  /** How long the stream has existed on this nginx, in ms. */
  timeMs: number;
  /** RTMP connections on the stream as nginx counts them (`nclients`): the publisher plus every player. */
  clients: number;
  publisherAddr: string | null;
  /** nginx-rtmp's session id of the publisher; the `clientid` field of the notify callbacks. */
  publisherClientId: string | null;
  video: { codec: string; width: number; height: number; fps: number; profile: string | null; level: string | null } | null;
  audio: { codec: string; sampleRate: number | null; channels: number | null } | null;
}

export interface RtmpStat {
  uptimeSec: number;
  bwInKbps: number;
  bwOutKbps: number;
  streams: RtmpStreamStat[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  // Keep every value a string: stream names like "0123" must not become numbers.
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** fast-xml-parser gives an object for one child element and an array for several. */
function children(parent: unknown, tag: string): Node[] {
  if (!isNode(parent)) return [];
  const v = parent[tag];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter(isNode);
}

function text(parent: Node, tag: string): string | null {
  const v = parent[tag];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

function num(parent: Node, tag: string): number | null {
  const t = text(parent, tag);
  if (t === null || t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const kbps = (bitsPerSec: number | null): number => Math.round((bitsPerSec ?? 0) / 1000);
/** Empty elements (`<publishing/>`) parse to ''; presence is the flag. */
const flag = (parent: Node, tag: string): boolean => tag in parent;
const nonEmpty = (s: string | null): string | null => (s === null || s === '' ? null : s);

function parseVideo(meta: Node | undefined): RtmpStreamStat['video'] {
  const v = meta ? children(meta, 'video')[0] : undefined;
  if (!v) return null;
  const codec = nonEmpty(text(v, 'codec'));
  if (codec === null) return null;
  return {
    codec,
    width: num(v, 'width') ?? 0,
    height: num(v, 'height') ?? 0,
    fps: num(v, 'frame_rate') ?? 0,
    profile: nonEmpty(text(v, 'profile')),
    level: nonEmpty(text(v, 'level')),
  };
}

function parseAudio(meta: Node | undefined): RtmpStreamStat['audio'] {
  const a = meta ? children(meta, 'audio')[0] : undefined;
  if (!a) return null;
  const codec = nonEmpty(text(a, 'codec'));
  if (codec === null) return null;
  return { codec, sampleRate: num(a, 'sample_rate'), channels: num(a, 'channels') };
}

function parseStream(app: string, s: Node): RtmpStreamStat {
  const publisher = children(s, 'client').find((c) => flag(c, 'publishing'));
  const meta = children(s, 'meta')[0];
  return {
    app,
    name: text(s, 'name') ?? '',
    publishing: flag(s, 'publishing'),
    bytesIn: num(s, 'bytes_in') ?? 0,
    bwInKbps: kbps(num(s, 'bw_in')),
    timeMs: num(s, 'time') ?? 0,
    clients: num(s, 'nclients') ?? children(s, 'client').length,
    publisherAddr: publisher ? nonEmpty(text(publisher, 'address')) : null,
    publisherClientId: publisher ? nonEmpty(text(publisher, 'id')) : null,
    video: parseVideo(meta),
    audio: parseAudio(meta),
  };
}

export function parseRtmpStat(xml: string): RtmpStat {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (e) {
    throw new Error(`invalid nginx-rtmp stat XML: ${(e as Error).message}`, { cause: e });
  }
  const root = isNode(doc) ? doc.rtmp : undefined;
  if (!isNode(root)) throw new Error('invalid nginx-rtmp stat XML: no <rtmp> root element');

  const streams: RtmpStreamStat[] = [];
  for (const server of children(root, 'server')) {
    for (const application of children(server, 'application')) {
      const app = text(application, 'name') ?? '';
      for (const live of children(application, 'live')) {
        for (const stream of children(live, 'stream')) streams.push(parseStream(app, stream));
      }
    }
  }
  return {
    uptimeSec: num(root, 'uptime') ?? 0,
    bwInKbps: kbps(num(root, 'bw_in')),
    bwOutKbps: kbps(num(root, 'bw_out')),
    streams,
  };
}
