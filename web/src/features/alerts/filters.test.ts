import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertSearchQuery, hasAlertFilters, timeRangeInverted, type AlertFilters } from './filters';

const none: AlertFilters = { state: '', severity: '', camera: '', rule: '', q: '', from: '', to: '' };

describe('alert filters', () => {
  it('sends only the filters that are set', () => {
    assert.deepEqual(alertSearchQuery(none, 25, 0), { limit: 25, offset: 0 });
    assert.equal(hasAlertFilters(none), false);
  });

  it('turns every filter into the API query', () => {
    const query = alertSearchQuery(
      { state: 'open', severity: 'critical', camera: 'c1', rule: 'r1', q: '  gate ', from: '2026-03-01T08:00', to: '2026-03-01T18:00' },
      50,
      50,
    );
    assert.deepEqual(query, {
      limit: 50,
      offset: 50,
      state: 'open',
      severity: 'critical',
      cameraId: 'c1',
      ruleId: 'r1',
      q: 'gate',
      from: new Date(2026, 2, 1, 8, 0).toISOString(),
      to: new Date(2026, 2, 1, 18, 0).toISOString(),
    });
  });

  it('leaves out what the server would refuse', () => {
    assert.deepEqual(alertSearchQuery({ ...none, state: 'closed', severity: 'huge', from: 'yesterday' }, 25, 0), { limit: 25, offset: 0 });
  });

  it('notices a time range that ends before it starts', () => {
    assert.equal(timeRangeInverted({ ...none, from: '2026-03-01T08:00', to: '2026-03-01T07:00' }), true);
    assert.equal(timeRangeInverted({ ...none, from: '2026-03-01T08:00', to: '' }), false);
  });
});
