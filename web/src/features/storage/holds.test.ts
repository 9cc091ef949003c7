import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHoldForm, describeHoldRange, EMPTY_HOLD_FORM, sortHolds } from './holds';
import type { LegalHold } from './types';

const local = (h: number, m = 0) => new Date(2026, 2, 1, h, m);

describe('checkHoldForm', () => {
  it('holds every camera and all footage when only a reason is given', () => {
    const r = checkHoldForm({ ...EMPTY_HOLD_FORM, reason: '  Case 1234 ' });
    assert.ok(r.ok);
    assert.deepEqual(r.body, { cameraId: null, from: null, to: null, reason: 'Case 1234' });
  });

  it('sends the camera and the local times as ISO instants', () => {
    const r = checkHoldForm({ cameraId: 'cam-1', from: '2026-03-01T09:00', to: '2026-03-01T10:30', reason: 'Incident' });
    assert.ok(r.ok);
    assert.deepEqual(r.body, { cameraId: 'cam-1', from: local(9).toISOString(), to: local(10, 30).toISOString(), reason: 'Incident' });
  });

  it('allows an open end on either side', () => {
    const r = checkHoldForm({ ...EMPTY_HOLD_FORM, from: '2026-03-01T09:00', reason: 'x' });
    assert.ok(r.ok && r.body.to === null && r.body.from === local(9).toISOString());
  });

  it('needs a reason, and an end after the start', () => {
    const r = checkHoldForm({ cameraId: '', from: '2026-03-01T10:00', to: '2026-03-01T09:00', reason: ' ' });
    assert.ok(!r.ok);
    assert.deepEqual(Object.keys(r.errors).sort(), ['reason', 'to']);
  });

  it('refuses a reason longer than 500 characters and unreadable times', () => {
    const r = checkHoldForm({ cameraId: '', from: 'yesterday', to: '', reason: 'x'.repeat(501) });
    assert.ok(!r.ok);
    assert.deepEqual(Object.keys(r.errors).sort(), ['from', 'reason']);
  });
});

describe('describeHoldRange', () => {
  it('reads open and closed ranges', () => {
    assert.equal(describeHoldRange({ from: null, to: null }), 'All footage');
    assert.match(describeHoldRange({ from: local(9).toISOString(), to: null }), /^From .* on$/);
    assert.match(describeHoldRange({ from: null, to: local(9).toISOString() }), /^Until /);
    assert.match(describeHoldRange({ from: local(9).toISOString(), to: local(10).toISOString() }), / – /);
  });
});

describe('sortHolds', () => {
  const hold = (id: string, active: boolean, createdAt: string, releasedAt: string | null = null): LegalHold => ({
    id,
    cameraId: null,
    from: null,
    to: null,
    reason: id,
    createdBy: 'a@b',
    createdAt,
    releasedAt,
    releasedBy: releasedAt ? 'a@b' : null,
    active,
  });

  it('lists active holds newest first, then released ones by release time', () => {
    const sorted = sortHolds([
      hold('old-released', false, '2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z'),
      hold('active-old', true, '2026-01-02T00:00:00Z'),
      hold('recent-released', false, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      hold('active-new', true, '2026-02-02T00:00:00Z'),
    ]);
    assert.deepEqual(
      sorted.map((h) => h.id),
      ['active-new', 'active-old', 'recent-released', 'old-released'],
    );
  });
});
