/**
 * Probing a recorded chunk (fragmented MP4: ftyp, empty moov, then moof+mdat pairs) to index it, above all to
 * reconcile the partial chunk a crash left behind.
 *
 * ffprobe alone is not enough for a truncated fMP4 (Debian ffmpeg 5.1, checked in the tests):
 * - cut inside an mdat, it reports the cut fragment's full duration although its media is missing;
 * - cut inside a moof's track boxes (most of a moof), it fails to read the header at all ("error reading header"),
 *   which would mark hours of good footage corrupt.
 * So the file's top-level boxes are walked first (a few bytes read per box), the prefix ending with the last complete
 * fragment is found, and ffprobe reads only that prefix (through the `subfile` protocol when the tail is cut).
 */
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';

export interface ChunkInfo {
  /** Playable duration: complete fragments only. 0 when nothing could be read. */
  durationSec: number;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  /** Size of the file. */
  bytes: number;
  /** Bytes from the start of the file through the last complete fragment (== bytes for an intact chunk). */
  validBytes: number;
  /** Complete moof+mdat fragments in the valid prefix. */
  fragments: number;
  startTimeSec: number | null;
}

export interface Box {
  type: string;
  /** Offset of the box header in the file. */
  start: number;
  /** Total size including the header. */
  size: number;
}

/** Longest box header: 32-bit size, type, 64-bit largesize. */
export const BOX_HEADER_BYTES = 16;

const TOP_LEVEL_TYPES = new Set(['ftyp', 'styp', 'moov', 'moof', 'mdat', 'mfra', 'sidx', 'free', 'skip', 'uuid', 'emsg', 'prft', 'meta']);

/**
 * Parses the box header at the start of `head` (at least the first 8 bytes of a box, up to 16) found at `offset` of a
 * file of `fileSize` bytes. Returns null when the bytes are not a plausible top-level box: unknown type, size < 8, or
 * a header cut by the end of the file. A box whose size runs past the end of the file is returned as is (its
 * `start + size > fileSize` tells it is truncated).
 */
export function parseBoxHeader(head: Uint8Array, offset: number, fileSize: number): Box | null {
  if (head.length < 8 || offset + 8 > fileSize) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const type = String.fromCharCode(head[4]!, head[5]!, head[6]!, head[7]!);
  if (!TOP_LEVEL_TYPES.has(type)) return null;
  let size = view.getUint32(0);
  if (size === 1) {
    if (head.length < 16 || offset + 16 > fileSize) return null;
    size = Number(view.getBigUint64(8));
    if (size < 16) return null;
  } else if (size === 0) {
    size = fileSize - offset; // "extends to the end of the file"
  } else if (size < 8) {
    return null;
  }
  return { type, start: offset, size };
}

/**
 * End of the longest playable prefix of a fragmented MP4 given its top-level boxes (in file order, as far as they
 * could be read): ftyp and moov, then every moof followed by its complete mdat. 0 when even the header is incomplete.
 */
export function playablePrefix(boxes: readonly Box[], fileSize: number): { validBytes: number; fragments: number } {
  const complete = (b: Box) => b.start + b.size <= fileSize;
  let validBytes = 0;
  let fragments = 0;
  let sawMoov = false;
  let pendingMoof = false;
  for (const b of boxes) {
    if (!complete(b)) break;
    if (b.type === 'moov') {
      if (sawMoov) break;
      sawMoov = true;
      validBytes = b.start + b.size;
    } else if (!sawMoov) {
      if (b.type !== 'ftyp' && b.type !== 'free' && b.type !== 'skip') break;
    } else if (b.type === 'moof') {
      if (pendingMoof) break;
      pendingMoof = true;
    } else if (b.type === 'mdat') {
      if (!pendingMoof) break;
      pendingMoof = false;
      fragments++;
      validBytes = b.start + b.size;
    } else if (!pendingMoof) {
      // sidx, free, mfra… between fragments or at the end.
      validBytes = b.start + b.size;
    }
  }
  return { validBytes, fragments };
}

/** Reads the top-level box headers of a file (stops at the first implausible or truncated box). */
export async function readTopLevelBoxes(path: string): Promise<{ boxes: Box[]; fileSize: number }> {
  const fh = await open(path, 'r');
  try {
    const { size: fileSize } = await fh.stat();
    const boxes: Box[] = [];
    const head = new Uint8Array(BOX_HEADER_BYTES);
    let offset = 0;
    while (offset < fileSize) {
      const { bytesRead } = await fh.read(head, 0, BOX_HEADER_BYTES, offset);
      const box = parseBoxHeader(head.subarray(0, bytesRead), offset, fileSize);
      if (!box) break;
      boxes.push(box);
      if (box.start + box.size > fileSize) break;
      offset += box.size;
    }
    return { boxes, fileSize };
  } finally {
    await fh.close();
  }
}

/** ffprobe argv for a chunk (or for a `subfile,,…` URL of its valid prefix); the mp4 demuxer is forced. */
export function chunkProbeArgs(input: string): string[] {
  // prettier-ignore
  return [
    '-v', 'error',
    '-f', 'mp4',
    '-show_entries', 'format=duration,start_time:stream=codec_type,codec_name,width,height',
    '-of', 'json',
    input,
  ];
}

/** ffprobe input for the first `validBytes` of the file at `path`: the whole file, or a `subfile` range of it. */
export function chunkProbeInput(path: string, validBytes: number, fileSize: number): string {
  if (path === '' || /[\r\n]/.test(path)) throw new RangeError('path must be non-empty, without line breaks');
  // file: keeps a path with a colon from being taken for a protocol.
  const file = `file:${path}`;
  return validBytes >= fileSize ? file : `subfile,,start,0,end,${validBytes},,:${file}`;
}

interface ProbeJson {
  format?: { duration?: unknown; start_time?: unknown };
  streams?: { codec_type?: unknown; codec_name?: unknown; width?: unknown; height?: unknown }[];
}

/** Chunk facts from ffprobe's JSON (`chunkProbeArgs`); anything missing or malformed becomes null (duration 0). */
export function chunkInfoFromProbe(json: unknown, file: { bytes: number; validBytes: number; fragments: number }): ChunkInfo {
  const j = (typeof json === 'object' && json !== null ? json : {}) as ProbeJson;
  const streams = Array.isArray(j.streams) ? j.streams : [];
  const video = streams.find((s) => s?.codec_type === 'video');
  const audio = streams.find((s) => s?.codec_type === 'audio');
  const duration = num(j.format?.duration);
  return {
    durationSec: duration !== null && duration > 0 ? duration : 0,
    videoCodec: str(video?.codec_name),
    audioCodec: str(audio?.codec_name),
    width: positiveInt(video?.width),
    height: positiveInt(video?.height),
    bytes: file.bytes,
    validBytes: file.validBytes,
    fragments: file.fragments,
    startTimeSec: num(j.format?.start_time),
  };
}

/** A chunk with nothing playable in it (no complete fragment, no readable stream): the caller marks it `corrupt`. */
export function isCorrupt(info: ChunkInfo): boolean {
  return info.durationSec <= 0 || (info.videoCodec === null && info.audioCodec === null);
}

export interface ProbeOptions {
  /** Kill ffprobe after this long (default 30 s). */
  timeoutMs?: number;
}

/**
 * Probes the chunk at `path`. Rejects only when the file cannot be read (e.g. ENOENT: the caller marks the row
 * missing); a file ffprobe cannot make sense of resolves with durationSec 0 ({@link isCorrupt}).
 */
export async function probeChunk(ffprobeBin: string, path: string, opts: ProbeOptions = {}): Promise<ChunkInfo> {
  const { boxes, fileSize } = await readTopLevelBoxes(path);
  const { validBytes, fragments } = playablePrefix(boxes, fileSize);
  const file = { bytes: fileSize, validBytes, fragments };
  if (fragments === 0) return chunkInfoFromProbe(null, file);
  const args = chunkProbeArgs(chunkProbeInput(path, validBytes, fileSize));
  const json = await new Promise<unknown>((resolve) => {
    execFile(ffprobeBin, args, { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 1024 * 1024 }, (err, stdout) => {
      if (err) return resolve(null);
      try {
        resolve(JSON.parse(stdout) as unknown);
      } catch {
        resolve(null);
      }
    });
  });
  return chunkInfoFromProbe(json, file);
}

function num(v: unknown): number | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  if (typeof v === 'string' && !/^-?\d+(?:\.\d+)?$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function positiveInt(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null;
}
