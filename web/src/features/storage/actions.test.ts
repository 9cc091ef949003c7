import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionBody, checkActionForm, confirmQuestion, sameRequest, skipLabel, summarizeAction, type ActionFormValues } from './actions';
import type { ManualActionResult } from './types';
import { GB } from './units';

const values: ActionFormValues = { cameraId: 'cam-1', from: '2026-03-01T09:00', to: '2026-03-01T12:00', action: 'move', toTierId: 't-nas' };
const tierName = (id: string) => (id === 't-nas' ? 'nas' : null);

describe('checkActionForm', () => {
  it('builds a move request with ISO times', () => {
    const r = checkActionForm(values);
    assert.ok(r.ok);
    assert.deepEqual(r.request, {
      cameraId: 'cam-1',
      from: new Date(2026, 2, 1, 9).toISOString(),
      to: new Date(2026, 2, 1, 12).toISOString(),
      action: 'move',
      toTierId: 't-nas',
    });
    assert.deepEqual(actionBody(r.request, true), { ...r.request, dryRun: true });
  });

  it('drops the tier of a delete', () => {
    const r = checkActionForm({ ...values, action: 'delete' });
    assert.ok(r.ok && r.request.toTierId === null);
  });

  it('needs a camera, both times in order, and a tier to move to', () => {
    const r = checkActionForm({ cameraId: '', from: '', to: '2026-03-01T08:00', action: 'move', toTierId: '' });
    assert.ok(!r.ok);
    assert.deepEqual(Object.keys(r.errors).sort(), ['cameraId', 'from', 'toTierId']);
    const inverted = checkActionForm({ ...values, to: '2026-03-01T08:00' });
    assert.ok(!inverted.ok && /after the start/.test(inverted.errors.to!));
  });
});

describe('sameRequest', () => {
  it('matches only the very same request', () => {
    const a = checkActionForm(values);
    const b = checkActionForm({ ...values });
    const c = checkActionForm({ ...values, to: '2026-03-01T12:01' });
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(sameRequest(a.request, b.request), true);
    assert.equal(sameRequest(a.request, c.request), false);
    assert.equal(sameRequest(a.request, null), false);
  });
});

const result = (changes: Partial<ManualActionResult>): ManualActionResult => ({
  dryRun: true,
  action: 'move',
  toTierId: 't-nas',
  chunks: 12,
  bytes: 4.2 * GB,
  skipped: 3,
  held: 2,
  items: [],
  ...changes,
});

describe('summaries', () => {
  it('states what a preview would do, with the skipped and held chunks', () => {
    assert.equal(
      summarizeAction(result({}), tierName),
      '12 chunks (4.2 GB) would be moved to nas. 3 are skipped, 2 of them on legal hold.',
    );
    assert.equal(summarizeAction(result({ chunks: 0, bytes: 0, skipped: 0, held: 0 }), tierName), 'Nothing would be moved to nas.');
    assert.equal(
      summarizeAction(result({ dryRun: false, action: 'delete', toTierId: null, chunks: 1, bytes: GB, skipped: 1, held: 0 }), tierName),
      '1 chunk (1.0 GB) is being deleted. 1 is skipped.',
    );
  });

  it('asks before running with the numbers of the preview', () => {
    assert.equal(confirmQuestion(result({}), 'Lobby', tierName), 'Move 12 chunks (4.2 GB) of Lobby to nas?');
    assert.match(
      confirmQuestion(result({ action: 'delete', toTierId: null }), 'Lobby', tierName),
      /^Delete 12 chunks \(4\.2 GB\) of Lobby\? .*gone/,
    );
  });

  it('explains why chunks are skipped', () => {
    assert.equal(skipLabel('legal hold'), 'On legal hold');
    assert.equal(skipLabel('being recorded'), 'Still being recorded');
    assert.equal(skipLabel('already there'), 'Already on that tier');
    assert.equal(skipLabel('state corrupt'), 'Chunk is corrupt');
    assert.equal(skipLabel('something new'), 'Something new');
  });
});
