// Legal holds: the create form's checks and body, and how a hold's range reads.
import { formatDateTime } from '../../lib/format';
import { parseLocalInput } from '../exports/range';
import type { CreateHoldBody, LegalHold } from './types';

export interface HoldFormValues {
  /** '' for every camera. */
  cameraId: string;
  from: string;
  to: string;
  reason: string;
}

export type HoldField = keyof HoldFormValues;
export type HoldErrors = Partial<Record<HoldField, string>>;

export const EMPTY_HOLD_FORM: HoldFormValues = { cameraId: '', from: '', to: '', reason: '' };
export const MAX_REASON = 500;

export type HoldCheck = { ok: true; errors: HoldErrors; body: Required<CreateHoldBody> } | { ok: false; errors: HoldErrors };

/** A reason is required; From and To are optional (open-ended), and To must come after From. */
export function checkHoldForm(values: HoldFormValues): HoldCheck {
  const errors: HoldErrors = {};
  const reason = values.reason.trim();
  if (reason === '') errors.reason = 'Say why the footage is held, e.g. a case or ticket number.';
  else if (reason.length > MAX_REASON) errors.reason = `At most ${MAX_REASON} characters.`;
  const from = values.from.trim() === '' ? null : parseLocalInput(values.from);
  const to = values.to.trim() === '' ? null : parseLocalInput(values.to);
  if (values.from.trim() !== '' && !from) errors.from = 'Enter a valid date and time, or leave empty.';
  if (values.to.trim() !== '' && !to) errors.to = 'Enter a valid date and time, or leave empty.';
  if (from && to && to.getTime() <= from.getTime()) errors.to = 'The end must be after the start.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    errors,
    body: {
      cameraId: values.cameraId === '' ? null : values.cameraId,
      from: from ? from.toISOString() : null,
      to: to ? to.toISOString() : null,
      reason,
    },
  };
}

/** "All footage", "From 1 Mar 2026, 09:00", "Until …", or "1 Mar … – 2 Mar …". */
export function describeHoldRange(hold: Pick<LegalHold, 'from' | 'to'>): string {
  if (hold.from && hold.to) return `${formatDateTime(hold.from)} – ${formatDateTime(hold.to)}`;
  if (hold.from) return `From ${formatDateTime(hold.from)} on`;
  if (hold.to) return `Until ${formatDateTime(hold.to)}`;
  return 'All footage';
}

/** Active holds first (newest first), then released ones (most recently released first). */
export function sortHolds(holds: readonly LegalHold[]): LegalHold[] {
  const time = (s: string | null) => (s ? Date.parse(s) : 0);
  return [...holds].sort((a, b) => {
    if (a.active !== b.active) return a.active ? -1 : 1;
    if (!a.active) return time(b.releasedAt) - time(a.releasedAt) || time(b.createdAt) - time(a.createdAt);
    return time(b.createdAt) - time(a.createdAt);
  });
}
