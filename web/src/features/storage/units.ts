// Sizes, rates and spans of the Storage page, and the size fields' text form (gigabytes by default).
import { formatBytes, formatDurationMs } from '../recordings/units';

export { formatBytes };

/** A gigabyte as disks are sold (and as formatBytes shows sizes): 10^9 bytes. */
export const GB = 1_000_000_000;

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  p: 1e15,
  pb: 1e15,
};

export type SizeParse = { ok: true; bytes: number | null } | { ok: false; error: string };

/**
 * A size typed into a field, in bytes: "500" is 500 GB (the field's unit), "1.5 TB", "750 MB" and
 * "2t" carry their own unit. Empty means no value (null). A comma is a decimal point ("1,5"); "1,000" is
 * refused as ambiguous.
 */
export function parseSize(text: string): SizeParse {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return { ok: true, bytes: null };
  // "1,000" could be a thousand or one: refuse rather than guess.
  if (/\d,\d{3}(?!\d)/.test(trimmed)) return { ok: false, error: 'Write the size without thousands separators, e.g. 1000 or 1 TB.' };
  const input = trimmed.replace(',', '.');
  const match = /^(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)$/.exec(input);
  if (!match) return { ok: false, error: 'Enter a size in GB, e.g. 500 or 1.5 TB.' };
  const unit = match[2] === '' ? GB : UNIT_BYTES[match[2]!];
  if (unit === undefined) return { ok: false, error: `Unknown unit “${match[2]}”: use MB, GB or TB.` };
  const bytes = Math.round(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes)) return { ok: false, error: 'That size is too large.' };
  return { ok: true, bytes };
}

/** A byte count as the text of a GB field ("1.5" for 1.5 GB, "2000" for 2 TB); '' for null. */
export function toGbInput(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '';
  // Three decimals (megabytes) are as precise as a person types; drop trailing zeros.
  return String(Math.round((bytes / GB) * 1000) / 1000);
}

/** "12 GB/day"; "nothing in the last 24 h" for 0. */
export function formatRate(bytesPerDay: number): string {
  if (!Number.isFinite(bytesPerDay) || bytesPerDay <= 0) return 'nothing in the last 24 h';
  return `${formatBytes(bytesPerDay)}/day`;
}

/**
 * How long until a tier is full, from the server's projection in days: "less than a day",
 * "3.5 days", "18 days", "about 4 months", "over 2 years". Null (nothing written lately, or no
 * limit known) reads "not filling up".
 */
export function formatDaysUntilFull(days: number | null | undefined): string {
  if (days === null || days === undefined || !Number.isFinite(days) || days < 0) return 'not filling up';
  if (days === 0) return 'full now';
  if (days < 1) return 'less than a day';
  if (days < 10) {
    const rounded = Math.round(days * 10) / 10;
    return `${rounded} ${rounded === 1 ? 'day' : 'days'}`;
  }
  if (days < 60) return `${Math.round(days)} days`;
  if (days < 730) return `about ${Math.round(days / 30.44)} months`;
  return `over ${Math.floor(days / 365.25)} years`;
}

/** The tone of a "days until full" figure: a week or less is a warning, two days or less urgent. */
export function daysUntilFullTone(days: number | null | undefined): 'danger' | 'warning' | 'neutral' {
  if (days === null || days === undefined || !Number.isFinite(days)) return 'neutral';
  if (days <= 2) return 'danger';
  if (days <= 7) return 'warning';
  return 'neutral';
}

/** How much footage lies between the oldest and newest chunk: "3 d 4 h"; a dash when unknown. */
export function formatSpan(oldest: string | null, newest: string | null): string {
  if (!oldest || !newest) return '—';
  const ms = Date.parse(newest) - Date.parse(oldest);
  return Number.isFinite(ms) && ms >= 0 ? formatDurationMs(ms) : '—';
}

/** Days as a person reads them: "1 day", "30 days", or the fallback for none. */
export function formatDays(days: number | null | undefined, none = 'never'): string {
  if (days === null || days === undefined) return none;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}
