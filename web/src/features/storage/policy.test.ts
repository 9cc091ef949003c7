import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkPolicyForm,
  describePolicy,
  EMPTY_POLICY_FORM,
  isEmptyPolicy,
  policyIssueField,
  policyRules,
  policyToForm,
  type PolicyFormValues,
} from './policy';
import { GB } from './units';

const tiers = [
  { id: 'local', name: 'hot', rank: 0 },
  { id: 't-nas', name: 'nas', rank: 1 },
  { id: 't-s3', name: 'archive', rank: 2 },
];
const form = (changes: Partial<PolicyFormValues>): PolicyFormValues => ({ ...EMPTY_POLICY_FORM, ...changes });
const NONE = { warmAfterDays: null, warmTierId: null, coldAfterDays: null, coldTierId: null, deleteAfterDays: null, quotaBytes: null };

describe('checkPolicyForm', () => {
  it('builds the API body: days as numbers, tiers by id, the quota in bytes, empty fields as null', () => {
    const r = checkPolicyForm(form({ warmAfterDays: '7', warmTierId: 't-nas', deleteAfterDays: '30', quotaGb: '250' }), tiers);
    assert.ok(r.ok);
    assert.deepEqual(r.body, { ...NONE, warmAfterDays: 7, warmTierId: 't-nas', deleteAfterDays: 30, quotaBytes: 250 * GB });
  });

  it('sends all nulls for an empty form (keep everything)', () => {
    const r = checkPolicyForm(EMPTY_POLICY_FORM, tiers);
    assert.ok(r.ok);
    assert.deepEqual(r.body, NONE);
  });

  it('needs both the age and the tier of a move', () => {
    const noTier = checkPolicyForm(form({ warmAfterDays: '7' }), tiers);
    assert.ok(!noTier.ok && noTier.errors.warmTierId);
    const noDays = checkPolicyForm(form({ coldTierId: 't-s3' }), tiers);
    assert.ok(!noDays.ok && noDays.errors.coldAfterDays);
  });

  it('refuses days that are not whole numbers from 1 to 36500', () => {
    for (const days of ['0', '-3', '1.5', 'week', '36501']) {
      const r = checkPolicyForm(form({ deleteAfterDays: days }), tiers);
      assert.ok(!r.ok && r.errors.deleteAfterDays, days);
    }
  });

  it('refuses a cold tier that is not colder than the warm one', () => {
    const r = checkPolicyForm(form({ warmAfterDays: '7', warmTierId: 't-s3', coldAfterDays: '30', coldTierId: 't-nas' }), tiers);
    assert.ok(!r.ok);
    assert.match(r.errors.coldTierId!, /colder/);
  });

  it('refuses moving footage to the hot tier, or to a tier that is gone', () => {
    const hot = checkPolicyForm(form({ warmAfterDays: '7', warmTierId: 'local' }), tiers);
    assert.ok(!hot.ok && /hot tier/.test(hot.errors.warmTierId!));
    const gone = checkPolicyForm(form({ warmAfterDays: '7', warmTierId: 'nope' }), tiers);
    assert.ok(!gone.ok && /no longer exists/.test(gone.errors.warmTierId!));
  });

  it('needs the ages to grow: warm, then cold, then delete', () => {
    const coldEarly = checkPolicyForm(form({ warmAfterDays: '30', warmTierId: 't-nas', coldAfterDays: '30', coldTierId: 't-s3' }), tiers);
    assert.ok(!coldEarly.ok && coldEarly.errors.coldAfterDays);
    const deleteEarly = checkPolicyForm(form({ warmAfterDays: '30', warmTierId: 't-nas', deleteAfterDays: '14' }), tiers);
    assert.ok(!deleteEarly.ok && /more than 30 days/.test(deleteEarly.errors.deleteAfterDays!));
    const fine = checkPolicyForm(
      form({ warmAfterDays: '7', warmTierId: 't-nas', coldAfterDays: '30', coldTierId: 't-s3', deleteAfterDays: '365' }),
      tiers,
    );
    assert.ok(fine.ok);
  });

  it('refuses a quota it cannot read', () => {
    const r = checkPolicyForm(form({ quotaGb: 'a lot' }), tiers);
    assert.ok(!r.ok && r.errors.quotaGb);
  });
});

describe('policyToForm and policyRules', () => {
  it('fills the form from an API answer and reads back to the same body', () => {
    const answer = {
      cameraId: null,
      inherited: false,
      warmAfterDays: 7,
      warmTierId: 't-nas',
      coldAfterDays: null,
      coldTierId: null,
      deleteAfterDays: 30,
      quotaBytes: 1_500_000_000,
    };
    const values = policyToForm(answer);
    assert.deepEqual(values, {
      warmAfterDays: '7',
      warmTierId: 't-nas',
      coldAfterDays: '',
      coldTierId: '',
      deleteAfterDays: '30',
      quotaGb: '1.5',
    });
    const r = checkPolicyForm(values, tiers);
    assert.ok(r.ok);
    assert.deepEqual(r.body, policyRules(answer));
  });

  it('starts empty without a policy', () => {
    assert.deepEqual(policyToForm(null), EMPTY_POLICY_FORM);
  });
});

describe('describePolicy', () => {
  const name = (id: string) => tiers.find((t) => t.id === id)?.name ?? null;

  it('says each rule in order', () => {
    assert.equal(
      describePolicy(
        {
          ...NONE,
          warmAfterDays: 7,
          warmTierId: 't-nas',
          coldAfterDays: 90,
          coldTierId: 't-s3',
          deleteAfterDays: 365,
          quotaBytes: 500 * GB,
        },
        name,
      ),
      'Warm after 7 days (nas) · Cold after 90 days (archive) · Delete after 365 days · Quota 500 GB per camera',
    );
    assert.equal(describePolicy({ ...NONE, deleteAfterDays: 1 }, name), 'Delete after 1 day');
  });

  it('says when a policy keeps everything', () => {
    assert.equal(isEmptyPolicy(NONE), true);
    assert.match(describePolicy(NONE, name), /Keeps everything/);
  });

  it('names a tier that is gone', () => {
    assert.match(describePolicy({ ...NONE, warmAfterDays: 7, warmTierId: 'x' }, name), /a removed tier/);
  });
});

describe('policyIssueField', () => {
  it('maps server issue paths to form fields', () => {
    assert.equal(policyIssueField('quotaBytes'), 'quotaGb');
    assert.equal(policyIssueField('coldTierId'), 'coldTierId');
    assert.equal(policyIssueField('cameraId'), null);
  });
});
