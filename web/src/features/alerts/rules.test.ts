import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  changeKind,
  checkRuleForm,
  describeCondition,
  describeScope,
  emptyRuleForm,
  inQuietHours,
  parseNumberInput,
  ruleIssueField,
  ruleToBody,
  ruleToForm,
  type RuleFormValues,
  type RuleLike,
} from './rules';

const form = (over: Partial<RuleFormValues> = {}): RuleFormValues => ({ ...emptyRuleForm('Europe/Berlin'), name: 'Gate offline', ...over });

const saved: RuleLike = {
  id: 'r1',
  name: 'Low fps',
  kind: 'fps_below',
  threshold: 10,
  clearThreshold: 12,
  forSeconds: 60,
  clearForSeconds: 10,
  severity: 'critical',
  scope: { type: 'group', cameraIds: ['c1', 'c2'] },
  quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' },
  channelIds: ['ch1'],
  enabled: true,
};

describe('checkRuleForm', () => {
  it('builds the body of a camera-offline rule (no threshold) for one camera', () => {
    const check = checkRuleForm(form({ scopeType: 'camera', cameraId: 'c1', forSeconds: '3', severity: 'critical' }));
    assert.ok(check.ok, JSON.stringify(check.errors));
    assert.deepEqual(check.body, {
      name: 'Gate offline',
      kind: 'camera_offline',
      threshold: null,
      clearThreshold: null,
      forSeconds: 3,
      clearForSeconds: 10,
      severity: 'critical',
      scope: { type: 'camera', cameraId: 'c1' },
      quietHours: null,
      channelIds: [],
      enabled: true,
    });
  });

  it('requires a name, a threshold for comparing kinds, and whole seconds', () => {
    const check = checkRuleForm(form({ name: ' ', kind: 'fps_below', threshold: '', forSeconds: '1.5', clearForSeconds: '-1' }));
    assert.equal(check.ok, false);
    assert.deepEqual(Object.keys(check.errors).sort(), ['clearForSeconds', 'forSeconds', 'name', 'threshold']);
    assert.match(check.errors.threshold!, /fps/, 'the unit is named');
    assert.equal(checkRuleForm(form({ forSeconds: '90000' })).errors.forSeconds, 'At most 86400 seconds (24 hours).');
  });

  it('keeps a percentage between 0 and 100', () => {
    assert.ok(checkRuleForm(form({ kind: 'disk_free_below', threshold: '10' })).ok);
    assert.equal(checkRuleForm(form({ kind: 'disk_free_below', threshold: '120' })).ok, false);
    assert.equal(checkRuleForm(form({ kind: 'dropped_frames_above', threshold: 'lots' })).errors.threshold, 'Enter a number.');
  });

  it('puts the clear threshold on the right side of the threshold (hysteresis)', () => {
    const below = checkRuleForm(form({ kind: 'fps_below', threshold: '10', clearThreshold: '12' }));
    assert.ok(below.ok);
    assert.equal(below.body.threshold, 10);
    assert.equal(below.body.clearThreshold, 12);
    assert.match(checkRuleForm(form({ kind: 'fps_below', threshold: '10', clearThreshold: '8' })).errors.clearThreshold!, /at least/);
    assert.ok(checkRuleForm(form({ kind: 'dropped_frames_above', threshold: '5', clearThreshold: '2' })).ok);
    assert.match(
      checkRuleForm(form({ kind: 'dropped_frames_above', threshold: '5', clearThreshold: '7' })).errors.clearThreshold!,
      /at most/,
    );
    const empty = checkRuleForm(form({ kind: 'fps_below', threshold: '10', clearThreshold: '' }));
    assert.ok(empty.ok);
    assert.equal(empty.body.clearThreshold, null, 'empty: clears at the threshold');
  });

  it('accepts a decimal comma', () => {
    const check = checkRuleForm(form({ kind: 'fps_below', threshold: '12,5' }));
    assert.ok(check.ok);
    assert.equal(check.body.threshold, 12.5);
  });

  it('sends no threshold for a flag kind whatever the field says', () => {
    const check = checkRuleForm(form({ kind: 'recording_stalled', threshold: '5', clearThreshold: '3' }));
    assert.ok(check.ok);
    assert.equal(check.body.threshold, null);
    assert.equal(check.body.clearThreshold, null);
  });

  it('needs the camera(s) of a camera or group scope, and de-duplicates the group', () => {
    assert.equal(checkRuleForm(form({ scopeType: 'camera', cameraId: '' })).errors.scope, 'Choose the camera.');
    assert.equal(checkRuleForm(form({ scopeType: 'group', cameraIds: [] })).errors.scope, 'Choose at least one camera.');
    const group = checkRuleForm(form({ scopeType: 'group', cameraIds: ['a', 'b', 'a'] }));
    assert.ok(group.ok);
    assert.deepEqual(group.body.scope, { type: 'group', cameraIds: ['a', 'b'] });
  });

  it('gives system kinds (disk, tiers) a global scope even if a camera was chosen', () => {
    const check = checkRuleForm(form({ kind: 'tier_unreachable', scopeType: 'camera', cameraId: 'c1' }));
    assert.ok(check.ok);
    assert.deepEqual(check.body.scope, { type: 'global' });
  });

  it('checks quiet hours: HH:MM, different start and end, a real time zone', () => {
    const ok = checkRuleForm(form({ quietHours: true, quietStart: '22:00', quietEnd: '07:00', quietTimeZone: 'Europe/Berlin' }));
    assert.ok(ok.ok);
    assert.deepEqual(ok.body.quietHours, { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' });
    const bad = checkRuleForm(form({ quietHours: true, quietStart: '25:00', quietEnd: '7', quietTimeZone: 'Mars/Olympus' }));
    assert.deepEqual(Object.keys(bad.errors).sort(), ['quietEnd', 'quietStart', 'quietTimeZone']);
    assert.match(checkRuleForm(form({ quietHours: true, quietStart: '08:00', quietEnd: '08:00' })).errors.quietEnd!, /differ/);
    const off = checkRuleForm(form({ quietHours: false, quietStart: 'nonsense' }));
    assert.ok(off.ok);
    assert.equal(off.body.quietHours, null);
  });
});

describe('changeKind', () => {
  it('gives a comparing kind its default threshold and a system kind the global scope', () => {
    const fps = changeKind(form({ scopeType: 'camera', cameraId: 'c1' }), 'fps_below');
    assert.equal(fps.threshold, '10');
    assert.equal(fps.scopeType, 'camera');
    const disk = changeKind(fps, 'disk_free_below');
    assert.equal(disk.threshold, '10');
    assert.equal(disk.scopeType, 'global');
    const kept = changeKind(form({ kind: 'dropped_frames_above', threshold: '7', clearThreshold: '3' }), 'fps_below');
    assert.equal(kept.threshold, '10', 'another metric: its own default');
    assert.equal(kept.clearThreshold, '');
    assert.equal(changeKind(fps, 'camera_offline').threshold, '');
  });
});

describe('rule ↔ form', () => {
  it('round-trips a saved rule through the form to the same body', () => {
    const values = ruleToForm(saved, 'UTC');
    assert.equal(values.scopeType, 'group');
    assert.deepEqual(values.cameraIds, ['c1', 'c2']);
    assert.equal(values.quietHours, true);
    assert.equal(values.quietTimeZone, 'Europe/Berlin');
    const check = checkRuleForm(values);
    assert.ok(check.ok, JSON.stringify(check.errors));
    const { id: _id, ...rest } = saved;
    assert.deepEqual(check.body, rest);
  });

  it('makes the PUT body of the on/off switch', () => {
    assert.deepEqual(ruleToBody(saved, { enabled: false }), { ...ruleToBody(saved), enabled: false });
    assert.equal(ruleToBody({ ...saved, kind: 'something_new' }), null);
  });

  it('maps server issue paths onto the fields', () => {
    assert.equal(ruleIssueField('scope.cameraId'), 'scope');
    assert.equal(ruleIssueField('quietHours.timeZone'), 'quietTimeZone');
    assert.equal(ruleIssueField('quietHours.end'), 'quietEnd');
    assert.equal(ruleIssueField('/threshold'), 'threshold');
    assert.equal(ruleIssueField('unknown'), null);
  });
});

describe('describing rules', () => {
  it('says the condition with units, durations and hysteresis', () => {
    assert.equal(describeCondition(saved), 'Frame rate below 10 fps for 1 min · clears at 12 fps after 10 s');
    assert.equal(
      describeCondition({ kind: 'camera_offline', threshold: null, clearThreshold: null, forSeconds: 30, clearForSeconds: 0 }),
      'Camera offline for 30 s · resolves when clear',
    );
    assert.equal(
      describeCondition({ kind: 'disk_free_below', threshold: 5, clearThreshold: null, forSeconds: 0, clearForSeconds: 10 }),
      'Free disk space below 5 % · clears after 10 s',
    );
  });

  it('names the scope', () => {
    const names = (id: string) => ({ c1: 'Gate', c2: 'Yard' })[id] ?? null;
    assert.equal(describeScope('fps_below', { type: 'global' }, names), 'All cameras');
    assert.equal(describeScope('fps_below', { type: 'camera', cameraId: 'c1' }, names), 'Gate');
    assert.equal(describeScope('fps_below', { type: 'group', cameraIds: ['c1', 'c2'] }, names), '2 cameras');
    assert.equal(describeScope('disk_free_below', { type: 'global' }, names), 'Recordings disk');
  });
});

describe('quiet hours and numbers', () => {
  it('knows when quiet hours that cross midnight are on', () => {
    const quiet = { start: '22:00', end: '07:00', timeZone: 'UTC' };
    assert.equal(inQuietHours(quiet, Date.parse('2026-03-01T23:30:00Z')), true);
    assert.equal(inQuietHours(quiet, Date.parse('2026-03-01T06:59:00Z')), true);
    assert.equal(inQuietHours(quiet, Date.parse('2026-03-01T07:00:00Z')), false);
    assert.equal(inQuietHours(quiet, Date.parse('2026-03-01T12:00:00Z')), false);
    assert.equal(inQuietHours({ ...quiet, timeZone: 'Asia/Tokyo' }, Date.parse('2026-03-01T14:00:00Z')), true, '23:00 in Tokyo');
    assert.equal(inQuietHours(null, Date.now()), false);
  });

  it('parses typed numbers', () => {
    assert.equal(parseNumberInput(''), null);
    assert.equal(parseNumberInput(' 7 '), 7);
    assert.equal(parseNumberInput('0.5'), 0.5);
    assert.ok(Number.isNaN(parseNumberInput('1e3')!));
    assert.ok(Number.isNaN(parseNumberInput('ten')!));
  });
});
