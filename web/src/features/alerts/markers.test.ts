import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertFetchWindow, alertMarkers, type MarkerAlert } from './markers';

const H = 3_600_000;
const start = Date.parse('2026-03-01T00:00:00.000Z');
const view = { start, end: start + 10 * H };
const at = (hours: number) => new Date(start + hours * H).toISOString();
const alert = (id: string, from: number, to: number | null, over: Partial<MarkerAlert> = {}): MarkerAlert => ({
  id,
  severity: 'warning',
  state: to === null ? 'open' : 'resolved',
  openedAt: at(from),
  resolvedAt: to === null ? null : at(to),
  ...over,
});

describe('alertMarkers', () => {
  it('places a resolved alert from its opening to its resolve', () => {
    const [m] = alertMarkers([alert('a', 1, 3)], view, start + 9 * H);
    assert.ok(m);
    assert.ok(Math.abs(m.left - 0.1) < 1e-9);
    assert.ok(Math.abs(m.width - 0.2) < 1e-9);
    assert.equal(m.ongoing, false);
    assert.equal(m.clippedStart, false);
  });

  it('runs an open alert up to now', () => {
    const [m] = alertMarkers([alert('a', 5, null)], view, start + 6 * H);
    assert.ok(m);
    assert.ok(Math.abs(m.width - 0.1) < 1e-9);
    assert.equal(m.ongoing, true);
  });

  it('cuts ranges at the window edges and leaves out alerts outside it', () => {
    const markers = alertMarkers([alert('before', -5, -1), alert('across', -2, 2), alert('after', 11, 12)], view, start + 20 * H);
    assert.deepEqual(
      markers.map((m) => m.alert.id),
      ['across'],
    );
    assert.equal(markers[0]!.left, 0);
    assert.equal(markers[0]!.clippedStart, true);
    assert.ok(Math.abs(markers[0]!.width - 0.2) < 1e-9);
  });

  it('keeps a very short alert visible and inside the track', () => {
    const [m] = alertMarkers([alert('blip', 10 - 1e-6, 10 - 1e-7)], view, start + 20 * H, 0.01);
    assert.ok(m);
    assert.equal(m.width, 0.01);
    assert.ok(m.left + m.width <= 1);
  });

  it('draws the more severe alerts last (on top)', () => {
    const markers = alertMarkers(
      [alert('crit', 1, 2, { severity: 'critical' }), alert('info', 1, 2, { severity: 'info' }), alert('warn', 1, 2)],
      view,
      start + 9 * H,
    );
    assert.deepEqual(
      markers.map((m) => m.alert.id),
      ['info', 'warn', 'crit'],
    );
  });
});

describe('alertFetchWindow', () => {
  it('rounds the window out to whole minutes', () => {
    assert.deepEqual(alertFetchWindow({ start: start + 30_500, end: start + 5 * 60_000 + 1 }), {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-01T00:06:00.000Z',
    });
  });
});
