import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEndReason, sessionDuration } from './sessions';

const start = '2026-03-01T12:00:00.000Z';
const after = (seconds: number) => new Date(Date.parse(start) + seconds * 1000).toISOString();

describe('sessionDuration', () => {
  it('reads naturally at every scale', () => {
    assert.equal(sessionDuration(start, after(45)), '45 s');
    assert.equal(sessionDuration(start, after(12 * 60 + 30)), '12 min');
    assert.equal(sessionDuration(start, after(3 * 3600)), '3 h');
    assert.equal(sessionDuration(start, after(3 * 3600 + 5 * 60)), '3 h 5 min');
    assert.equal(sessionDuration(start, after(2 * 86400 + 4 * 3600 + 59)), '2 d 4 h');
    assert.equal(sessionDuration(start, after(86400)), '1 d');
  });

  it('counts an open session up to now', () => {
    assert.equal(sessionDuration(start, null, Date.parse(after(90))), '1 min');
  });

  it('never goes negative and copes with bad dates', () => {
    assert.equal(sessionDuration(start, after(-5)), '0 s');
    assert.equal(sessionDuration('nope', null), '—');
  });
});

describe('describeEndReason', () => {
  it("starts the server's reason with a capital", () => {
    assert.equal(describeEndReason('server restarted'), 'Server restarted');
    assert.equal(describeEndReason('Publisher disconnected'), 'Publisher disconnected');
  });

  it('shows a dash without a reason', () => {
    assert.equal(describeEndReason(null), '—');
    assert.equal(describeEndReason('  '), '—');
  });
});
