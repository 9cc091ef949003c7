/**
 * Fragment index of a recording chunk: the fragmented MP4 (ISO-BMFF) that FFmpeg writes with
 * `-movflags +frag_keyframe+empty_moov+default_base_moof`, i.e. `ftyp moov (moof mdat)* [mfra]`.
 *
 * The index is what playback needs to address the file with HLS byte ranges: the size of the init
 * segment (everything up to the end of `moov`) and, per fragment, its byte range (`moof` + `mdat`),
 * decode time, duration and whether it starts on a keyframe. Only box headers are read from disk, plus
 * `moov` and every `moof` in full (they are small); `mdat` payloads are never read, so a chunk of
 * several GB is indexed in a few MB of I/O.
 *
 * A chunk cut short by a crash ends in an incomplete fragment (a `moof` or `mdat` whose declared size
 * runs past the end of the file, a `moof` with no `mdat`, or zero-filled garbage): it is left out and its
 * bytes are reported as `truncatedBytes`.
 *
 * The parser is one generator that asks for byte ranges (`scan`); `parseFragmentsFromBuffer` feeds it from
 * memory (pure, used by the tests), `indexFragments` from a file handle.
 */
import { open } from 'node:fs/promises';

export interface Fragment {
  /** Byte offset of the fragment's first box (`moof`). */
  offset: number;
  /** moof+mdat (plus any audio-only moof+mdat pairs that directly follow, see `scan`). */
  size: number;
  /** In track timescale units, video track. */
  decodeTime: number;
  /** Seconds. */
  duration: number;
  /** Seconds since the chunk's first fragment. */
  startSec: number;
  keyframe: boolean;
}

export interface FragmentIndex {
  /** Bytes of ftyp+moov at offset 0. */
  initSize: number;
  /** Video track. */
  timescale: number;
  videoTrackId: number;
  /** Complete fragments only. */
  fragments: Fragment[];
  durationSec: number;
  /** Bytes after the last complete fragment (a crash). */
  truncatedBytes: number;
  /** RFC 6381, e.g. `avc1.64001e,mp4a.40.2`; null when a track's codec is not one we can name. */
  codecs: string | null;
  width: number | null;
  height: number | null;
}

/** The file is not a fragmented MP4 we can index (no complete moov, moov after media, no mvex...). */
export class Fmp4Error extends Error {
  override name = 'Fmp4Error';
}

/** One read the parser needs: `length` bytes at `offset` (always inside the file). */
export interface ReadRequest {
  offset: number;
  length: number;
}

/** Bytes read speculatively at every top-level box: the header, and usually the whole moof with it. */
const HEAD_READ = 4096;
const MAX_MOOV = 64 * 1024 * 1024;
const MAX_MOOF = 16 * 1024 * 1024;
/** sample_is_non_sync_sample (ISO/IEC 14496-12 8.8.3.1). */
const NON_SYNC = 0x0001_0000;

/** Indexes a chunk on disk, reading box headers and the moov/moof boxes only. */
export async function indexFragments(path: string): Promise<FragmentIndex> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const it = scan(size);
    let step = it.next();
    while (!step.done) {
      const { offset, length } = step.value;
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) throw new Fmp4Error(`${path} shrank while it was being indexed`);
        got += bytesRead;
      }
      step = it.next(buf);
    }
    return step.value;
  } finally {
    await fh.close();
  }
}

/** The same index, from a whole file in memory. Pure. */
export function parseFragmentsFromBuffer(bytes: Uint8Array): FragmentIndex {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const it = scan(buf.length);
  let step = it.next();
  while (!step.done) step = it.next(buf.subarray(step.value.offset, step.value.offset + step.value.length));
  return step.value;
}

interface BoxHeader {
  type: string;
  /** Absolute start of the box. */
  start: number;
  headerSize: number;
  /** Total size including the header (size 0 resolved to "up to the end"). */
  size: number;
}

interface TrackDefaults {
  duration: number;
  size: number;
  flags: number;
}

interface TrackInfo {
  id: number;
  handler: string;
  timescale: number;
  codec: string | null;
  width: number | null;
  height: number | null;
}

interface MoovInfo {
  tracks: TrackInfo[];
  trex: Map<number, TrackDefaults>;
}

/** What one moof says about itself. */
interface MoofInfo {
  /** Absolute byte ranges [start, end) of the sample data, which must lie inside this fragment. */
  dataRanges: [number, number][];
  /** Primary-track timing; sampleCount 0 when the moof carries no sample of the primary track. */
  sampleCount: number;
  decodeTime: number | null;
  durationTicks: number;
  keyframe: boolean;
}

/** A moof and the boxes up to the next moof. */
interface Group {
  start: number;
  end: number;
  moof: MoofInfo;
}

interface Building {
  offset: number;
  end: number;
  decodeTime: number;
  durationTicks: number;
  keyframe: boolean;
}

/**
 * The parser. Yields the byte ranges it needs, receives exactly those bytes, returns the index.
 *
 * Fragments follow the primary track (the first video track, else the first track): each moof carrying
 * primary-track samples starts a fragment. A moof without them (FFmpeg writes an audio-only one at the end
 * of a file) is merged into the fragment it directly follows (or precedes, at the start), so every byte
 * range stays a self-contained, contiguous `moof mdat [moof mdat]` that a player can append.
 * Parsing stops at the first fragment that is not whole; everything from there on is `truncatedBytes`.
 */
export function* scan(fileSize: number): Generator<ReadRequest, FragmentIndex, Buffer> {
  let pos = 0;
  let moov: MoovInfo | null = null;
  let primary: TrackInfo | null = null;
  let initSize = 0;
  let open: Group | null = null;
  let stopAt: number | null = null;
  const built: Building[] = [];
  let lead: { start: number; end: number } | null = null;

  /** Closes a moof group; false when it is incomplete (the scan stops there). */
  const finish = (g: Group): boolean => {
    for (const [s, e] of g.moof.dataRanges) if (s < g.start || e > g.end) return false;
    if (g.moof.sampleCount > 0) {
      const prev = built[built.length - 1];
      const decodeTime = g.moof.decodeTime ?? (prev ? prev.decodeTime + prev.durationTicks : 0);
      const offset = !prev && lead && lead.end === g.start ? lead.start : g.start;
      built.push({ offset, end: g.end, decodeTime, durationTicks: g.moof.durationTicks, keyframe: g.moof.keyframe });
    } else {
      const prev = built[built.length - 1];
      if (prev) {
        if (prev.end === g.start) prev.end = g.end;
      } else {
        lead = lead && lead.end === g.start ? { start: lead.start, end: g.end } : { start: g.start, end: g.end };
      }
    }
    return true;
  };

  // The last read: a moof read with its header usually holds the next mdat header too.
  let cached: { offset: number; buf: Buffer } = { offset: 0, buf: Buffer.alloc(0) };
  while (pos < fileSize) {
    let head: Buffer;
    const want = Math.min(16, fileSize - pos);
    if (pos >= cached.offset && pos + want <= cached.offset + cached.buf.length) {
      head = cached.buf.subarray(pos - cached.offset);
    } else {
      head = yield { offset: pos, length: Math.min(HEAD_READ, fileSize - pos) };
      cached = { offset: pos, buf: head };
    }
    const h = topLevelHeader(head, pos, fileSize);
    if (!h || h.start + h.size > fileSize) {
      // A box cut by the end of the file, or bytes that are no box at all (a zero-filled tail).
      if (!moov) throw new Fmp4Error(h ? `incomplete ${h.type} box at ${pos}: no complete moov` : `no valid box at ${pos} before moov`);
      if (open && h?.type === 'mdat') {
        stopAt = open.start;
      } else {
        if (open && !finish(open)) stopAt = open.start;
        else stopAt = pos;
      }
      open = null;
      break;
    }
    const end = h.start + h.size;
    if (h.type === 'moov') {
      if (moov) throw new Fmp4Error(`second moov at ${pos}`);
      if (h.size > MAX_MOOV) throw new Fmp4Error(`moov of ${h.size} bytes is too large`);
      const box: Buffer = h.size <= head.length ? head.subarray(0, h.size) : yield { offset: pos, length: h.size };
      moov = parseMoov(box, h.headerSize);
      primary = moov.tracks.find((t) => t.handler === 'vide') ?? moov.tracks[0] ?? null;
      if (!primary) throw new Fmp4Error('moov has no track');
      initSize = end;
    } else if (h.type === 'moof' || h.type === 'mdat') {
      if (!moov || !primary) throw new Fmp4Error(`${h.type} at ${pos} before moov: not a fragmented MP4 with an empty moov`);
      if (h.type === 'mdat') {
        if (open) open.end = end;
      } else {
        if (open && !finish(open)) {
          stopAt = open.start;
          open = null;
          break;
        }
        open = null;
        let info: MoofInfo | null = null;
        if (h.size <= MAX_MOOF) {
          if (h.size > head.length) {
            // Read the next box header along with the moof.
            head = yield { offset: pos, length: Math.min(h.size + 16, fileSize - pos) };
            cached = { offset: pos, buf: head };
          }
          const box = head.subarray(0, h.size);
          try {
            info = parseMoof(box, pos, h.headerSize, moov.trex, primary.id);
          } catch (e) {
            if (!(e instanceof Fmp4Error)) throw e;
          }
        }
        if (!info) {
          stopAt = pos;
          break;
        }
        open = { start: pos, end, moof: info };
      }
    }
    // Other top-level boxes (free, skip, udta, mfra, sidx...) are neither init nor fragment: skipped.
    pos = end;
  }
  if (open && !finish(open)) stopAt = open.start;
  if (!moov || !primary) throw new Fmp4Error(fileSize === 0 ? 'empty file' : 'no moov box');

  const timescale = primary.timescale;
  const first = built[0];
  const fragments: Fragment[] = built.map((b) => ({
    offset: b.offset,
    size: b.end - b.offset,
    decodeTime: b.decodeTime,
    duration: b.durationTicks / timescale,
    startSec: (b.decodeTime - first!.decodeTime) / timescale,
    keyframe: b.keyframe,
  }));
  const last = built[built.length - 1];
  const durationSec = first && last ? (last.decodeTime + last.durationTicks - first.decodeTime) / timescale : 0;

  const named = moov.tracks.filter((t) => t.handler === 'vide' || t.handler === 'soun');
  const ordered = [...named.filter((t) => t.handler === 'vide'), ...named.filter((t) => t.handler === 'soun')];
  const codecs = ordered.length > 0 && ordered.every((t) => t.codec) ? ordered.map((t) => t.codec).join(',') : null;

  return {
    initSize,
    timescale,
    videoTrackId: primary.id,
    fragments,
    durationSec,
    truncatedBytes: stopAt === null ? 0 : fileSize - stopAt,
    codecs,
    width: primary.handler === 'vide' ? primary.width : null,
    height: primary.handler === 'vide' ? primary.height : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Box headers

function isBoxType(buf: Buffer, at: number): boolean {
  for (let i = at; i < at + 4; i++) {
    const c = buf[i]!;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** A top-level box header from the bytes read at `start`; null for bytes that cannot be a box. */
function topLevelHeader(head: Buffer, start: number, fileSize: number): BoxHeader | null {
  if (head.length < 8 || !isBoxType(head, 4)) return null;
  const size32 = head.readUInt32BE(0);
  const type = head.toString('latin1', 4, 8);
  if (size32 === 1) {
    if (head.length < 16) return null;
    const large = head.readBigUInt64BE(8);
    if (large < 16n || large > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    return { type, start, headerSize: 16, size: Number(large) };
  }
  if (size32 === 0) return { type, start, headerSize: 8, size: fileSize - start };
  if (size32 < 8) return null;
  return { type, start, headerSize: 8, size: size32 };
}

/** Child boxes of `buf[from, to)` (offsets relative to `buf`). Throws on a child that does not fit. */
function children(buf: Buffer, from: number, to: number): BoxHeader[] {
  const out: BoxHeader[] = [];
  let pos = from;
  while (pos + 8 <= to) {
    const size32 = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let headerSize = 8;
    let size = size32;
    if (size32 === 1) {
      if (pos + 16 > to) throw new Fmp4Error(`truncated ${type} header`);
      const large = buf.readBigUInt64BE(pos + 8);
      if (large > BigInt(Number.MAX_SAFE_INTEGER)) throw new Fmp4Error(`${type} box too large`);
      headerSize = 16;
      size = Number(large);
    } else if (size32 === 0) {
      size = to - pos;
    }
    if (size < headerSize || pos + size > to) throw new Fmp4Error(`${type} box at ${pos} overruns its parent`);
    out.push({ type, start: pos, headerSize, size });
    pos += size;
  }
  return out;
}

function child(buf: Buffer, parent: BoxHeader, type: string): BoxHeader | undefined {
  return children(buf, parent.start + parent.headerSize, parent.start + parent.size).find((b) => b.type === type);
}

/** Bounds-checked big-endian reader over one box's payload. */
class Cursor {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly end: number,
  ) {}
  private need(n: number): void {
    if (this.pos + n > this.end) throw new Fmp4Error('box shorter than its fields');
  }
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): number {
    this.need(8);
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Fmp4Error('64-bit value beyond 2^53');
    return Number(v);
  }
  /** version and flags of a FullBox. */
  full(): { version: number; flags: number } {
    const vf = this.u32();
    return { version: vf >>> 24, flags: vf & 0xff_ffff };
  }
}

function payload(buf: Buffer, box: BoxHeader): Cursor {
  return new Cursor(buf, box.start + box.headerSize, box.start + box.size);
}

// ---------------------------------------------------------------------------------------------------------
// moov

function parseMoov(buf: Buffer, headerSize: number): MoovInfo {
  const tracks: TrackInfo[] = [];
  const trex = new Map<number, TrackDefaults>();
  let hasMvex = false;
  for (const box of children(buf, headerSize, buf.length)) {
    if (box.type === 'trak') {
      const t = parseTrak(buf, box);
      if (t) tracks.push(t);
    } else if (box.type === 'mvex') {
      hasMvex = true;
      for (const b of children(buf, box.start + box.headerSize, box.start + box.size)) {
        if (b.type !== 'trex') continue;
        const c = payload(buf, b);
        c.full();
        const id = c.u32();
        c.u32(); // default_sample_description_index
        trex.set(id, { duration: c.u32(), size: c.u32(), flags: c.u32() });
      }
    }
  }
  if (!hasMvex) throw new Fmp4Error('moov has no mvex: not a fragmented MP4');
  return { tracks, trex };
}

function parseTrak(buf: Buffer, trak: BoxHeader): TrackInfo | null {
  const tkhd = child(buf, trak, 'tkhd');
  const mdia = child(buf, trak, 'mdia');
  if (!tkhd || !mdia) return null;
  const c = payload(buf, tkhd);
  const { version } = c.full();
  c.skip(version === 1 ? 16 : 8);
  const id = c.u32();

  const mdhd = child(buf, mdia, 'mdhd');
  const hdlr = child(buf, mdia, 'hdlr');
  if (!mdhd || !hdlr) return null;
  const m = payload(buf, mdhd);
  m.skip(m.full().version === 1 ? 16 : 8);
  const timescale = m.u32();
  if (timescale === 0) throw new Fmp4Error(`track ${id} has timescale 0`);
  const hd = payload(buf, hdlr);
  hd.full();
  hd.u32(); // pre_defined
  const handler = buf.toString('latin1', hd.pos, hd.pos + 4);

  let codec: string | null = null;
  let width: number | null = null;
  let height: number | null = null;
  const minf = child(buf, mdia, 'minf');
  const stbl = minf && child(buf, minf, 'stbl');
  const stsd = stbl && child(buf, stbl, 'stsd');
  if (stsd) {
    const s = payload(buf, stsd);
    s.full();
    s.u32(); // entry_count
    const entry = children(buf, s.pos, stsd.start + stsd.size)[0];
    if (entry) ({ codec, width, height } = sampleEntry(buf, entry, handler));
  }
  return { id, handler, timescale, codec, width, height };
}

/** Codec string and size from the first sample entry. VisualSampleEntry fields are 78 bytes, audio 28. */
function sampleEntry(
  buf: Buffer,
  entry: BoxHeader,
  handler: string,
): { codec: string | null; width: number | null; height: number | null } {
  const body = entry.start + entry.headerSize;
  const end = entry.start + entry.size;
  if (handler === 'vide') {
    if (body + 78 > end) return { codec: null, width: null, height: null };
    const width = buf.readUInt16BE(body + 24);
    const height = buf.readUInt16BE(body + 26);
    let codec: string | null = null;
    if (entry.type === 'avc1' || entry.type === 'avc3') {
      const avcC = children(buf, body + 78, end).find((b) => b.type === 'avcC');
      if (avcC && avcC.size - avcC.headerSize >= 4) {
        const p = avcC.start + avcC.headerSize;
        codec = `${entry.type}.${[buf[p + 1]!, buf[p + 2]!, buf[p + 3]!].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
      }
    }
    return { codec, width, height };
  }
  if (handler === 'soun' && entry.type === 'mp4a' && body + 28 <= end) {
    const esds = children(buf, body + 28, end).find((b) => b.type === 'esds');
    return { codec: esds ? mp4aCodec(buf, esds) : null, width: null, height: null };
  }
  return { codec: null, width: null, height: null };
}

/** `mp4a.40.<audio object type>` from an esds box (ES_Descriptor → DecoderConfigDescriptor → DecoderSpecificInfo). */
function mp4aCodec(buf: Buffer, esds: BoxHeader): string | null {
  try {
    const c = payload(buf, esds);
    c.full();
    const descriptor = (): { tag: number; length: number } => {
      const tag = c.u8();
      let length = 0;
      for (let i = 0; i < 4; i++) {
        const b = c.u8();
        length = (length << 7) | (b & 0x7f);
        if (!(b & 0x80)) break;
      }
      return { tag, length };
    };
    if (descriptor().tag !== 0x03) return null;
    c.u16(); // ES_ID
    const flags = c.u8();
    if (flags & 0x80) c.u16();
    if (flags & 0x40) c.skip(c.u8());
    if (flags & 0x20) c.u16();
    if (descriptor().tag !== 0x04) return null;
    const objectType = c.u8();
    if (objectType !== 0x40) return null;
    c.skip(12); // stream type, buffer size, max and average bitrate
    if (descriptor().tag !== 0x05) return null;
    const b0 = c.u8();
    let aot = b0 >> 3;
    if (aot === 31) aot = 32 + (((b0 & 0x07) << 3) | (c.u8() >> 5));
    return `mp4a.40.${aot}`;
  } catch (e) {
    if (e instanceof Fmp4Error) return null;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------
// moof

function parseMoof(buf: Buffer, moofStart: number, headerSize: number, trex: Map<number, TrackDefaults>, primaryId: number): MoofInfo {
  const dataRanges: [number, number][] = [];
  let sampleCount = 0;
  let decodeTime: number | null = null;
  let durationTicks = 0;
  let keyframe = true;
  let previousTrafEnd = moofStart;
  let firstTraf = true;

  for (const traf of children(buf, headerSize, buf.length)) {
    if (traf.type !== 'traf') continue;
    const boxes = children(buf, traf.start + traf.headerSize, traf.start + traf.size);
    const tfhdBox = boxes.find((b) => b.type === 'tfhd');
    if (!tfhdBox) throw new Fmp4Error('traf without tfhd');
    const t = payload(buf, tfhdBox);
    const { flags: hf } = t.full();
    const trackId = t.u32();
    const defaults = trex.get(trackId) ?? { duration: 0, size: 0, flags: 0 };
    let base: number;
    if (hf & 0x01) base = t.u64();
    else if (hf & 0x02_0000 || firstTraf) base = moofStart;
    else base = previousTrafEnd;
    if (hf & 0x02) t.u32(); // sample_description_index
    const defDuration = hf & 0x08 ? t.u32() : defaults.duration;
    const defSize = hf & 0x10 ? t.u32() : defaults.size;
    const defFlags = hf & 0x20 ? t.u32() : defaults.flags;
    firstTraf = false;

    let tfdt: number | null = null;
    const tfdtBox = boxes.find((b) => b.type === 'tfdt');
    if (tfdtBox) {
      const d = payload(buf, tfdtBox);
      tfdt = d.full().version === 1 ? d.u64() : d.u32();
    }

    const isPrimary = trackId === primaryId;
    let dataPos = base;
    let firstRun = true;
    for (const trun of boxes) {
      if (trun.type !== 'trun') continue;
      const r = payload(buf, trun);
      const { flags: rf } = r.full();
      const count = r.u32();
      if (rf & 0x01) dataPos = base + r.i32();
      else if (firstRun) dataPos = base;
      const firstFlags = rf & 0x04 ? r.u32() : null;
      const perSample = ((rf & 0x100 ? 4 : 0) + (rf & 0x200 ? 4 : 0) + (rf & 0x400 ? 4 : 0) + (rf & 0x800 ? 4 : 0)) * count;
      if (r.pos + perSample > trun.start + trun.size) throw new Fmp4Error('trun shorter than its samples');
      let bytes = 0;
      let ticks = 0;
      let sample0Flags: number | null = null;
      for (let i = 0; i < count; i++) {
        ticks += rf & 0x100 ? r.u32() : defDuration;
        bytes += rf & 0x200 ? r.u32() : defSize;
        const f = rf & 0x400 ? r.u32() : defFlags;
        if (i === 0) sample0Flags = firstFlags ?? f;
        if (rf & 0x800) r.u32();
      }
      if (count > 0) dataRanges.push([dataPos, dataPos + bytes]);
      if (isPrimary && count > 0) {
        if (sampleCount === 0) {
          keyframe = ((sample0Flags ?? 0) & NON_SYNC) === 0;
          decodeTime = tfdt;
        }
        sampleCount += count;
        durationTicks += ticks;
      }
      dataPos += bytes;
      firstRun = false;
    }
    previousTrafEnd = dataPos;
  }
  return { dataRanges, sampleCount, decodeTime, durationTicks, keyframe };
}
