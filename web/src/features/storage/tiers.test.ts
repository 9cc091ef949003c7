import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkTierForm,
  EMPTY_TIER_FORM,
  rankLabel,
  sortTiers,
  tierIssueField,
  tierLocation,
  tierToForm,
  type TierFormValues,
} from './tiers';
import type { StorageTier } from './types';
import { GB } from './units';

const base = { createdAt: '2026-03-01T00:00:00.000Z', updatedAt: '2026-03-01T00:00:00.000Z' };
const HOT: StorageTier = {
  ...base,
  id: 'local',
  name: 'hot',
  kind: 'local',
  rank: 0,
  builtIn: true,
  local: { path: '/var/lib/argus/recordings' },
  s3: null,
  quotaBytes: null,
  floorPercent: 5,
  floorBytes: null,
};
const NAS: StorageTier = { ...HOT, id: 't-nas', name: 'nas', rank: 1, builtIn: false, local: { path: '/mnt/nas' }, floorPercent: null };
const S3: StorageTier = {
  ...base,
  id: 't-s3',
  name: 'archive',
  kind: 's3',
  rank: 2,
  builtIn: false,
  local: null,
  s3: {
    endpoint: 'https://minio.lan:9000',
    region: 'us-east-1',
    bucket: 'argus',
    prefix: 'cams',
    accessKeyId: 'AKIA',
    forcePathStyle: true,
    hasSecret: true,
  },
  quotaBytes: 2e12,
  floorPercent: null,
  floorBytes: null,
};

const form = (changes: Partial<TierFormValues>): TierFormValues => ({ ...EMPTY_TIER_FORM, ...changes });

describe('rank names and tier order', () => {
  it('names ranks hot, warm, cold and colder', () => {
    assert.deepEqual([0, 1, 2, 3, 4].map(rankLabel), ['Hot', 'Warm', 'Cold', 'Cold 2', 'Cold 3']);
  });

  it('orders tiers hot to cold, then by name', () => {
    const sorted = sortTiers([S3, { ...NAS, name: 'zeta' }, HOT, NAS]);
    assert.deepEqual(
      sorted.map((t) => t.name),
      ['hot', 'nas', 'zeta', 'archive'],
    );
  });

  it('describes where a tier keeps its chunks', () => {
    assert.equal(tierLocation(NAS), '/mnt/nas');
    assert.equal(tierLocation(S3), 's3://argus/cams at minio.lan:9000');
    assert.equal(tierLocation({ ...S3, s3: { ...S3.s3!, endpoint: null, prefix: null } }), 's3://argus (AWS)');
  });
});

describe('checkTierForm for a new tier', () => {
  it('builds a local tier with its folder, quota and floor in bytes', () => {
    const r = checkTierForm(form({ name: ' nas ', path: '/mnt/nas', rank: '1', quotaGb: '500', floorPercent: '10', floorGb: '' }), null);
    assert.ok(r.ok);
    assert.deepEqual(r.create, {
      name: 'nas',
      kind: 'local',
      rank: 1,
      local: { path: '/mnt/nas' },
      quotaBytes: 500 * GB,
      floorPercent: 10,
      floorBytes: null,
    });
  });

  it('builds an S3 tier with its secret, and without floors', () => {
    const r = checkTierForm(
      form({
        kind: 's3',
        name: 'archive',
        rank: '2',
        endpoint: 'http://127.0.0.1:9000',
        region: '',
        bucket: 'argus-cold',
        prefix: '/cams/',
        accessKeyId: 'AKIA',
        secretAccessKey: 'shh',
        addressing: 'path',
        floorPercent: '10',
      }),
      null,
    );
    assert.ok(r.ok);
    assert.deepEqual(r.create, {
      name: 'archive',
      kind: 's3',
      rank: 2,
      s3: {
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        bucket: 'argus-cold',
        prefix: 'cams/',
        accessKeyId: 'AKIA',
        forcePathStyle: true,
        secretAccessKey: 'shh',
      },
      quotaBytes: null,
    });
  });

  it('names every missing or malformed field', () => {
    const local = checkTierForm(form({ name: '', path: 'mnt/nas', quotaGb: 'big', floorPercent: '95' }), null);
    assert.ok(!local.ok);
    assert.deepEqual(Object.keys(local.errors).sort(), ['floorPercent', 'name', 'path', 'quotaGb']);
    assert.match(local.errors.path!, /absolute/);

    const s3 = checkTierForm(form({ kind: 's3', name: '-bad', bucket: 'Not_A_Bucket', endpoint: 'ftp://x', accessKeyId: '' }), null);
    assert.ok(!s3.ok);
    assert.deepEqual(Object.keys(s3.errors).sort(), ['accessKeyId', 'bucket', 'endpoint', 'name', 'secretAccessKey']);
  });

  it('refuses the root folder', () => {
    const r = checkTierForm(form({ name: 'x', path: '/' }), null);
    assert.ok(!r.ok && /root/.test(r.errors.path!));
  });
});

describe('checkTierForm for an existing tier', () => {
  it('sends only what changed', () => {
    const values = { ...tierToForm(NAS), quotaGb: '250' };
    const r = checkTierForm(values, NAS);
    assert.ok(r.ok);
    assert.deepEqual(r.patch, { quotaBytes: 250 * GB });
  });

  it('sends nothing when nothing changed', () => {
    const r = checkTierForm(tierToForm(S3), S3);
    assert.ok(r.ok);
    assert.deepEqual(r.patch, {});
  });

  it('keeps the current S3 secret when its field is left empty, and sends the settings whole', () => {
    const r = checkTierForm({ ...tierToForm(S3), bucket: 'argus-2' }, S3);
    assert.ok(r.ok);
    assert.deepEqual(r.patch, {
      s3: {
        endpoint: 'https://minio.lan:9000',
        region: 'us-east-1',
        bucket: 'argus-2',
        prefix: 'cams',
        accessKeyId: 'AKIA',
        forcePathStyle: true,
      },
    });
    assert.ok(!('secretAccessKey' in r.patch!.s3!));
  });

  it('sends a new secret when one is typed', () => {
    const r = checkTierForm({ ...tierToForm(S3), secretAccessKey: 'new' }, S3);
    assert.ok(r.ok);
    assert.equal(r.patch!.s3!.secretAccessKey, 'new');
  });

  it('asks for a secret when the tier has none', () => {
    const r = checkTierForm(tierToForm(S3), { ...S3, s3: { ...S3.s3!, hasSecret: false } });
    assert.ok(!r.ok && r.errors.secretAccessKey);
  });

  it('changes only quota and floor of the built-in hot tier', () => {
    const values = { ...tierToForm(HOT), name: 'renamed', path: '/elsewhere', floorPercent: '', floorGb: '50' };
    const r = checkTierForm(values, HOT);
    assert.ok(r.ok);
    assert.deepEqual(r.patch, { floorPercent: null, floorBytes: 50 * GB });
  });

  it('starts the secret field empty and maps path-style addressing', () => {
    const values = tierToForm(S3);
    assert.equal(values.secretAccessKey, '');
    assert.equal(values.addressing, 'path');
    assert.equal(values.quotaGb, '2000');
  });
});

describe('tierIssueField', () => {
  it('puts server issues on the fields that show them', () => {
    assert.equal(tierIssueField('local.path'), 'path');
    assert.equal(tierIssueField('local'), 'path');
    assert.equal(tierIssueField('s3.secretAccessKey'), 'secretAccessKey');
    assert.equal(tierIssueField('s3.forcePathStyle'), 'addressing');
    assert.equal(tierIssueField('quotaBytes'), 'quotaGb');
    assert.equal(tierIssueField('floorBytes'), 'floorGb');
    assert.equal(tierIssueField('name'), 'name');
    assert.equal(tierIssueField('surprise'), null);
  });
});
