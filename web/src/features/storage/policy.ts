// Lifecycle policies: the policy form's text values ↔ the API body, checks that mirror the server's
// rules, and a one-line description of a policy.
import type { PolicyBody, StoragePolicy } from './types';
import { formatBytes, parseSize, toGbInput } from './units';

export interface PolicyFormValues {
  warmAfterDays: string;
  warmTierId: string;
  coldAfterDays: string;
  coldTierId: string;
  deleteAfterDays: string;
  quotaGb: string;
}

export type PolicyField = keyof PolicyFormValues;
export type PolicyErrors = Partial<Record<PolicyField, string>>;
/** The policy fields of an API answer or body (all present, nulls for "not set"). */
export type PolicyRules = Required<PolicyBody>;

export const MAX_DAYS = 36_500;

export const EMPTY_POLICY_FORM: PolicyFormValues = {
  warmAfterDays: '',
  warmTierId: '',
  coldAfterDays: '',
  coldTierId: '',
  deleteAfterDays: '',
  quotaGb: '',
};

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function policyToForm(policy: Partial<PolicyRules> | null | undefined): PolicyFormValues {
  if (!policy) return EMPTY_POLICY_FORM;
  return {
    warmAfterDays: text(policy.warmAfterDays),
    warmTierId: policy.warmTierId ?? '',
    coldAfterDays: text(policy.coldAfterDays),
    coldTierId: policy.coldTierId ?? '',
    deleteAfterDays: text(policy.deleteAfterDays),
    quotaGb: toGbInput(policy.quotaBytes),
  };
}

/** Just the rules of a policy answer (without cameraId / inherited), as a PUT body. */
export function policyRules(policy: StoragePolicy | PolicyRules): PolicyRules {
  return {
    warmAfterDays: policy.warmAfterDays,
    warmTierId: policy.warmTierId,
    coldAfterDays: policy.coldAfterDays,
    coldTierId: policy.coldTierId,
    deleteAfterDays: policy.deleteAfterDays,
    quotaBytes: policy.quotaBytes,
  };
}

function readDays(raw: string): { value: number | null; error?: string } {
  const t = raw.trim();
  if (t === '') return { value: null };
  if (!/^\d+$/.test(t)) return { value: null, error: 'Enter a whole number of days.' };
  const n = Number(t);
  if (n < 1 || n > MAX_DAYS) return { value: null, error: `From 1 to ${MAX_DAYS} days.` };
  return { value: n };
}

export type PolicyCheck = { ok: true; errors: PolicyErrors; body: PolicyRules } | { ok: false; errors: PolicyErrors };

/**
 * Checks the policy form against the rules the server applies and builds the PUT body: a move needs
 * both its age and its tier; footage never moves to the hot tier; cold is colder (higher rank) than
 * warm; ages grow warm < cold < delete. Empty fields mean "never" (and no quota).
 */
export function checkPolicyForm(values: PolicyFormValues, tiers: readonly { id: string; rank: number; name: string }[]): PolicyCheck {
  const errors: PolicyErrors = {};
  const warm = readDays(values.warmAfterDays);
  const cold = readDays(values.coldAfterDays);
  const del = readDays(values.deleteAfterDays);
  if (warm.error) errors.warmAfterDays = warm.error;
  if (cold.error) errors.coldAfterDays = cold.error;
  if (del.error) errors.deleteAfterDays = del.error;
  const quota = parseSize(values.quotaGb);
  if (!quota.ok) errors.quotaGb = quota.error;

  const tierOf = (id: string) => tiers.find((t) => t.id === id);
  for (const [step, daysField, tierField, days] of [
    ['warm', 'warmAfterDays', 'warmTierId', warm],
    ['cold', 'coldAfterDays', 'coldTierId', cold],
  ] as const) {
    const id = values[tierField];
    if (id !== '') {
      const tier = tierOf(id);
      if (!tier) errors[tierField] = 'This tier no longer exists: choose another.';
      else if (tier.rank <= 0) errors[tierField] = 'Footage cannot move to the hot tier: choose a colder one.';
      if (days.value === null && !days.error) errors[daysField] = `After how many days does footage move to the ${step} tier?`;
    } else if (days.value !== null) {
      errors[tierField] = `Choose the tier footage moves to after ${days.value} days.`;
    }
  }
  const warmTier = tierOf(values.warmTierId);
  const coldTier = tierOf(values.coldTierId);
  if (!errors.coldTierId && warmTier && coldTier && coldTier.rank <= warmTier.rank) {
    errors.coldTierId = `The cold tier must be colder (a higher rank) than ${warmTier.name}.`;
  }
  if (!errors.coldAfterDays && warm.value !== null && cold.value !== null && cold.value <= warm.value) {
    errors.coldAfterDays = `Must be more than the ${warm.value} days before the warm move.`;
  }
  const lastMove = Math.max(warm.value ?? 0, cold.value ?? 0);
  if (!errors.deleteAfterDays && del.value !== null && lastMove > 0 && del.value <= lastMove) {
    errors.deleteAfterDays = `Must be more than ${lastMove} days, after the moves.`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    errors,
    body: {
      warmAfterDays: warm.value,
      warmTierId: values.warmTierId || null,
      coldAfterDays: cold.value,
      coldTierId: values.coldTierId || null,
      deleteAfterDays: del.value,
      quotaBytes: quota.ok ? quota.bytes : null,
    },
  };
}

/** The form field that shows a server issue about a policy ("quotaBytes" → quotaGb). */
export function policyIssueField(path: string): PolicyField | null {
  const head = path.split('.')[0] ?? '';
  if (head === 'quotaBytes') return 'quotaGb';
  if (head === 'warmAfterDays' || head === 'warmTierId' || head === 'coldAfterDays' || head === 'coldTierId' || head === 'deleteAfterDays')
    return head;
  return null;
}

/** Whether a policy does anything at all. */
export function isEmptyPolicy(p: PolicyRules): boolean {
  return p.warmTierId === null && p.coldTierId === null && p.deleteAfterDays === null && p.quotaBytes === null;
}

/**
 * A policy in one line: "Warm after 7 days (nas) · Cold after 90 days (s3) · Delete after 365 days ·
 * Quota 500 GB", or "Keeps everything on the hot tier" when it sets nothing.
 */
export function describePolicy(p: PolicyRules, tierName: (id: string) => string | null): string {
  const parts: string[] = [];
  const name = (id: string) => tierName(id) ?? 'a removed tier';
  if (p.warmTierId !== null && p.warmAfterDays !== null) parts.push(`Warm after ${plural(p.warmAfterDays)} (${name(p.warmTierId)})`);
  if (p.coldTierId !== null && p.coldAfterDays !== null) parts.push(`Cold after ${plural(p.coldAfterDays)} (${name(p.coldTierId)})`);
  if (p.deleteAfterDays !== null) parts.push(`Delete after ${plural(p.deleteAfterDays)}`);
  if (p.quotaBytes !== null) parts.push(`Quota ${formatBytes(p.quotaBytes)} per camera`);
  return parts.length ? parts.join(' · ') : 'Keeps everything on the hot tier, without limit';
}

const plural = (days: number) => `${days} ${days === 1 ? 'day' : 'days'}`;
