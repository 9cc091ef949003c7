// Human-friendly sizes and durations for recordings and exports, and the duration filter's text form.

const KILO = 1000;
const BYTE_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** "0 B", "512 B", "1.2 MB", "38 MB", "4.7 GB" (decimal units, as disks are sold). A dash for null. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < KILO) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  value /= KILO;
  while (value >= KILO - 0.5 && unit < BYTE_UNITS.length - 1) {
    value /= KILO;
    unit++;
  }
  // One decimal below 10 ("1.2 MB"), whole numbers above ("38 MB"); 9.96 MB reads "10 MB".
  const text = value < 9.95 ? value.toFixed(1) : String(Math.round(value));
  return `${text} ${BYTE_UNITS[unit]}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "0.4 s", "9.8 s", "42 s", "4 min 05 s", "1 h 02 min", "2 d 3 h". Tenths below 10 s, where chunk
 * lengths differ by a frame or two; whole units above. A dash for null.
 */
export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 9950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${pad2(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${pad2(minutes % 60)} min`;
  const days = Math.floor(hours / 24);
  return `${days} d ${hours % 24} h`;
}

const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
};

/**
 * A duration typed by a person, in milliseconds: "90" and "90s" (seconds), "5m", "5 min", "1.5h",
 * "1h30m", "1h 30m 10s", or a clock "05:00" (min:s) / "1:30:00" (h:min:s). Null when it can't be read.
 */
export function parseDuration(text: string): number | null {
  const input = text.trim().toLowerCase();
  if (input === '') return null;
  const clock = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(input);
  if (clock) {
    const [a, b, c] = [Number(clock[1]), Number(clock[2]), clock[3] === undefined ? null : Number(clock[3])];
    return c === null ? (a * 60 + b) * 1000 : (a * 3600 + b * 60 + c) * 1000;
  }
  if (/^\d+(\.\d+)?$/.test(input)) return Math.round(Number(input) * 1000);
  const part = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/y;
  let total = 0;
  let seen = 0;
  let last = Infinity;
  while (part.lastIndex < input.length) {
    const match = part.exec(input);
    if (!match) return null;
    const unit = UNIT_MS[match[2]!];
    // Each unit once, largest first ("30m 1h" is more likely a typo than a duration).
    if (unit === undefined || unit >= last) return null;
    last = unit;
    total += Number(match[1]) * unit;
    seen++;
  }
  return seen > 0 ? Math.round(total) : null;
}

/** The compact text form of a duration, which parseDuration reads back: "1h30m", "5m", "45s", "2.5s". */
export function formatDurationInput(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0s';
  if (ms % 1000 !== 0) return `${Math.round(ms / 100) / 10}s`;
  const total = ms / 1000;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** "H.264 · 1280×720" from the codec string of a recording ("avc1.64001f") and its size. */
export function describeVideo(codec: string | null, width: number | null, height: number | null): string {
  const family = codec === null ? null : codecName(codec);
  const size = width && height ? `${width}×${height}` : null;
  return [family, size].filter(Boolean).join(' · ') || '—';
}

function codecName(codec: string): string {
  const tag = codec.split('.')[0]!.toLowerCase();
  if (tag === 'avc1' || tag === 'avc3' || tag === 'h264') return 'H.264';
  if (tag === 'hvc1' || tag === 'hev1' || tag === 'hevc' || tag === 'h265') return 'H.265';
  if (tag === 'av01') return 'AV1';
  if (tag === 'vp09') return 'VP9';
  return codec;
}
