// Snoozes: the presets (15 min, 1 h, 8 h, until a time), the snooze form's checks and body, and
// how a snooze reads. A snooze silences a rule, a subject (a camera, storage tier or the server),
// or one rule for one subject. Pure.
import { parseLocalInput } from '../exports/range';

export const SNOOZE_PRESETS = [
  { id: '15m', label: '15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: '1 hour', ms: 3_600_000 },
  { id: '8h', label: '8 hours', ms: 8 * 3_600_000 },
  { id: 'until', label: 'Until a time', ms: null },
] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number]['id'];

/** The body of POST /api/alert-snoozes. */
export interface SnoozeBody {
  ruleId: string | null;
  subject: string | null;
  until: string;
  reason: string | null;
}

export interface SnoozeLike {
  id: string;
  ruleId: string | null;
  subject: string | null;
  until: string;
  reason: string | null;
}

export interface SnoozeFormValues {
  /** '' = every rule. */
  ruleId: string;
  /** A camera id, a tier id or 'system'; '' = every subject. */
  subject: string;
  preset: SnoozePreset;
  /** The datetime-local text for 'until'. */
  until: string;
  reason: string;
}

export type SnoozeField = 'target' | 'until' | 'reason';
export type SnoozeErrors = Partial<Record<SnoozeField, string>>;

export const MAX_SNOOZE_REASON = 500;
/** Longest snooze the form offers: a month. */
export const MAX_SNOOZE_MS = 31 * 24 * 3_600_000;

export function emptySnoozeForm(prefill: { ruleId?: string | null; subject?: string | null } = {}): SnoozeFormValues {
  return { ruleId: prefill.ruleId ?? '', subject: prefill.subject ?? '', preset: '1h', until: '', reason: '' };
}

/** When a snooze chosen now ends: now + the preset, or the typed time; null when there is none. */
export function snoozeUntil(preset: SnoozePreset, untilText: string, now: number): Date | null {
  const p = SNOOZE_PRESETS.find((x) => x.id === preset);
  if (!p) return null;
  if (p.ms !== null) return new Date(now + p.ms);
  return parseLocalInput(untilText);
}

export type SnoozeCheck = { ok: true; errors: SnoozeErrors; body: SnoozeBody } | { ok: false; errors: SnoozeErrors };

/** A snooze names a rule, a subject or both (snoozing everything is not offered), and ends in the future. */
export function checkSnoozeForm(values: SnoozeFormValues, now: number): SnoozeCheck {
  const errors: SnoozeErrors = {};
  if (values.ruleId === '' && values.subject === '') errors.target = 'Choose a rule, a camera, or both.';
  const until = snoozeUntil(values.preset, values.until, now);
  if (!until) errors.until = values.preset === 'until' ? 'Enter the date and time the snooze ends.' : 'Choose how long.';
  else if (until.getTime() <= now) errors.until = 'The end must be in the future.';
  else if (until.getTime() - now > MAX_SNOOZE_MS) errors.until = 'At most 31 days ahead.';
  const reason = values.reason.trim();
  if (reason.length > MAX_SNOOZE_REASON) errors.reason = `At most ${MAX_SNOOZE_REASON} characters.`;
  if (Object.keys(errors).length > 0 || !until) return { ok: false, errors };
  return {
    ok: true,
    errors,
    body: {
      ruleId: values.ruleId === '' ? null : values.ruleId,
      subject: values.subject === '' ? null : values.subject,
      until: until.toISOString(),
      reason: reason === '' ? null : reason,
    },
  };
}

/** "Rule “Gate offline” for camera Gate", "Every rule for camera Gate", "Rule “Disk” (every subject)". */
export function describeSnooze(
  snooze: Pick<SnoozeLike, 'ruleId' | 'subject'>,
  ruleName: (id: string) => string | null,
  subjectName: (subject: string) => string,
): string {
  const rule = snooze.ruleId === null ? null : (ruleName(snooze.ruleId) ?? 'a deleted rule');
  const subject = snooze.subject === null ? null : subjectName(snooze.subject);
  if (rule && subject) return `Rule “${rule}” for ${subject}`;
  if (rule) return `Rule “${rule}” (everything it watches)`;
  if (subject) return `Every rule for ${subject}`;
  return 'Every rule and everything';
}

/** Active snoozes that silence an alert of `ruleId` about `subject`. */
export function snoozesCovering<S extends SnoozeLike>(snoozes: readonly S[], ruleId: string, subject: string, now: number): S[] {
  return snoozes.filter(
    (s) => (s.ruleId === null || s.ruleId === ruleId) && (s.subject === null || s.subject === subject) && Date.parse(s.until) > now,
  );
}

/** Ending soonest first. */
export function sortSnoozes<S extends SnoozeLike>(snoozes: readonly S[]): S[] {
  return [...snoozes].sort((a, b) => Date.parse(a.until) - Date.parse(b.until) || a.id.localeCompare(b.id));
}
