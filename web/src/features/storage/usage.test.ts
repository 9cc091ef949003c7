import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CameraUsage, StoragePass, StorageUsage } from './types';
import { GB } from './units';
import {
  belowFloor,
  cameraChart,
  collectProblems,
  sortCameraUsage,
  sortProblems,
  tierLegendLabel,
  toggleCameraSort,
  usageBar,
  type StorageProblem,
} from './usage';

const local = (bytes: number, freeBytes: number | null, floor: number | null, quotaBytes: number | null = null) => ({
  kind: 'local' as const,
  bytes,
  freeBytes,
  floorBytesResolved: floor,
  quotaBytes,
});

describe('usageBar', () => {
  it('measures a local tier without quota against its chunks plus free space, showing the floor', () => {
    const bar = usageBar(local(100 * GB, 300 * GB, 50 * GB))!;
    assert.equal(bar.basis, 'disk');
    assert.equal(bar.scaleBytes, 400 * GB);
    assert.deepEqual(
      bar.segments.map((s) => [s.kind, s.percent]),
      [
        ['used', 25],
        ['free', 62.5],
        ['floor', 12.5],
      ],
    );
    assert.equal(bar.usedPercent, 25);
    assert.equal(bar.tone, 'success');
    assert.equal(bar.summary, '100 GB used · 300 GB free (50 GB kept free)');
  });

  it('turns red when the free space is below the floor, and the floor segment shrinks to what is free', () => {
    const bar = usageBar(local(380 * GB, 20 * GB, 50 * GB))!;
    assert.equal(bar.tone, 'danger');
    assert.deepEqual(
      bar.segments.map((s) => [s.kind, s.percent]),
      [
        ['used', 95],
        ['floor', 5],
      ],
    );
    assert.equal(belowFloor({ freeBytes: 20 * GB, floorBytesResolved: 50 * GB }), true);
  });

  it('warns when little room is left above the floor', () => {
    assert.equal(usageBar(local(300 * GB, 60 * GB, 40 * GB))!.tone, 'warning');
    assert.equal(usageBar(local(950 * GB, 50 * GB, 0))!.tone, 'warning');
  });

  it('measures a tier with a quota against the quota', () => {
    const bar = usageBar({ ...local(45 * GB, 500 * GB, 10 * GB, 50 * GB) })!;
    assert.equal(bar.basis, 'quota');
    assert.equal(bar.usedPercent, 90);
    assert.equal(bar.tone, 'warning');
    assert.deepEqual(
      bar.segments.map((s) => [s.kind, s.percent]),
      [
        ['used', 90],
        ['free', 10],
      ],
    );
    assert.equal(bar.summary, '45 GB of 50 GB quota');
  });

  it('shows the excess of a tier over its quota', () => {
    const bar = usageBar({ kind: 's3', bytes: 120 * GB, quotaBytes: 100 * GB, freeBytes: null, floorBytesResolved: null })!;
    assert.equal(bar.tone, 'danger');
    assert.equal(bar.usedPercent, 120);
    assert.deepEqual(
      bar.segments.map((s) => [s.kind, Math.round(s.percent * 10) / 10]),
      [
        ['used', 83.3],
        ['over', 16.7],
      ],
    );
    assert.match(bar.summary, /20 GB over/);
  });

  it('has nothing to draw for an S3 tier without quota or an unreadable folder', () => {
    assert.equal(usageBar({ kind: 's3', bytes: 5, quotaBytes: null, freeBytes: null, floorBytesResolved: null }), null);
    assert.equal(usageBar(local(5, null, null)), null);
  });

  it('draws an empty disk without dividing by zero', () => {
    const bar = usageBar(local(0, 0, 0))!;
    assert.deepEqual(bar.segments, []);
    assert.equal(bar.usedPercent, 0);
  });
});

const tiers = [
  { id: 'local', name: 'hot', rank: 0 },
  { id: 't-nas', name: 'nas', rank: 1 },
  { id: 't-s3', name: 'archive', rank: 2 },
] as StorageUsage['tiers'];

const pass = (changes: Partial<StoragePass>): StoragePass => ({
  at: '2026-03-01T00:00:00.000Z',
  trigger: 'schedule',
  planned: 0,
  moved: 0,
  deleted: 0,
  failed: 0,
  deferred: 0,
  blocked: [],
  errors: [],
  durationMs: 5,
  ...changes,
});

describe('collectProblems', () => {
  const names = (id: string) => (id === 'cam-1' ? 'Lobby' : null);

  it('puts unreachable tiers and blocked space first, named, and failed actions after', () => {
    const problems = collectProblems(
      {
        tiers,
        problems: [
          { kind: 'quota-soon', tierId: null, message: 'something mild' },
          { kind: 'blocked', tierId: 'local', message: 'disk-floor: 5 MB cannot be freed (held footage)' },
          { kind: 'tier-unreachable', tierId: 't-s3', message: 'Tier archive is unreachable: connect ECONNREFUSED' },
        ],
        lastPass: pass({
          failed: 2,
          errors: ['move a: boom', 'move b: boom'],
          blocked: [{ tierId: 'local', cameraId: 'cam-1', reason: 'disk-floor', bytesNeeded: 5 * GB, why: 'held footage' }],
        }),
      },
      names,
    );
    assert.deepEqual(
      problems.map((p) => [p.kind, p.severity]),
      [
        ['tier-unreachable', 'danger'],
        ['blocked', 'danger'],
        ['pass-failed', 'warning'],
        ['quota-soon', 'warning'],
      ],
    );
    assert.equal(problems[0]!.title, 'Tier archive is unreachable');
    assert.equal(problems[0]!.message, 'Tier archive is unreachable: connect ECONNREFUSED');
    assert.equal(problems[1]!.title, 'Space cannot be freed on tier hot, camera Lobby');
    assert.match(problems[1]!.message, /below its free-space floor: 5\.0 GB should be freed.*held footage/);
    assert.deepEqual(problems[2]!.details, ['move a: boom', 'move b: boom']);
    assert.equal(problems[3]!.title, 'Quota soon');
  });

  it("keeps the server's blocked problems when the last pass isn't known", () => {
    const problems = collectProblems(
      { tiers, problems: [{ kind: 'blocked', tierId: 'local', message: 'disk-floor: 5 MB cannot be freed' }], lastPass: null },
      names,
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.severity, 'danger');
    assert.equal(problems[0]!.message, 'disk-floor: 5 MB cannot be freed');
  });

  it('has nothing to say when all is well', () => {
    assert.deepEqual(collectProblems({ tiers, problems: [], lastPass: pass({}) }, names), []);
  });
});

describe('sortProblems', () => {
  const p = (key: string, severity: StorageProblem['severity'], kind: string): StorageProblem => ({
    key,
    severity,
    kind,
    tierId: null,
    title: key,
    message: '',
    details: [],
  });

  it('orders by severity, then kind, and keeps the given order otherwise', () => {
    const sorted = sortProblems([
      p('a', 'warning', 'other'),
      p('b', 'danger', 'blocked'),
      p('c', 'warning', 'blocked'),
      p('d', 'danger', 'tier-unreachable'),
      p('e', 'danger', 'blocked'),
    ]);
    assert.deepEqual(
      sorted.map((x) => x.key),
      ['d', 'b', 'e', 'c', 'a'],
    );
  });
});

const cam = (cameraId: string, byTier: Record<string, number>, extra: Partial<CameraUsage> = {}): CameraUsage => ({
  cameraId,
  bytes: Object.values(byTier).reduce((a, b) => a + b, 0),
  chunks: 1,
  oldest: null,
  newest: null,
  tiers: byTier,
  ...extra,
});

describe('cameraChart', () => {
  it('stacks each camera hot to cold, scaled to the largest camera', () => {
    const chart = cameraChart(
      [cam('cam-2', { 't-s3': 10 * GB, local: 10 * GB }), cam('cam-1', { local: 20 * GB, 't-nas': 20 * GB })],
      tiers,
      (id) => (id === 'cam-1' ? 'Lobby' : null),
    );
    assert.equal(chart.maxBytes, 40 * GB);
    assert.deepEqual(
      chart.rows.map((r) => [r.name, r.segments.map((s) => [s.tierName, s.percent])]),
      [
        [
          'Lobby',
          [
            ['hot', 50],
            ['nas', 50],
          ],
        ],
        [
          'Camera cam-2',
          [
            ['hot', 25],
            ['archive', 25],
          ],
        ],
      ],
    );
  });

  it('shows bytes on a tier that no longer exists by its id, last', () => {
    const chart = cameraChart([cam('c', { gone: 5, local: 5 })], tiers, () => 'C');
    assert.deepEqual(
      chart.rows[0]!.segments.map((s) => s.tierName),
      ['hot', 'gone'],
    );
  });

  it('keeps the largest cameras and says how many are left out', () => {
    const many = Array.from({ length: 5 }, (_, i) => cam(`c${i}`, { local: (i + 1) * GB }));
    const chart = cameraChart(many, tiers, () => null, 3);
    assert.deepEqual(
      chart.rows.map((r) => r.cameraId),
      ['c4', 'c3', 'c2'],
    );
    assert.equal(chart.hidden, 2);
  });
});

describe('tierLegendLabel', () => {
  it('adds the role when the name does not say it', () => {
    assert.equal(tierLegendLabel({ name: 'hot', rank: 0 }), 'Hot');
    assert.equal(tierLegendLabel({ name: 'nas', rank: 1 }), 'nas (warm)');
  });
});

describe('camera table sorting', () => {
  const rows = [
    { ...cam('a', { local: 3 }), name: 'Alpha', chunks: 9, oldest: '2026-03-02T00:00:00.000Z' },
    { ...cam('b', { local: 7 }), name: 'bravo', chunks: 1, oldest: null },
    { ...cam('c', { local: 5 }), name: 'Charlie', chunks: 4, oldest: '2026-03-01T00:00:00.000Z' },
  ];

  it('sorts by size, chunks or name in either direction', () => {
    const ids = (field: Parameters<typeof sortCameraUsage>[1]['field'], direction: 'asc' | 'desc') =>
      sortCameraUsage(rows, { field, direction }).map((r) => r.cameraId);
    assert.deepEqual(ids('bytes', 'desc'), ['b', 'c', 'a']);
    assert.deepEqual(ids('bytes', 'asc'), ['a', 'c', 'b']);
    assert.deepEqual(ids('chunks', 'desc'), ['a', 'c', 'b']);
    assert.deepEqual(ids('name', 'asc'), ['a', 'b', 'c']);
  });

  it('puts cameras without footage dates last in both directions', () => {
    assert.deepEqual(
      sortCameraUsage(rows, { field: 'oldest', direction: 'asc' }).map((r) => r.cameraId),
      ['c', 'a', 'b'],
    );
    assert.deepEqual(
      sortCameraUsage(rows, { field: 'oldest', direction: 'desc' }).map((r) => r.cameraId),
      ['a', 'c', 'b'],
    );
  });

  it('flips the direction of the same column, and starts a new one sensibly', () => {
    assert.deepEqual(toggleCameraSort({ field: 'bytes', direction: 'desc' }, 'bytes'), { field: 'bytes', direction: 'asc' });
    assert.deepEqual(toggleCameraSort({ field: 'bytes', direction: 'desc' }, 'name'), { field: 'name', direction: 'asc' });
    assert.deepEqual(toggleCameraSort({ field: 'name', direction: 'asc' }, 'chunks'), { field: 'chunks', direction: 'desc' });
  });
});
