/**
 * Pure storage policy engine: which recorded chunk goes to which tier, or is deleted, and why.
 * Input in (tiers, policies, holds, chunks, the time), a list of actions out; no I/O, no clock.
 * The mover executes each action (copy → verify → update the index → delete the source).
 *
 * Rules (the tests pin them):
 * - Tiers are ordered by `rank` (0 = hot, where recording writes; higher = colder). "Colder" means a
 *   strictly greater rank. Nothing is ever moved to a tier of equal or lower rank.
 * - Only `complete` and `recovered` chunks are moved or deleted. `writing` (recording in progress),
 *   `corrupt` and `missing` are never touched (a person decides about the last two).
 * - A chunk is held when a hold of its camera (or a global one, cameraId null) overlaps its
 *   [startMs, endMs) (null bounds are open; a zero-length chunk counts as 1 ms long). Held chunks are
 *   never moved or deleted by any rule.
 * - A chunk on an unreachable (or unknown) tier is never moved or deleted: the mover could not read it.
 * - Each camera uses its own policy, else the default one (cameraId null), else none: the fields are
 *   not merged. With several policies for one camera the first in the input wins.
 * - "Older than N days" means `nowMs - endMs > N days` (a chunk that ended exactly N days ago stays).
 *
 * The rules run in this order; every rule sees the projected effect of the actions chosen before it
 * (used bytes, free bytes and per-camera bytes of every tier), and a chunk gets at most one action,
 * the first chosen: the age and camera-quota deletes are chosen before any move, so they win over it,
 * and the tier rules only take chunks that have no action yet.
 * 1. age, delete: older than `deleteAfterDays` → delete.
 * 2. camera-quota: while a camera's bytes on all tiers (every chunk but `missing` ones, minus those
 *    deleted above) exceed its `quotaBytes`, delete its oldest movable chunks (by startMs, then id).
 * 3. age, move (chunks not deleted above): older than `coldAfterDays` and on a warmer tier than the
 *    cold tier → move there; otherwise (or when that move cannot be made) older than `warmAfterDays`
 *    and on a warmer tier than the warm tier → move there. A move is made only when the target is
 *    reachable and has room ("room": its quota not exceeded and, for a local tier, its free bytes not
 *    pushed below its floor, by this move); otherwise the chunk waits and the target is reported as
 *    blocked ('tier unreachable', 'unknown tier', 'no room on tier'), once per tier.
 * 4. tier-quota / disk-floor, per reachable tier from hot to cold: a tier is over when its used bytes
 *    exceed its quota, or (local only, when free bytes are known) its free bytes are under its floor
 *    (reason 'disk-floor' while the floor is crossed, then 'tier-quota'). While it is over, take the
 *    oldest movable chunk without an action of the camera with the most bytes on that tier (recomputed
 *    after every pick; ties by camera id) and move it to the colder reachable tier of lowest rank with
 *    room, or delete it when no colder tier has room. When a colder tier is unreachable and no reachable
 *    one has room, nothing is deleted (that footage was meant to be kept): the tier is reported as
 *    blocked, 'colder tier unreachable'.
 * - A rule that still needs space when nothing movable is left reports it as blocked (with the bytes
 *   still needed): 'held footage' when held chunks remain, 'tier unreachable' when the rest sits on
 *   unreachable tiers, else 'nothing else to free'. Held chunks that age would move or delete are
 *   skipped without a report: that is what a hold is for.
 * - Actions are sorted by reason (disk-floor, tier-quota, camera-quota, age: most urgent first), then
 *   the chunk's startMs, then chunk id, and cut at `maxActions` (default 500); `deferred` counts the
 *   rest, which the next pass plans again from the real state. The order is independent of the order
 *   of the input lists. The projection assumes the whole plan runs: a move may count on room that a
 *   later action in the list frees, so the mover still checks real free space before it copies.
 * - Two tiers on the same file system are not known to share free space; each tier's freeBytes is
 *   projected on its own.
 */

export interface TierState {
  id: string;
  name: string;
  rank: number;
  kind: 'local' | 's3';
  quotaBytes: number | null;
  usedBytes: number;
  /** Local only. */
  freeBytes: number | null;
  /** Local only: keep at least this much free (already resolved from "5 %" or "10 GB"). */
  floorBytes: number | null;
  reachable: boolean;
}

export interface Policy {
  /** null = the default for cameras without their own policy. */
  cameraId: string | null;
  warmAfterDays: number | null;
  warmTierId: string | null;
  coldAfterDays: number | null;
  coldTierId: string | null;
  deleteAfterDays: number | null;
  /** Per camera, over all tiers. */
  quotaBytes: number | null;
}

export interface Hold {
  id: string;
  /** null = every camera. */
  cameraId: string | null;
  /** null = open-ended. */
  fromMs: number | null;
  toMs: number | null;
}

export type ChunkStateName = 'complete' | 'recovered' | 'writing' | 'corrupt' | 'missing';

export interface ChunkState {
  id: string;
  cameraId: string;
  tierId: string;
  startMs: number;
  endMs: number;
  bytes: number;
  state: ChunkStateName;
}

export type Reason = 'age' | 'camera-quota' | 'tier-quota' | 'disk-floor';

export type Action =
  | { kind: 'move'; chunkId: string; cameraId: string; fromTierId: string; toTierId: string; bytes: number; reason: Reason }
  | { kind: 'delete'; chunkId: string; cameraId: string; tierId: string; bytes: number; reason: Reason };

export type BlockedWhy =
  'held footage' | 'colder tier unreachable' | 'tier unreachable' | 'unknown tier' | 'no room on tier' | 'nothing else to free';

export interface Blocked {
  tierId: string | null;
  cameraId: string | null;
  reason: Reason;
  bytesNeeded: number;
  why: BlockedWhy;
}

export interface StoragePlanInput {
  nowMs: number;
  tiers: TierState[];
  policies: Policy[];
  holds: Hold[];
  chunks: ChunkState[];
  /** Default 500. */
  maxActions?: number;
  /**
   * Bytes per tier and camera (all chunks but `missing` ones). When given, camera totals and the
   * "fullest camera" come from it, and `chunks` may be just the candidates (e.g. the oldest chunks of
   * each camera on each tier) instead of the whole index.
   */
  usage?: { tierId: string; cameraId: string; bytes: number }[];
}

export interface StoragePlan {
  actions: Action[];
  blocked: Blocked[];
  /** Actions left out by the maxActions cap. */
  deferred: number;
}

export const DAY_MS = 86_400_000;
export const DEFAULT_MAX_ACTIONS = 500;

const REASON_ORDER: Record<Reason, number> = { 'disk-floor': 0, 'tier-quota': 1, 'camera-quota': 2, age: 3 };
const ACTIONABLE: ReadonlySet<ChunkStateName> = new Set(['complete', 'recovered']);

/** True when a hold of the chunk's camera, or a global one, overlaps the chunk's [startMs, endMs). */
export function isHeld(chunk: Pick<ChunkState, 'cameraId' | 'startMs' | 'endMs'>, holds: Hold[]): boolean {
  const end = Math.max(chunk.endMs, chunk.startMs + 1);
  return holds.some(
    (h) =>
      (h.cameraId === null || h.cameraId === chunk.cameraId) &&
      (h.toMs === null || chunk.startMs < h.toMs) &&
      (h.fromMs === null || end > h.fromMs),
  );
}

const byStartThenId = (a: ChunkState, b: ChunkState) => a.startMs - b.startMs || cmp(a.id, b.id);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Used/free bytes of every tier and bytes per camera, as they will be once the chosen actions ran. */
class Projection {
  private readonly used = new Map<string, number>();
  private readonly free = new Map<string, number | null>();
  private readonly cameraTotal = new Map<string, number>();
  private readonly cameraOnTier = new Map<string, number>();

  constructor(tiers: TierState[], chunks: ChunkState[], usage?: StoragePlanInput['usage']) {
    for (const t of tiers) {
      this.used.set(t.id, t.usedBytes);
      this.free.set(t.id, t.kind === 'local' ? t.freeBytes : null);
    }
    const sums =
      usage ?? chunks.filter((c) => c.state !== 'missing').map((c) => ({ tierId: c.tierId, cameraId: c.cameraId, bytes: c.bytes }));
    for (const u of sums) {
      this.add(this.cameraTotal, u.cameraId, u.bytes);
      this.add(this.cameraOnTier, key(u.tierId, u.cameraId), u.bytes);
    }
  }

  usedOf(tierId: string): number {
    return this.used.get(tierId) ?? 0;
  }

  freeOf(tierId: string): number | null {
    return this.free.get(tierId) ?? null;
  }

  totalOf(cameraId: string): number {
    return this.cameraTotal.get(cameraId) ?? 0;
  }

  onTier(tierId: string, cameraId: string): number {
    return this.cameraOnTier.get(key(tierId, cameraId)) ?? 0;
  }

  apply(a: Action): void {
    const b = a.bytes;
    const from = a.kind === 'move' ? a.fromTierId : a.tierId;
    this.shift(from, a.cameraId, -b);
    if (a.kind === 'move') this.shift(a.toTierId, a.cameraId, b);
    else this.add(this.cameraTotal, a.cameraId, -b);
  }

  private shift(tierId: string, cameraId: string, bytes: number): void {
    this.add(this.used, tierId, bytes);
    const free = this.free.get(tierId);
    if (free !== undefined && free !== null) this.free.set(tierId, free - bytes);
    this.add(this.cameraOnTier, key(tierId, cameraId), bytes);
  }

  private add(map: Map<string, number>, k: string, bytes: number): void {
    map.set(k, (map.get(k) ?? 0) + bytes);
  }
}

const key = (a: string, b: string) => `${a}\u0000${b}`;

export function planStorage(input: StoragePlanInput): StoragePlan {
  const { nowMs } = input;
  const tiers = [...input.tiers].sort((a, b) => a.rank - b.rank || cmp(a.id, b.id));
  const tierById = new Map(tiers.map((t) => [t.id, t]));
  const chunks = [...input.chunks].sort(byStartThenId);
  const held = new Set(chunks.filter((c) => isHeld(c, input.holds)).map((c) => c.id));
  const proj = new Projection(tiers, chunks, input.usage);
  const planned = new Map<string, { action: Action; startMs: number }>();
  const blockedByKey = new Map<string, Blocked>();

  const cameraIds = [...new Set(chunks.map((c) => c.cameraId))].sort(cmp);
  const policyOf = new Map<string, Policy | undefined>();
  const fallback = input.policies.find((p) => p.cameraId === null);
  for (const id of cameraIds) policyOf.set(id, input.policies.find((p) => p.cameraId === id) ?? fallback);

  const tierProblem = (tierId: string): 'unknown tier' | 'tier unreachable' | null => {
    const t = tierById.get(tierId);
    return !t ? 'unknown tier' : t.reachable ? null : 'tier unreachable';
  };
  const movable = (c: ChunkState) => ACTIONABLE.has(c.state) && !held.has(c.id) && tierProblem(c.tierId) === null;

  /** One entry per tier/camera, reason and cause; a chunk waiting for it is counted once. */
  const counted = new Set<string>();
  const block = (tierId: string | null, cameraId: string | null, reason: Reason, bytes: number, why: BlockedWhy, chunkId?: string) => {
    const k = [tierId, cameraId, reason, why].join('\u0000');
    if (chunkId !== undefined) {
      if (counted.has(key(k, chunkId))) return;
      counted.add(key(k, chunkId));
    }
    const b = blockedByKey.get(k);
    if (b) b.bytesNeeded += bytes;
    else blockedByKey.set(k, { tierId, cameraId, reason, bytesNeeded: bytes, why });
  };

  /** What is left when a rule still needs space: the first that applies names the cause. */
  const whyStuck = (rest: ChunkState[]): BlockedWhy => {
    const left = rest.filter((c) => !planned.has(c.id) && c.state !== 'missing');
    if (left.some((c) => held.has(c.id))) return 'held footage';
    if (left.some((c) => ACTIONABLE.has(c.state) && tierProblem(c.tierId) !== null)) return 'tier unreachable';
    return 'nothing else to free';
  };

  /** Every rule below only takes chunks without an action: one action per chunk. */
  const choose = (c: ChunkState, action: Action) => {
    proj.apply(action);
    planned.set(c.id, { action, startMs: c.startMs });
  };
  const del = (c: ChunkState, reason: Reason) =>
    choose(c, { kind: 'delete', chunkId: c.id, cameraId: c.cameraId, tierId: c.tierId, bytes: c.bytes, reason });
  const move = (c: ChunkState, to: TierState, reason: Reason) =>
    choose(c, { kind: 'move', chunkId: c.id, cameraId: c.cameraId, fromTierId: c.tierId, toTierId: to.id, bytes: c.bytes, reason });

  const hasRoom = (t: TierState, bytes: number): boolean => {
    if (t.quotaBytes !== null && proj.usedOf(t.id) + bytes > t.quotaBytes) return false;
    const free = proj.freeOf(t.id);
    return !(t.kind === 'local' && t.floorBytes !== null && free !== null && free - bytes < t.floorBytes);
  };

  const olderThan = (c: ChunkState, days: number | null) => days !== null && nowMs - c.endMs > days * DAY_MS;

  // 1. age: delete after the retention period.
  for (const c of chunks) {
    const policy = policyOf.get(c.cameraId);
    if (!policy || !ACTIONABLE.has(c.state) || held.has(c.id) || !olderThan(c, policy.deleteAfterDays)) continue;
    const problem = tierProblem(c.tierId);
    if (problem) block(c.tierId, null, 'age', c.bytes, problem, c.id);
    else del(c, 'age');
  }

  // 2. camera quota: the oldest first, counting the age deletes.
  for (const cameraId of cameraIds) {
    const quota = policyOf.get(cameraId)?.quotaBytes ?? null;
    if (quota === null || proj.totalOf(cameraId) <= quota) continue;
    const own = chunks.filter((c) => c.cameraId === cameraId);
    for (const c of own) {
      if (proj.totalOf(cameraId) <= quota) break;
      if (movable(c) && !planned.has(c.id)) del(c, 'camera-quota');
    }
    const over = proj.totalOf(cameraId) - quota;
    if (over > 0) block(null, cameraId, 'camera-quota', over, whyStuck(own));
  }

  // 3. age: move to cold, else to warm, never to a warmer tier.
  for (const c of chunks) {
    const policy = policyOf.get(c.cameraId);
    if (!policy || !ACTIONABLE.has(c.state) || held.has(c.id) || planned.has(c.id)) continue;
    const steps: [number | null, string | null][] = [
      [policy.coldAfterDays, policy.coldTierId],
      [policy.warmAfterDays, policy.warmTierId],
    ];
    for (const [days, targetId] of steps) {
      if (targetId === null || !olderThan(c, days)) continue;
      const source = tierById.get(c.tierId);
      const target = tierById.get(targetId);
      if (source && target && target.rank <= source.rank) continue;
      const sourceProblem = tierProblem(c.tierId);
      if (sourceProblem) {
        block(c.tierId, null, 'age', c.bytes, sourceProblem, c.id);
        break;
      }
      const targetProblem = tierProblem(targetId);
      if (targetProblem || !target) {
        block(targetId, null, 'age', c.bytes, targetProblem ?? 'unknown tier', c.id);
        continue;
      }
      if (!hasRoom(target, c.bytes)) {
        block(targetId, null, 'age', c.bytes, 'no room on tier', c.id);
        continue;
      }
      move(c, target, 'age');
      break;
    }
  }

  // 4. tier quota and disk floor, hot to cold: the fullest camera's oldest chunks go colder, or are deleted.
  for (const tier of tiers) {
    if (!tier.reachable) continue;
    const colder = tiers.filter((t) => t.rank > tier.rank);
    const here = chunks.filter((c) => c.tierId === tier.id);
    const queues = new Map<string, ChunkState[]>();
    for (const c of here) {
      if (!movable(c) || planned.has(c.id)) continue;
      const q = queues.get(c.cameraId);
      if (q) q.push(c);
      else queues.set(c.cameraId, [c]);
    }
    for (;;) {
      const need = pressure(tier, proj);
      if (!need) break;
      let fullest: string | null = null;
      for (const [cameraId, q] of queues) {
        if (q.length === 0) continue;
        const diff = fullest === null ? 1 : proj.onTier(tier.id, cameraId) - proj.onTier(tier.id, fullest);
        if (diff > 0 || (diff === 0 && cmp(cameraId, fullest!) < 0)) fullest = cameraId;
      }
      if (fullest === null) {
        block(tier.id, null, need.reason, need.bytes, whyStuck(here));
        break;
      }
      const c = queues.get(fullest)!.shift()!;
      const target = colder.find((t) => t.reachable && hasRoom(t, c.bytes));
      if (target) move(c, target, need.reason);
      else if (colder.some((t) => !t.reachable)) {
        block(tier.id, null, need.reason, need.bytes, 'colder tier unreachable');
        break;
      } else del(c, need.reason);
    }
  }

  const sorted = [...planned.values()].sort(
    (a, b) =>
      REASON_ORDER[a.action.reason] - REASON_ORDER[b.action.reason] || a.startMs - b.startMs || cmp(a.action.chunkId, b.action.chunkId),
  );
  const max = Math.max(0, Math.floor(input.maxActions ?? DEFAULT_MAX_ACTIONS));
  const blocked = [...blockedByKey.values()].sort(
    (a, b) =>
      REASON_ORDER[a.reason] - REASON_ORDER[b.reason] ||
      cmp(a.tierId ?? '', b.tierId ?? '') ||
      cmp(a.cameraId ?? '', b.cameraId ?? '') ||
      cmp(a.why, b.why),
  );
  return { actions: sorted.slice(0, max).map((p) => p.action), blocked, deferred: Math.max(0, sorted.length - max) };
}

/** How much a tier must free now, and under which rule; null when it is within its limits. */
function pressure(tier: TierState, proj: Projection): { reason: Reason; bytes: number } | null {
  const free = proj.freeOf(tier.id);
  const floorNeed = tier.kind === 'local' && tier.floorBytes !== null && free !== null ? tier.floorBytes - free : 0;
  const quotaNeed = tier.quotaBytes !== null ? proj.usedOf(tier.id) - tier.quotaBytes : 0;
  if (floorNeed > 0) return { reason: 'disk-floor', bytes: Math.max(floorNeed, quotaNeed) };
  if (quotaNeed > 0) return { reason: 'tier-quota', bytes: quotaNeed };
  return null;
}
