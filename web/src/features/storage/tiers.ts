// Storage tiers: what a rank is called, and the add/edit tier form (its text values, checks that
// mirror the server's, and the request bodies it sends).
import type { CreateTierBody, StorageTier, UpdateTierBody } from './types';
import { parseSize, toGbInput } from './units';

/** "Hot" (rank 0, the recordings folder), "Warm" (1), "Cold" (2), "Cold 2" (3)… */
export function rankLabel(rank: number): string {
  if (rank <= 0) return 'Hot';
  if (rank === 1) return 'Warm';
  if (rank === 2) return 'Cold';
  return `Cold ${rank - 1}`;
}

/** The ranks an added tier can take, with their names. */
export const RANK_OPTIONS: readonly { value: number; label: string }[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((rank) => ({
  value: rank,
  label: rank === 1 ? '1 · Warm' : rank === 2 ? '2 · Cold' : `${rank} · ${rankLabel(rank)} (colder)`,
}));

/** Where a tier keeps its chunks, in one line: the folder, or s3://bucket/prefix at the endpoint. */
export function tierLocation(tier: Pick<StorageTier, 'kind' | 'local' | 's3'>): string {
  if (tier.kind === 'local') return tier.local?.path ?? '—';
  if (!tier.s3) return '—';
  const prefix = tier.s3.prefix ? `/${tier.s3.prefix.replace(/^\/+/, '')}` : '';
  const host = tier.s3.endpoint ? ` at ${tier.s3.endpoint.replace(/^https?:\/\//, '').replace(/\/+$/, '')}` : ' (AWS)';
  return `s3://${tier.s3.bucket}${prefix}${host}`;
}

/** Tiers in the order footage flows: hot, warm, cold…, then by name. */
export function sortTiers<T extends { rank: number; name: string }>(tiers: readonly T[]): T[] {
  return [...tiers].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
}

export type Addressing = 'auto' | 'path' | 'virtual';

export interface TierFormValues {
  name: string;
  kind: 'local' | 's3';
  rank: string;
  path: string;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  /** Write-only: empty keeps the current secret of an existing tier. */
  secretAccessKey: string;
  addressing: Addressing;
  quotaGb: string;
  floorPercent: string;
  floorGb: string;
}

export type TierField = keyof TierFormValues;

export const EMPTY_TIER_FORM: TierFormValues = {
  name: '',
  kind: 'local',
  rank: '1',
  path: '',
  endpoint: '',
  region: 'us-east-1',
  bucket: '',
  prefix: '',
  accessKeyId: '',
  secretAccessKey: '',
  addressing: 'auto',
  quotaGb: '',
  floorPercent: '',
  floorGb: '',
};

const addressingOf = (forcePathStyle: boolean | null | undefined): Addressing =>
  forcePathStyle === true ? 'path' : forcePathStyle === false ? 'virtual' : 'auto';
const forcePathStyleOf = (addressing: Addressing): boolean | null =>
  addressing === 'path' ? true : addressing === 'virtual' ? false : null;

/** The form's values for an existing tier (the secret is never sent back, so its field starts empty). */
export function tierToForm(tier: StorageTier): TierFormValues {
  return {
    name: tier.name,
    kind: tier.kind,
    rank: String(tier.rank),
    path: tier.local?.path ?? '',
    endpoint: tier.s3?.endpoint ?? '',
    region: tier.s3?.region ?? 'us-east-1',
    bucket: tier.s3?.bucket ?? '',
    prefix: tier.s3?.prefix ?? '',
    accessKeyId: tier.s3?.accessKeyId ?? '',
    secretAccessKey: '',
    addressing: addressingOf(tier.s3?.forcePathStyle),
    quotaGb: toGbInput(tier.quotaBytes),
    floorPercent: tier.floorPercent === null ? '' : String(tier.floorPercent),
    floorGb: toGbInput(tier.floorBytes),
  };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9_-][A-Za-z0-9_./-]*$/;

export type TierErrors = Partial<Record<TierField, string>>;

export type TierCheck =
  | { ok: false; errors: TierErrors }
  | { ok: true; errors: TierErrors; create: CreateTierBody; patch: null }
  | { ok: true; errors: TierErrors; create: null; patch: UpdateTierBody };

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Checks the tier form like the server does and builds the request: the whole tier to create
 * (`existing` null), or only what changed on an existing one. The built-in hot tier changes only
 * its quota and floor. S3 settings go as one object (the server replaces them together); an empty
 * secret is left out, so the current one stays.
 */
export function checkTierForm(values: TierFormValues, existing: StorageTier | null): TierCheck {
  const errors: TierErrors = {};
  const builtIn = existing?.builtIn ?? false;
  const kind = existing?.kind ?? values.kind;
  const name = values.name.trim();

  if (!builtIn) {
    if (name === '') errors.name = 'Name the tier, e.g. “nas” or “archive”.';
    else if (name.length > 100) errors.name = 'At most 100 characters.';
    else if (!NAME.test(name)) errors.name = 'Use letters, digits, spaces and _ . - (starting with a letter or digit).';
  }
  const rank = Number(values.rank);
  if (!builtIn && !(Number.isInteger(rank) && rank >= 1 && rank <= 9)) errors.rank = 'Choose a rank from 1 (warm) to 9.';

  const path = values.path.trim();
  if (kind === 'local' && !builtIn) {
    if (path === '') errors.path = 'Enter the folder, e.g. /mnt/nas/argus.';
    else if (!path.startsWith('/')) errors.path = 'Use an absolute path (starting with /).';
    else if (/^\/+$/.test(path)) errors.path = 'Not the root folder: choose a dedicated folder.';
    else if (path.length > 1000) errors.path = 'At most 1000 characters.';
  }

  const endpoint = values.endpoint.trim();
  const bucket = values.bucket.trim();
  const prefix = values.prefix.trim().replace(/^\/+/, '');
  const accessKeyId = values.accessKeyId.trim();
  const region = values.region.trim() || 'us-east-1';
  if (kind === 's3') {
    if (endpoint !== '' && !isHttpUrl(endpoint)) errors.endpoint = 'Enter an http(s) URL, or leave empty for AWS S3.';
    if (bucket === '') errors.bucket = 'Enter the bucket name.';
    else if (!BUCKET.test(bucket)) errors.bucket = 'A bucket name is 3–63 lowercase letters, digits, dots and dashes.';
    if (prefix !== '' && (!PREFIX.test(prefix) || prefix.length > 200)) errors.prefix = 'Use letters, digits and _ . - / only.';
    if (region.length > 64) errors.region = 'At most 64 characters.';
    if (accessKeyId === '') errors.accessKeyId = 'Enter the access key ID.';
    const needsSecret = existing === null || !existing.s3?.hasSecret;
    if (needsSecret && values.secretAccessKey === '') errors.secretAccessKey = 'Enter the secret access key.';
  }

  const quota = parseSize(values.quotaGb);
  if (!quota.ok) errors.quotaGb = quota.error;
  let floorPercent: number | null = null;
  let floorBytes: number | null = null;
  if (kind === 'local') {
    const percentText = values.floorPercent.trim().replace(/\s*%$/, '');
    if (percentText !== '') {
      floorPercent = Number(percentText);
      if (!Number.isInteger(floorPercent) || floorPercent < 0 || floorPercent > 90) {
        errors.floorPercent = 'A whole percentage from 0 to 90.';
        floorPercent = null;
      }
    }
    const floor = parseSize(values.floorGb);
    if (!floor.ok) errors.floorGb = floor.error;
    else floorBytes = floor.bytes;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const quotaBytes = quota.ok ? quota.bytes : null;
  const s3 = {
    endpoint: endpoint === '' ? null : endpoint,
    region,
    bucket,
    prefix: prefix === '' ? null : prefix,
    accessKeyId,
    forcePathStyle: forcePathStyleOf(values.addressing),
    ...(values.secretAccessKey !== '' ? { secretAccessKey: values.secretAccessKey } : {}),
  };

  if (existing === null) {
    const create: CreateTierBody =
      kind === 'local' ? { name, kind, rank, local: { path }, quotaBytes, floorPercent, floorBytes } : { name, kind, rank, s3, quotaBytes };
    return { ok: true, errors, create, patch: null };
  }

  const patch: UpdateTierBody = {};
  if (!builtIn) {
    if (name !== existing.name) patch.name = name;
    if (rank !== existing.rank) patch.rank = rank;
    if (kind === 'local' && path !== existing.local?.path) patch.local = { path };
    if (kind === 's3') {
      const before = existing.s3;
      const changed =
        !before ||
        s3.endpoint !== before.endpoint ||
        s3.region !== before.region ||
        s3.bucket !== before.bucket ||
        s3.prefix !== before.prefix ||
        s3.accessKeyId !== before.accessKeyId ||
        s3.forcePathStyle !== before.forcePathStyle ||
        values.secretAccessKey !== '';
      if (changed) patch.s3 = s3;
    }
  }
  if (quotaBytes !== existing.quotaBytes) patch.quotaBytes = quotaBytes;
  if (kind === 'local') {
    if (floorPercent !== existing.floorPercent) patch.floorPercent = floorPercent;
    if (floorBytes !== existing.floorBytes) patch.floorBytes = floorBytes;
  }
  return { ok: true, errors, create: null, patch };
}

/** The form field that shows a server issue about a tier ("local.path" → path, "quotaBytes" → quotaGb). */
export function tierIssueField(path: string): TierField | null {
  const [head = '', sub] = path.split('.');
  switch (head) {
    case 'name':
    case 'kind':
    case 'rank':
    case 'floorPercent':
      return head;
    case 'quotaBytes':
      return 'quotaGb';
    case 'floorBytes':
      return 'floorGb';
    case 'local':
      return 'path';
    case 's3':
      if (sub === 'forcePathStyle') return 'addressing';
      if (
        sub === 'endpoint' ||
        sub === 'region' ||
        sub === 'bucket' ||
        sub === 'prefix' ||
        sub === 'accessKeyId' ||
        sub === 'secretAccessKey'
      )
        return sub;
      return 'bucket';
    default:
      return null;
  }
}
