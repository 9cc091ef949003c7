// The export dialog's time range: the text of its two date-time inputs (local time), checked
// before anything is sent, with the rules the server applies (to after from, at most 24 h).

/** Longest range one export may cover (the server's limit). */
export const MAX_EXPORT_MS = 24 * 3_600_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The value of an <input type="datetime-local"> for a time, in local time: "2026-03-01T12:00:05".
 * `seconds: 'auto'` leaves them out when they are zero ("2026-03-01T12:00"), for minute-precision fields.
 */
export function toLocalInput(date: Date, seconds: 'always' | 'auto' = 'always'): string {
  const minutes = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return seconds === 'auto' && date.getSeconds() === 0 ? minutes : `${minutes}:${pad(date.getSeconds())}`;
}

/** A datetime-local value ("2026-03-01T12:00" or with seconds, local time) as a Date; null if it isn't one. */
export function parseLocalInput(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text.trim());
  if (!match) return null;
  const field = (i: number) => Number(match[i] ?? '0');
  const ms = Number((match[7] ?? '0').padEnd(3, '0'));
  const date = new Date(field(1), field(2) - 1, field(3), field(4), field(5), field(6), ms);
  // Reject what the Date constructor rolls over (February 30th, minute 61).
  if (date.getMonth() !== field(2) - 1 || date.getDate() !== field(3) || field(4) > 23 || field(5) > 59 || field(6) > 59) return null;
  return date;
}

export interface RangeInput {
  from: string;
  to: string;
}

export interface RangeCheck {
  errors: { from?: string; to?: string };
  /** The range to request, when there are no errors. */
  range: { from: Date; to: Date } | null;
}

/**
 * The input shows whole seconds; a range handed in by the page (a recorded chunk, to the
 * millisecond) is kept exact as long as its field still shows it unchanged.
 */
function resolve(text: string, initial: Date | undefined): Date | null {
  if (initial && !Number.isNaN(initial.getTime()) && text === toLocalInput(initial)) return initial;
  return parseLocalInput(text);
}

function readTime(text: string, initial: Date | undefined, which: 'start' | 'end'): { value: Date | null; error?: string } {
  if (text.trim() === '') return { value: null, error: `Enter the ${which} date and time.` };
  const value = resolve(text, initial);
  return value ? { value } : { value: null, error: 'Enter a valid date and time.' };
}

export function checkExportRange(input: RangeInput, options: { initialFrom?: Date; initialTo?: Date; now?: number } = {}): RangeCheck {
  const now = options.now ?? Date.now();
  const from = readTime(input.from, options.initialFrom, 'start');
  const to = readTime(input.to, options.initialTo, 'end');
  const errors: RangeCheck['errors'] = {};
  if (from.error) errors.from = from.error;
  if (to.error) errors.to = to.error;
  if (from.value && from.value.getTime() > now) errors.from = 'The start is in the future: nothing is recorded there yet.';
  if (from.value && to.value && !errors.to) {
    const span = to.value.getTime() - from.value.getTime();
    if (span <= 0) errors.to = 'The end must be after the start.';
    else if (span > MAX_EXPORT_MS) errors.to = 'An export covers at most 24 hours. Move the end closer to the start.';
  }
  const ok = !errors.from && !errors.to && from.value && to.value;
  return { errors, range: ok ? { from: from.value!, to: to.value! } : null };
}

/** A heading for a refused export request, by HTTP status. */
export function exportRefusalTitle(status: number): string {
  if (status === 400) return 'This range can’t be exported';
  if (status === 403) return 'You are not allowed to export recordings';
  if (status === 404) return 'Nothing is recorded in this range';
  if (status === 409) return 'The export can’t be made';
  return 'The export could not be started';
}
