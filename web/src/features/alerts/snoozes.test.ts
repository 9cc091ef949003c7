import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSnoozeForm, describeSnooze, emptySnoozeForm, snoozesCovering, snoozeUntil, sortSnoozes, type SnoozeLike } from './snoozes';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');

describe('snooze presets', () => {
  it('end 15 min, 1 h or 8 h from now', () => {
    assert.equal(snoozeUntil('15m', '', NOW)!.toISOString(), '2026-03-01T12:15:00.000Z');
    assert.equal(snoozeUntil('1h', '', NOW)!.toISOString(), '2026-03-01T13:00:00.000Z');
    assert.equal(snoozeUntil('8h', '', NOW)!.toISOString(), '2026-03-01T20:00:00.000Z');
  });

  it('"until a time" reads the local date-time field', () => {
    assert.equal(snoozeUntil('until', '2026-03-02T08:30', NOW)!.getTime(), new Date(2026, 2, 2, 8, 30).getTime());
    assert.equal(snoozeUntil('until', '', NOW), null);
  });
});

describe('checkSnoozeForm', () => {
  it('snoozes one rule for one camera', () => {
    const check = checkSnoozeForm({ ...emptySnoozeForm({ ruleId: 'r1', subject: 'cam1' }), preset: '15m', reason: ' maintenance ' }, NOW);
    assert.ok(check.ok);
    assert.deepEqual(check.body, { ruleId: 'r1', subject: 'cam1', until: '2026-03-01T12:15:00.000Z', reason: 'maintenance' });
  });

  it('snoozes a whole rule or a whole camera', () => {
    const rule = checkSnoozeForm({ ...emptySnoozeForm({ ruleId: 'r1' }) }, NOW);
    assert.ok(rule.ok);
    assert.equal(rule.body.subject, null);
    assert.equal(rule.body.reason, null);
    const camera = checkSnoozeForm({ ...emptySnoozeForm({ subject: 'cam1' }), preset: '8h' }, NOW);
    assert.ok(camera.ok);
    assert.equal(camera.body.ruleId, null);
  });

  it('refuses to snooze everything, an end in the past, and a missing end', () => {
    assert.equal(checkSnoozeForm(emptySnoozeForm(), NOW).errors.target, 'Choose a rule, a camera, or both.');
    const past = new Date(NOW - 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${past.getFullYear()}-${pad(past.getMonth() + 1)}-${pad(past.getDate())}T${pad(past.getHours())}:${pad(past.getMinutes())}`;
    assert.equal(
      checkSnoozeForm({ ...emptySnoozeForm({ ruleId: 'r' }), preset: 'until', until: local }, NOW).errors.until,
      'The end must be in the future.',
    );
    assert.match(checkSnoozeForm({ ...emptySnoozeForm({ ruleId: 'r' }), preset: 'until', until: '' }, NOW).errors.until!, /Enter the date/);
    assert.match(
      checkSnoozeForm({ ...emptySnoozeForm({ ruleId: 'r' }), preset: 'until', until: '2027-03-01T00:00' }, NOW).errors.until!,
      /31 days/,
    );
  });
});

describe('reading snoozes', () => {
  const snoozes: SnoozeLike[] = [
    { id: 's1', ruleId: 'r1', subject: null, until: '2026-03-01T13:00:00.000Z', reason: null },
    { id: 's2', ruleId: null, subject: 'cam1', until: '2026-03-01T12:30:00.000Z', reason: null },
    { id: 's3', ruleId: 'r2', subject: 'cam2', until: '2026-03-01T11:00:00.000Z', reason: null },
  ];

  it('describes what is snoozed', () => {
    const rule = (id: string) => (id === 'r1' ? 'Gate offline' : null);
    const subject = (id: string) => (id === 'cam1' ? 'camera Gate' : id);
    assert.equal(describeSnooze({ ruleId: 'r1', subject: 'cam1' }, rule, subject), 'Rule “Gate offline” for camera Gate');
    assert.equal(describeSnooze({ ruleId: 'r1', subject: null }, rule, subject), 'Rule “Gate offline” (everything it watches)');
    assert.equal(describeSnooze({ ruleId: null, subject: 'cam1' }, rule, subject), 'Every rule for camera Gate');
    assert.equal(describeSnooze({ ruleId: 'gone', subject: null }, rule, subject), 'Rule “a deleted rule” (everything it watches)');
  });

  it('finds the active snoozes covering an alert', () => {
    assert.deepEqual(
      snoozesCovering(snoozes, 'r1', 'cam1', NOW).map((s) => s.id),
      ['s1', 's2'],
    );
    assert.deepEqual(
      snoozesCovering(snoozes, 'r2', 'cam2', NOW).map((s) => s.id),
      [],
      'ended',
    );
  });

  it('sorts by the end, soonest first', () => {
    assert.deepEqual(
      sortSnoozes(snoozes).map((s) => s.id),
      ['s3', 's2', 's1'],
    );
  });
});
