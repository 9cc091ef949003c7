// The Overview's arithmetic: a tier's usage bar, the problems list, and bytes per camera per tier.
import { rankLabel, sortTiers } from './tiers';
import type { BlockedEntry, CameraUsage, StorageUsage, UsageTier } from './types';
import { formatBytes } from './units';

export type BarTone = 'success' | 'warning' | 'danger' | 'neutral';

export interface BarSegment {
  kind: 'used' | 'over' | 'free' | 'floor';
  bytes: number;
  /** Share of the bar, 0–100. */
  percent: number;
}

export interface UsageBar {
  /** What the bar measures against: the quota, or (local, no quota) Argus's chunks plus the free space. */
  basis: 'quota' | 'disk';
  scaleBytes: number;
  segments: BarSegment[];
  /** Used bytes as a percentage of the quota or of the space Argus can use (may exceed 100). */
  usedPercent: number;
  tone: BarTone;
  /** One line under the bar: "12 GB of 100 GB quota", "12 GB used · 400 GB free (20 GB kept free)". */
  summary: string;
}

type BarInput = Pick<UsageTier, 'kind' | 'bytes' | 'quotaBytes' | 'freeBytes' | 'floorBytesResolved'>;

const share = (bytes: number, scale: number) => (scale > 0 ? Math.round((bytes / scale) * 10_000) / 100 : 0);

function segments(parts: [BarSegment['kind'], number][], scale: number): BarSegment[] {
  return parts.filter(([, bytes]) => bytes > 0).map(([kind, bytes]) => ({ kind, bytes, percent: share(bytes, scale) }));
}

/** The free disk space is below the floor the tier must keep free (local tiers). */
export function belowFloor(tier: Pick<UsageTier, 'freeBytes' | 'floorBytesResolved'>): boolean {
  return tier.freeBytes !== null && tier.floorBytesResolved !== null && tier.freeBytes < tier.floorBytesResolved;
}

/**
 * The usage bar of a tier. With a quota: used (and any excess) against the quota. A local tier
 * without one: Argus's chunks, the free space above the floor, and the floor (space kept free),
 * against chunks + free space (other files on the disk are not known). Null when there is nothing
 * to measure against (an S3 tier without quota, or a folder that can't be read).
 */
export function usageBar(tier: BarInput): UsageBar | null {
  const floorCrossed = tier.kind === 'local' && belowFloor(tier);
  if (tier.quotaBytes !== null) {
    const quota = tier.quotaBytes;
    const used = Math.min(tier.bytes, quota);
    const over = Math.max(0, tier.bytes - quota);
    const scale = Math.max(quota, tier.bytes);
    const ratio = quota > 0 ? tier.bytes / quota : tier.bytes > 0 ? Infinity : 0;
    const tone: BarTone = ratio >= 1 || floorCrossed ? 'danger' : ratio >= 0.9 ? 'warning' : 'success';
    return {
      basis: 'quota',
      scaleBytes: scale,
      segments: segments(
        [
          ['used', used],
          ['over', over],
          ['free', quota - used],
        ],
        scale,
      ),
      usedPercent: quota > 0 ? share(tier.bytes, quota) : tier.bytes > 0 ? 100 : 0,
      tone,
      summary: `${formatBytes(tier.bytes)} of ${formatBytes(quota)} quota${over > 0 ? ` (${formatBytes(over)} over)` : ''}`,
    };
  }
  if (tier.kind !== 'local' || tier.freeBytes === null) return null;
  const free = Math.max(0, tier.freeBytes);
  const floorWanted = Math.max(0, tier.floorBytesResolved ?? 0);
  const floor = Math.min(floorWanted, free);
  const scale = tier.bytes + free;
  const usedPercent = share(tier.bytes, scale);
  const tone: BarTone = floorCrossed ? 'danger' : free - floorWanted < Math.max(floorWanted, 0.1 * scale) ? 'warning' : 'success';
  return {
    basis: 'disk',
    scaleBytes: scale,
    segments: segments(
      [
        ['used', tier.bytes],
        ['free', free - floor],
        ['floor', floor],
      ],
      scale,
    ),
    usedPercent,
    tone,
    summary: `${formatBytes(tier.bytes)} used · ${formatBytes(free)} free${floorWanted > 0 ? ` (${formatBytes(floorWanted)} kept free)` : ''}`,
  };
}

// ---------------------------------------------------------------- problems

export interface StorageProblem {
  key: string;
  severity: 'danger' | 'warning';
  kind: string;
  tierId: string | null;
  title: string;
  message: string;
  details: string[];
}

const REASONS: Record<string, string> = {
  'disk-floor': 'The disk is below its free-space floor',
  'tier-quota': 'The tier is over its quota',
  'camera-quota': 'A camera is over its quota',
  age: 'Footage is past its retention age',
};

const KIND_ORDER: Record<string, number> = { 'tier-unreachable': 0, blocked: 1, 'pass-failed': 2 };

interface Names {
  tierName: (id: string) => string | null;
  cameraName: (id: string) => string | null;
}

function blockedProblem(b: BlockedEntry, i: number, names: Names): StorageProblem {
  const where = [
    b.tierId ? `tier ${names.tierName(b.tierId) ?? b.tierId}` : null,
    b.cameraId ? `camera ${names.cameraName(b.cameraId) ?? b.cameraId}` : null,
  ].filter(Boolean);
  const reason = REASONS[b.reason] ?? b.reason;
  return {
    key: `blocked-${i}-${b.tierId ?? ''}-${b.cameraId ?? ''}-${b.reason}`,
    severity: b.reason === 'disk-floor' || b.reason === 'tier-quota' ? 'danger' : 'warning',
    kind: 'blocked',
    tierId: b.tierId,
    title: `Space cannot be freed${where.length ? ` on ${where.join(', ')}` : ''}`,
    message: `${reason}: ${formatBytes(b.bytesNeeded)} should be freed, but the storage pass cannot (${b.why}).`,
    details: [],
  };
}

/**
 * Everything the Overview shows at the top, most urgent first: unreachable tiers, space the last
 * pass could not free (built from `lastPass.blocked`, named; the server's `blocked` problems say the
 * same with ids), failed actions of the last pass, then anything else the server reports.
 */
export function collectProblems(
  usage: Pick<StorageUsage, 'problems' | 'lastPass' | 'tiers'>,
  cameraName: Names['cameraName'],
): StorageProblem[] {
  const names: Names = { tierName: (id) => usage.tiers.find((t) => t.id === id)?.name ?? null, cameraName };
  const out: StorageProblem[] = [];
  const blocked = usage.lastPass?.blocked ?? [];
  usage.problems.forEach((p, i) => {
    if (p.kind === 'blocked' && blocked.length > 0) return;
    const unreachable = p.kind === 'tier-unreachable';
    out.push({
      key: `problem-${i}-${p.kind}-${p.tierId ?? ''}`,
      severity: unreachable || p.kind === 'blocked' ? 'danger' : 'warning',
      kind: p.kind,
      tierId: p.tierId,
      title: unreachable
        ? p.tierId
          ? `Tier ${names.tierName(p.tierId) ?? p.tierId} is unreachable`
          : 'A tier is unreachable'
        : p.kind === 'blocked'
          ? 'Space cannot be freed'
          : humanize(p.kind),
      message: p.message,
      details: [],
    });
  });
  blocked.forEach((b, i) => out.push(blockedProblem(b, i, names)));
  const pass = usage.lastPass;
  if (pass && pass.failed > 0) {
    out.push({
      key: 'pass-failed',
      severity: 'warning',
      kind: 'pass-failed',
      tierId: null,
      title: `${pass.failed} ${pass.failed === 1 ? 'action' : 'actions'} of the last storage pass failed`,
      message: 'They are tried again at the next pass.',
      details: pass.errors,
    });
  }
  return sortProblems(out);
}

/** Danger before warning; then unreachable tiers, blocked space, failed actions, the rest; stable otherwise. */
export function sortProblems(problems: readonly StorageProblem[]): StorageProblem[] {
  const rank = (p: StorageProblem) => KIND_ORDER[p.kind] ?? 9;
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => sev(a.p) - sev(b.p) || rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

const sev = (p: StorageProblem) => (p.severity === 'danger' ? 0 : 1);

function humanize(kind: string): string {
  const text = kind.replace(/[-_]+/g, ' ').trim();
  return text ? text[0]!.toUpperCase() + text.slice(1) : 'Problem';
}

// ---------------------------------------------------------------- cameras

export interface ChartSegment {
  tierId: string;
  tierName: string;
  rank: number;
  bytes: number;
  /** Width of the segment as a share of the largest camera's total, 0–100. */
  percent: number;
}

export interface ChartRow {
  cameraId: string;
  name: string;
  bytes: number;
  segments: ChartSegment[];
}

/**
 * Bytes per camera per tier for the stacked bars: cameras largest first (at most `limit`), each
 * bar's segments hot → cold, scaled so the largest camera fills the width. Tiers that are gone are
 * shown by id.
 */
export function cameraChart(
  cameras: readonly CameraUsage[],
  tiers: readonly { id: string; name: string; rank: number }[],
  cameraName: (id: string) => string | null,
  limit = 20,
): { rows: ChartRow[]; hidden: number; maxBytes: number } {
  const sorted = [...cameras].sort((a, b) => b.bytes - a.bytes || a.cameraId.localeCompare(b.cameraId));
  const shown = sorted.slice(0, limit);
  const maxBytes = shown.reduce((m, c) => Math.max(m, c.bytes), 0);
  const order = sortTiers(tiers);
  const rows = shown.map((c) => {
    const known = order.filter((t) => (c.tiers[t.id] ?? 0) > 0);
    const unknown = Object.keys(c.tiers)
      .filter((id) => !tiers.some((t) => t.id === id) && (c.tiers[id] ?? 0) > 0)
      .sort()
      .map((id) => ({ id, name: id, rank: 99 }));
    return {
      cameraId: c.cameraId,
      name: cameraName(c.cameraId) ?? `Camera ${c.cameraId}`,
      bytes: c.bytes,
      segments: [...known, ...unknown].map((t) => ({
        tierId: t.id,
        tierName: t.name,
        rank: t.rank,
        bytes: c.tiers[t.id]!,
        percent: share(c.tiers[t.id]!, maxBytes),
      })),
    };
  });
  return { rows, hidden: sorted.length - shown.length, maxBytes };
}

/** A CSS class for a tier's colour in the chart: by rank (hot, warm, cold, colder). */
export function tierColorClass(rank: number): string {
  return `tier-color-${Math.max(0, Math.min(rank, 3))}`;
}

/** The legend's label of a tier: "hot (Hot)" reads badly, so the name and, when it differs, the role. */
export function tierLegendLabel(tier: { name: string; rank: number }): string {
  const role = rankLabel(tier.rank);
  return tier.name.toLowerCase() === role.toLowerCase() ? role : `${tier.name} (${role.toLowerCase()})`;
}

export type CameraSortField = 'name' | 'bytes' | 'chunks' | 'oldest' | 'newest';

export interface CameraSort {
  field: CameraSortField;
  direction: 'asc' | 'desc';
}

/** Clicking a column: the same one flips direction; another starts descending (sizes, dates) or ascending (names). */
export function toggleCameraSort(current: CameraSort, field: CameraSortField): CameraSort {
  if (current.field === field) return { field, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { field, direction: field === 'name' ? 'asc' : 'desc' };
}

/** Cameras sorted by a column; missing dates go last either way, ties by name. */
export function sortCameraUsage<T extends CameraUsage & { name: string }>(rows: readonly T[], sort: CameraSort): T[] {
  const dir = sort.direction === 'asc' ? 1 : -1;
  const value = (r: T): number | string | null => {
    switch (sort.field) {
      case 'name':
        return r.name.toLowerCase();
      case 'bytes':
        return r.bytes;
      case 'chunks':
        return r.chunks;
      case 'oldest':
        return r.oldest ? Date.parse(r.oldest) : null;
      case 'newest':
        return r.newest ? Date.parse(r.newest) : null;
    }
  };
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      return (va < vb ? -1 : 1) * dir;
    }
    return a.name.localeCompare(b.name) || a.cameraId.localeCompare(b.cameraId);
  });
}
