import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Action,
  type Blocked,
  type ChunkState,
  type Hold,
  isHeld,
  planStorage,
  type Policy,
  type StoragePlanInput,
  type TierState,
} from './policy';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const GB = 1_000_000_000;

/** Tiers: hot (rank 0, local SSD), warm (rank 1, local HDD), cold (rank 2, S3); no limits unless given. */
const hot = (o: Partial<TierState> = {}): TierState => ({
  id: 'hot',
  name: 'SSD',
  rank: 0,
  kind: 'local',
  quotaBytes: null,
  usedBytes: 0,
  freeBytes: 500 * GB,
  floorBytes: null,
  reachable: true,
  ...o,
});
const warm = (o: Partial<TierState> = {}): TierState => hot({ id: 'warm', name: 'HDD', rank: 1, ...o });
const cold = (o: Partial<TierState> = {}): TierState =>
  hot({ id: 'cold', name: 'S3', rank: 2, kind: 's3', freeBytes: null, floorBytes: null, ...o });

/** The default policy (cameraId null) unless a camera is given; every rule off unless given. */
const policy = (o: Partial<Policy> = {}): Policy => ({
  cameraId: null,
  warmAfterDays: null,
  warmTierId: null,
  coldAfterDays: null,
  coldTierId: null,
  deleteAfterDays: null,
  quotaBytes: null,
  ...o,
});
const tiered = (o: Partial<Policy> = {}) => policy({ warmAfterDays: 7, warmTierId: 'warm', coldAfterDays: 30, coldTierId: 'cold', ...o });

/** A one-hour chunk that ended `endedDaysAgo` days before NOW. */
function chunk(
  id: string,
  endedDaysAgo: number,
  o: { cam?: string; tier?: string; gb?: number; state?: ChunkState['state'] } = {},
): ChunkState {
  const endMs = NOW - endedDaysAgo * DAY;
  return {
    id,
    cameraId: o.cam ?? 'cam-a',
    tierId: o.tier ?? 'hot',
    startMs: endMs - HOUR,
    endMs,
    bytes: (o.gb ?? 1) * GB,
    state: o.state ?? 'complete',
  };
}

const moved = (c: ChunkState, toTierId: string, reason: Action['reason']): Action => ({
  kind: 'move',
  chunkId: c.id,
  cameraId: c.cameraId,
  fromTierId: c.tierId,
  toTierId,
  bytes: c.bytes,
  reason,
});
const deleted = (c: ChunkState, reason: Action['reason']): Action => ({
  kind: 'delete',
  chunkId: c.id,
  cameraId: c.cameraId,
  tierId: c.tierId,
  bytes: c.bytes,
  reason,
});

const plan = (o: Partial<StoragePlanInput> & Pick<StoragePlanInput, 'tiers' | 'chunks'>) =>
  planStorage({ nowMs: NOW, policies: [], holds: [], ...o });

describe('planStorage: age', () => {
  it('keeps everything when no policy applies', () => {
    const chunks = [chunk('a1', 400), chunk('a2', 400, { tier: 'warm' }), chunk('b1', 400, { cam: 'cam-b' })];
    const result = plan({
      tiers: [hot(), warm(), cold()],
      policies: [policy({ cameraId: 'cam-other', deleteAfterDays: 1 })],
      chunks,
    });
    assert.deepEqual(result, { actions: [], blocked: [], deferred: 0 });
  });

  it('moves chunks older than 7 days to warm and older than 30 to cold', () => {
    const fresh = chunk('a1', 2);
    const week = chunk('a2', 8);
    const month = chunk('a3', 31);
    const warmMonth = chunk('a4', 40, { tier: 'warm' });
    const warmWeek = chunk('a5', 10, { tier: 'warm' });
    const coldOld = chunk('a6', 50, { tier: 'cold' });
    const result = plan({
      tiers: [hot(), warm(), cold()],
      policies: [tiered()],
      chunks: [fresh, week, month, warmMonth, warmWeek, coldOld],
    });
    assert.deepEqual(result, {
      actions: [moved(warmMonth, 'cold', 'age'), moved(month, 'cold', 'age'), moved(week, 'warm', 'age')],
      blocked: [],
      deferred: 0,
    });
  });

  it('a chunk that ended exactly 7 days ago is not older than 7 days', () => {
    const exactly = chunk('a1', 7);
    const justOver = { ...chunk('a2', 7), endMs: NOW - 7 * DAY - 1 };
    const result = plan({ tiers: [hot(), warm()], policies: [tiered()], chunks: [exactly, justOver] });
    assert.deepEqual(result.actions, [moved(justOver, 'warm', 'age')]);
  });

  it('deletes after the retention period, on any tier', () => {
    const hotOld = chunk('a1', 91);
    const coldOld = chunk('a2', 100, { tier: 'cold' });
    const warmAging = chunk('a3', 89, { tier: 'warm' });
    const result = plan({
      tiers: [hot(), warm(), cold()],
      policies: [tiered({ deleteAfterDays: 90 })],
      chunks: [hotOld, coldOld, warmAging],
    });
    assert.deepEqual(result.actions, [deleted(coldOld, 'age'), deleted(hotOld, 'age'), moved(warmAging, 'cold', 'age')]);
    assert.deepEqual(result.blocked, []);
  });

  it('never moves to a warmer tier', () => {
    // On cold, older than "warm after 7 days": stays. A policy whose cold tier is warmer than the chunk's: stays.
    const onCold = chunk('a1', 10, { tier: 'cold' });
    const onWarm = chunk('b1', 40, { cam: 'cam-b', tier: 'warm' });
    const result = plan({
      tiers: [hot(), warm(), cold()],
      policies: [tiered(), policy({ cameraId: 'cam-b', coldAfterDays: 30, coldTierId: 'hot' })],
      chunks: [onCold, onWarm],
    });
    assert.deepEqual(result, { actions: [], blocked: [], deferred: 0 });
  });

  it('a writing chunk is never touched, nor a corrupt or missing one', () => {
    const chunks = [
      chunk('a1', 100, { state: 'writing' }),
      chunk('a2', 100, { state: 'corrupt' }),
      chunk('a3', 100, { state: 'missing' }),
      chunk('a4', 100, { state: 'complete' }),
      chunk('a5', 100, { state: 'recovered' }),
    ];
    const result = plan({ tiers: [hot(), warm(), cold()], policies: [tiered({ deleteAfterDays: 30 })], chunks });
    assert.deepEqual(result.actions, [deleted(chunks[3]!, 'age'), deleted(chunks[4]!, 'age')]);
  });

  it('a camera with its own policy does not inherit the default one', () => {
    const a = chunk('a1', 40);
    const b = chunk('b1', 40, { cam: 'cam-b' });
    const result = plan({
      tiers: [hot(), warm(), cold()],
      policies: [policy({ deleteAfterDays: 30 }), policy({ cameraId: 'cam-b', warmAfterDays: 7, warmTierId: 'warm' })],
      chunks: [a, b],
    });
    assert.deepEqual(result.actions, [deleted(a, 'age'), moved(b, 'warm', 'age')]);
  });

  it('unreachable cold tier → blocked once for the tier, nothing moved there; old enough for warm still goes warm', () => {
    const hotOld = chunk('a1', 40);
    const warmOld = chunk('a2', 35, { tier: 'warm' });
    const onCold = chunk('a3', 100, { tier: 'cold' });
    const result = plan({
      tiers: [hot(), warm(), cold({ reachable: false })],
      policies: [tiered({ deleteAfterDays: 90 })],
      chunks: [hotOld, warmOld, onCold],
    });
    assert.deepEqual(result, {
      actions: [moved(hotOld, 'warm', 'age')],
      // a3 cannot be deleted there, a1 and a2 cannot go there: 3 GB wait for the tier.
      blocked: [{ tierId: 'cold', cameraId: null, reason: 'age', bytesNeeded: 3 * GB, why: 'tier unreachable' }],
      deferred: 0,
    });
  });

  it('a chunk on an unreachable tier is neither deleted nor moved, and its bytes are counted once', () => {
    const onWarm = chunk('a1', 100, { tier: 'warm' });
    const result = plan({
      tiers: [hot(), warm({ reachable: false }), cold()],
      policies: [tiered({ deleteAfterDays: 90 })],
      chunks: [onWarm],
    });
    assert.deepEqual(result, {
      actions: [],
      blocked: [{ tierId: 'warm', cameraId: null, reason: 'age', bytesNeeded: 1 * GB, why: 'tier unreachable' }],
      deferred: 0,
    });
  });

  it('an age move waits when the target has no room, and says so', () => {
    const a = chunk('a1', 10);
    const result = plan({ tiers: [hot(), warm({ quotaBytes: 2 * GB, usedBytes: 2 * GB })], policies: [tiered()], chunks: [a] });
    assert.deepEqual(result, {
      actions: [],
      blocked: [{ tierId: 'warm', cameraId: null, reason: 'age', bytesNeeded: 1 * GB, why: 'no room on tier' }],
      deferred: 0,
    });
  });

  it('a policy naming an unknown tier is reported, and the next rule still applies', () => {
    const a = chunk('a1', 40);
    const result = plan({ tiers: [hot(), warm()], policies: [tiered({ coldTierId: 'glacier' })], chunks: [a] });
    assert.deepEqual(result, {
      actions: [moved(a, 'warm', 'age')],
      blocked: [{ tierId: 'glacier', cameraId: null, reason: 'age', bytesNeeded: 1 * GB, why: 'unknown tier' }],
      deferred: 0,
    });
  });
});

describe('planStorage: camera quota', () => {
  it('camera quota deletes the oldest first, only for the camera over it', () => {
    const a = [chunk('a1', 5), chunk('a2', 4, { tier: 'warm' }), chunk('a3', 3), chunk('a4', 2), chunk('a5', 1)];
    const b = [chunk('b1', 9, { cam: 'cam-b' }), chunk('b2', 8, { cam: 'cam-b' })];
    const result = plan({
      tiers: [hot(), warm()],
      policies: [policy({ quotaBytes: 3 * GB })],
      chunks: [...a, ...b],
    });
    assert.deepEqual(result, {
      actions: [deleted(a[0]!, 'camera-quota'), deleted(a[1]!, 'camera-quota')],
      blocked: [],
      deferred: 0,
    });
  });

  it('with usage given, only the candidate chunks are needed: totals come from usage, not from the list', () => {
    // cam-a has 10 GB on hot, but only its two oldest chunks are passed in; cam-b has 1 GB.
    const a = [chunk('a1', 9), chunk('a2', 8)];
    const result = plan({
      tiers: [hot()],
      policies: [policy({ quotaBytes: 9 * GB })],
      chunks: [...a, chunk('b1', 7, { cam: 'cam-b' })],
      usage: [
        { tierId: 'hot', cameraId: 'cam-a', bytes: 10 * GB },
        { tierId: 'hot', cameraId: 'cam-b', bytes: 1 * GB },
      ],
    });
    assert.deepEqual(result, { actions: [deleted(a[0]!, 'camera-quota')], blocked: [], deferred: 0 });
  });

  it('a missing chunk does not count toward the camera quota; one on an unreachable tier does, but stays', () => {
    const gone = chunk('a1', 9, { state: 'missing', gb: 5 });
    const away = chunk('a2', 8, { tier: 'warm' });
    const a = [chunk('a3', 3), chunk('a4', 2), chunk('a5', 1)];
    const result = plan({
      tiers: [hot(), warm({ reachable: false })],
      policies: [policy({ quotaBytes: 3 * GB })],
      chunks: [gone, away, ...a],
    });
    assert.deepEqual(result, { actions: [deleted(a[0]!, 'camera-quota')], blocked: [], deferred: 0 });
  });

  it('camera quota over with only footage on an unreachable tier left: blocked, tier unreachable', () => {
    const away = [chunk('a1', 8, { tier: 'warm' }), chunk('a2', 7, { tier: 'warm' })];
    const result = plan({ tiers: [hot(), warm({ reachable: false })], policies: [policy({ quotaBytes: 1 * GB })], chunks: away });
    assert.deepEqual(result, {
      actions: [],
      blocked: [{ tierId: null, cameraId: 'cam-a', reason: 'camera-quota', bytesNeeded: 1 * GB, why: 'tier unreachable' }],
      deferred: 0,
    });
  });

  it('camera quota counts the age deletes already chosen', () => {
    const a = [chunk('a1', 5), chunk('a2', 4), chunk('a3', 3), chunk('a4', 2), chunk('a5', 1)];
    const result = plan({ tiers: [hot()], policies: [policy({ deleteAfterDays: 4.5, quotaBytes: 3 * GB })], chunks: a });
    assert.deepEqual(result.actions, [deleted(a[1]!, 'camera-quota'), deleted(a[0]!, 'age')]);
  });

  it('delete wins over move for the same chunk', () => {
    // a1 and a2 are old enough for cold; the camera is 1 GB over its quota: a1, the oldest, is deleted instead.
    const a1 = chunk('a1', 40);
    const a2 = chunk('a2', 35);
    const a3 = chunk('a3', 1);
    const result = plan({ tiers: [hot(), warm(), cold()], policies: [tiered({ quotaBytes: 2 * GB })], chunks: [a1, a2, a3] });
    assert.deepEqual(result.actions, [deleted(a1, 'camera-quota'), moved(a2, 'cold', 'age')]);
  });
});

describe('planStorage: tier quota and disk floor', () => {
  it("disk floor on hot moves the fullest camera's oldest chunks to warm, recomputed after each pick", () => {
    // Need 3 GB. cam-a has 4 GB on hot, cam-b 3 GB (older footage). Picks: a (4 > 3), a (3 = 3, tie by id), b (2 < 3).
    const a = [chunk('a1', 3), chunk('a2', 2.5), chunk('a3', 2), chunk('a4', 1.5)];
    const b = [chunk('b1', 6, { cam: 'cam-b' }), chunk('b2', 5, { cam: 'cam-b' }), chunk('b3', 4, { cam: 'cam-b' })];
    const result = plan({
      tiers: [hot({ usedBytes: 7 * GB, freeBytes: 7 * GB, floorBytes: 10 * GB }), warm()],
      chunks: [...a, ...b],
    });
    assert.deepEqual(result, {
      actions: [moved(b[0]!, 'warm', 'disk-floor'), moved(a[0]!, 'warm', 'disk-floor'), moved(a[1]!, 'warm', 'disk-floor')],
      blocked: [],
      deferred: 0,
    });
  });

  it('disk floor with no colder tier deletes the oldest of the fullest camera', () => {
    const a = [chunk('a1', 3), chunk('a2', 2), chunk('a3', 1)];
    const b1 = chunk('b1', 10, { cam: 'cam-b' });
    const result = plan({ tiers: [hot({ usedBytes: 4 * GB, freeBytes: 8 * GB, floorBytes: 10 * GB })], chunks: [...a, b1] });
    assert.deepEqual(result.actions, [deleted(a[0]!, 'disk-floor'), deleted(a[1]!, 'disk-floor')]);
  });

  it('colder tier full → delete instead of move', () => {
    const a = [chunk('a1', 6), chunk('a2', 5), chunk('a3', 4), chunk('a4', 3), chunk('a5', 2), chunk('a6', 1)];
    const result = plan({
      tiers: [hot({ quotaBytes: 5 * GB, usedBytes: 6 * GB }), warm({ quotaBytes: 10 * GB, usedBytes: 10 * GB })],
      chunks: a,
    });
    assert.deepEqual(result.actions, [deleted(a[0]!, 'tier-quota')]);
  });

  it('a full warm tier is skipped: the chunk goes to the next colder tier with room', () => {
    const a = [chunk('a1', 2), chunk('a2', 1)];
    const result = plan({
      tiers: [
        hot({ quotaBytes: 1 * GB, usedBytes: 2 * GB }),
        warm({ usedBytes: 9.5 * GB, freeBytes: 10.5 * GB, floorBytes: 10 * GB }),
        cold(),
      ],
      chunks: a,
    });
    assert.deepEqual(result.actions, [moved(a[0]!, 'cold', 'tier-quota')]);
  });

  it('a local tier over both its floor and its quota: disk-floor while the floor is crossed, then tier-quota', () => {
    const a = [chunk('a1', 5), chunk('a2', 4), chunk('a3', 3), chunk('a4', 2)];
    const result = plan({
      tiers: [hot({ quotaBytes: 1 * GB, usedBytes: 4 * GB, freeBytes: 9 * GB, floorBytes: 10 * GB }), warm()],
      chunks: a,
    });
    assert.deepEqual(result.actions, [
      moved(a[0]!, 'warm', 'disk-floor'),
      moved(a[1]!, 'warm', 'tier-quota'),
      moved(a[2]!, 'warm', 'tier-quota'),
    ]);
  });

  it('an S3 tier has only its quota: over it, its oldest chunks are deleted', () => {
    const c = [chunk('c1', 50, { tier: 'cold' }), chunk('c2', 40, { tier: 'cold' }), chunk('c3', 30, { tier: 'cold' })];
    const result = plan({
      tiers: [hot(), cold({ quotaBytes: 1 * GB, usedBytes: 3 * GB, freeBytes: 0, floorBytes: 10 * GB })],
      chunks: c,
    });
    assert.deepEqual(result.actions, [deleted(c[0]!, 'tier-quota'), deleted(c[1]!, 'tier-quota')]);
  });

  it('a tier of the same rank is not colder: nothing moves sideways', () => {
    const a = [chunk('a1', 2), chunk('a2', 1)];
    const result = plan({
      tiers: [hot({ quotaBytes: 1 * GB, usedBytes: 2 * GB }), hot({ id: 'hot2', name: 'second SSD' })],
      chunks: a,
    });
    assert.deepEqual(result.actions, [deleted(a[0]!, 'tier-quota')]);
  });

  it('an unreachable tier over its quota is left alone: its numbers are stale and it cannot be read', () => {
    const result = plan({
      tiers: [hot(), cold({ quotaBytes: 1 * GB, usedBytes: 2 * GB, reachable: false })],
      chunks: [chunk('c1', 50, { tier: 'cold' }), chunk('c2', 40, { tier: 'cold' })],
    });
    assert.deepEqual(result, { actions: [], blocked: [], deferred: 0 });
  });

  it('projected effects: just enough is freed, not more', () => {
    // Hot needs 4 GB. Age frees 2 (a1 deleted, a2 to warm); warm has room for 2 GB above its floor.
    // Pressure: a3 to warm (warm reaches its floor), a4 deleted (no colder tier with room). a5 stays.
    const a = [chunk('a1', 40), chunk('a2', 10), chunk('a3', 5), chunk('a4', 4), chunk('a5', 3)];
    const result = plan({
      tiers: [hot({ usedBytes: 5 * GB, freeBytes: 6 * GB, floorBytes: 10 * GB }), warm({ freeBytes: 12 * GB, floorBytes: 10 * GB })],
      policies: [policy({ warmAfterDays: 7, warmTierId: 'warm', deleteAfterDays: 30 })],
      chunks: a,
    });
    assert.deepEqual(result, {
      actions: [moved(a[2]!, 'warm', 'disk-floor'), deleted(a[3]!, 'disk-floor'), deleted(a[0]!, 'age'), moved(a[1]!, 'warm', 'age')],
      blocked: [],
      deferred: 0,
    });
  });

  it('a colder tier that is unreachable: nothing is deleted, the tier is reported blocked', () => {
    const a = [chunk('a1', 2), chunk('a2', 1)];
    const result = plan({
      tiers: [
        hot({ usedBytes: 2 * GB, freeBytes: 9 * GB, floorBytes: 10 * GB }),
        warm({ quotaBytes: 5 * GB, usedBytes: 5 * GB }),
        cold({ reachable: false }),
      ],
      chunks: a,
    });
    assert.deepEqual(result, {
      actions: [],
      blocked: [{ tierId: 'hot', cameraId: null, reason: 'disk-floor', bytesNeeded: 1 * GB, why: 'colder tier unreachable' }],
      deferred: 0,
    });
  });

  it('a tier with only a recording chunk left is reported: nothing else to free', () => {
    const result = plan({
      tiers: [hot({ usedBytes: 3 * GB, freeBytes: 5 * GB, floorBytes: 10 * GB })],
      chunks: [chunk('a1', 0, { state: 'writing', gb: 3 })],
    });
    assert.deepEqual(result, {
      actions: [],
      blocked: [{ tierId: 'hot', cameraId: null, reason: 'disk-floor', bytesNeeded: 5 * GB, why: 'nothing else to free' }],
      deferred: 0,
    });
  });
});

describe('planStorage: holds', () => {
  it('held footage is skipped and reported as blocked when only held footage remains', () => {
    // a1 and a2 are held (and past retention: skipped without a report). The camera is 2 GB over its quota
    // and hot 2 GB under its floor: a3, the only free chunk, goes; the rest is blocked by the hold.
    const a = [chunk('a1', 10), chunk('a2', 9), chunk('a3', 0.5)];
    const hold: Hold = { id: 'h1', cameraId: 'cam-a', fromMs: NOW - 11 * DAY, toMs: NOW - 8 * DAY };
    const result = plan({
      tiers: [hot({ usedBytes: 3 * GB, freeBytes: 8 * GB, floorBytes: 10 * GB })],
      policies: [policy({ deleteAfterDays: 1, quotaBytes: 1 * GB })],
      holds: [hold],
      chunks: a,
    });
    assert.deepEqual(result, {
      actions: [deleted(a[2]!, 'camera-quota')],
      blocked: [
        { tierId: 'hot', cameraId: null, reason: 'disk-floor', bytesNeeded: 1 * GB, why: 'held footage' },
        { tierId: null, cameraId: 'cam-a', reason: 'camera-quota', bytesNeeded: 1 * GB, why: 'held footage' },
      ],
      deferred: 0,
    });
  });

  it('a global hold with an open range holds every camera from its start on', () => {
    const from = NOW - 20 * DAY;
    const before = [chunk('a1', 30), chunk('b1', 30, { cam: 'cam-b' })];
    const endsAtHoldStart = { ...chunk('a2', 25), endMs: from };
    const inside = [chunk('a3', 15), chunk('b3', 15, { cam: 'cam-b' })];
    const result = plan({
      tiers: [hot()],
      policies: [policy({ deleteAfterDays: 10 })],
      holds: [{ id: 'h1', cameraId: null, fromMs: from, toMs: null }],
      chunks: [...before, endsAtHoldStart, ...inside],
    });
    assert.deepEqual(result.actions, [deleted(before[0]!, 'age'), deleted(before[1]!, 'age'), deleted(endsAtHoldStart, 'age')]);
  });

  it('held chunks are not moved by age either', () => {
    const a = chunk('a1', 40);
    const result = plan({
      tiers: [hot(), warm(), cold()],
      policies: [tiered()],
      holds: [{ id: 'h1', cameraId: 'cam-a', fromMs: null, toMs: null }],
      chunks: [a],
    });
    assert.deepEqual(result, { actions: [], blocked: [], deferred: 0 });
  });
});

describe('planStorage: order', () => {
  it('deterministic order and maxActions cap', () => {
    // Hot needs 3 GB; the age deletes x1 and x2 (same start: by id) free 2, then y goes for the floor.
    const x2 = chunk('x2', 40);
    const x1 = chunk('x1', 40);
    const y = chunk('y', 5);
    const z = chunk('z', 1);
    const input = {
      tiers: [hot({ usedBytes: 4 * GB, freeBytes: 7 * GB, floorBytes: 10 * GB })],
      policies: [policy({ deleteAfterDays: 30 })],
    };
    const expected: Action[] = [deleted(y, 'disk-floor'), deleted(x1, 'age'), deleted(x2, 'age')];
    assert.deepEqual(plan({ ...input, chunks: [x2, x1, y, z] }), { actions: expected, blocked: [], deferred: 0 });
    assert.deepEqual(plan({ ...input, chunks: [z, y, x1, x2] }), { actions: expected, blocked: [], deferred: 0 });
    assert.deepEqual(plan({ ...input, chunks: [z, y, x1, x2], maxActions: 2 }), {
      actions: expected.slice(0, 2),
      blocked: [],
      deferred: 1,
    });
  });

  it('the default cap is 500 actions per pass', () => {
    const chunks = Array.from({ length: 501 }, (_, i) => chunk(`a${String(i).padStart(3, '0')}`, 40 + i / 1000));
    const result = plan({ tiers: [hot()], policies: [policy({ deleteAfterDays: 30 })], chunks });
    assert.equal(result.actions.length, 500);
    assert.equal(result.deferred, 1);
    assert.equal(result.actions[0]!.chunkId, 'a500');
  });

  it('blocked entries are sorted by reason, then tier, then camera', () => {
    // cam-a and cam-b are over their quota with held footage only; c1 wants cold (full) then warm
    // (unreachable); hot under its floor could only send c1 to those two.
    const lastDay = NOW - DAY;
    const result = plan({
      tiers: [
        hot({ usedBytes: 5 * GB, freeBytes: 9 * GB, floorBytes: 10 * GB }),
        warm({ reachable: false }),
        cold({ quotaBytes: 1 * GB, usedBytes: 1 * GB }),
      ],
      policies: [tiered({ quotaBytes: 1 * GB })],
      holds: [
        { id: 'hb', cameraId: 'cam-b', fromMs: lastDay, toMs: null },
        { id: 'ha', cameraId: 'cam-a', fromMs: lastDay, toMs: null },
      ],
      chunks: [
        chunk('b1', 0.5, { cam: 'cam-b' }),
        chunk('b2', 0.4, { cam: 'cam-b' }),
        chunk('a1', 0.5),
        chunk('a2', 0.4),
        chunk('c1', 40, { cam: 'cam-c' }),
      ],
    });
    const expected: Blocked[] = [
      { tierId: 'hot', cameraId: null, reason: 'disk-floor', bytesNeeded: 1 * GB, why: 'colder tier unreachable' },
      { tierId: null, cameraId: 'cam-a', reason: 'camera-quota', bytesNeeded: 1 * GB, why: 'held footage' },
      { tierId: null, cameraId: 'cam-b', reason: 'camera-quota', bytesNeeded: 1 * GB, why: 'held footage' },
      { tierId: 'cold', cameraId: null, reason: 'age', bytesNeeded: 1 * GB, why: 'no room on tier' },
      { tierId: 'warm', cameraId: null, reason: 'age', bytesNeeded: 1 * GB, why: 'tier unreachable' },
    ];
    assert.deepEqual(result, { actions: [], blocked: expected, deferred: 0 });
  });
});

describe('isHeld', () => {
  const c = { cameraId: 'cam-a', startMs: 1000, endMs: 2000 };
  const hold = (o: Partial<Hold>): Hold => ({ id: 'h', cameraId: 'cam-a', fromMs: null, toMs: null, ...o });

  it('a hold of the camera overlapping [startMs, endMs) holds the chunk', () => {
    assert.equal(isHeld(c, [hold({ fromMs: 1500, toMs: 1600 })]), true);
    assert.equal(isHeld(c, [hold({ fromMs: 0, toMs: 1001 })]), true);
    assert.equal(isHeld(c, [hold({ fromMs: 1999, toMs: null })]), true);
  });

  it('the range is half-open: touching at either end does not hold', () => {
    assert.equal(isHeld(c, [hold({ fromMs: 0, toMs: 1000 })]), false);
    assert.equal(isHeld(c, [hold({ fromMs: 2000, toMs: 3000 })]), false);
  });

  it("another camera's hold does not hold the chunk; a global one does", () => {
    assert.equal(isHeld(c, [hold({ cameraId: 'cam-b' })]), false);
    assert.equal(isHeld(c, [hold({ cameraId: null })]), true);
    assert.equal(isHeld(c, []), false);
  });

  it('a zero-length chunk is held when its start lies in the hold', () => {
    const point = { cameraId: 'cam-a', startMs: 1000, endMs: 1000 };
    assert.equal(isHeld(point, [hold({ fromMs: 1000, toMs: 1001 })]), true);
    assert.equal(isHeld(point, [hold({ fromMs: 1001, toMs: null })]), false);
  });
});
