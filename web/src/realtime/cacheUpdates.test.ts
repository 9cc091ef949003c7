import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyCountersToDashboard, applyStatusToCamera, applyStatusToList, StatusClock } from './cacheUpdates';

type Status = 'offline' | 'starting' | 'online' | 'degraded' | 'error';
const camera = (id: string, status: Status = 'offline') => ({ id, name: `Camera ${id}`, status, statusReason: null as string | null });
const event = (cameraId: string, status: Status, statusReason: string | null = null, at = '2026-03-01T12:00:00.000Z') => ({
  cameraId,
  status,
  statusReason,
  at,
});

describe('applyStatusToCamera', () => {
  it('sets the status and reason of the camera the event is about', () => {
    assert.deepEqual(applyStatusToCamera(camera('a'), event('a', 'degraded', 'fps 12 < 20')), {
      id: 'a',
      name: 'Camera a',
      status: 'degraded',
      statusReason: 'fps 12 < 20',
    });
  });

  it('moves statusSince to the event time when the status changes, if the camera has one', () => {
    const a = { ...camera('a', 'starting'), statusSince: '2026-03-01T11:00:00.000Z' };
    assert.equal(applyStatusToCamera(a, event('a', 'online', null, '2026-03-01T12:00:00.000Z')).statusSince, '2026-03-01T12:00:00.000Z');
    assert.equal(
      applyStatusToCamera(a, event('a', 'starting', 'probing', '2026-03-01T12:00:00.000Z')).statusSince,
      '2026-03-01T11:00:00.000Z',
    );
    assert.equal('statusSince' in applyStatusToCamera(camera('a'), event('a', 'online')), false);
  });

  it('returns the same object for another camera or no change', () => {
    const a = camera('a', 'online');
    assert.equal(applyStatusToCamera(a, event('b', 'error')), a);
    assert.equal(applyStatusToCamera(a, event('a', 'online')), a);
  });
});

describe('applyStatusToList', () => {
  it('updates the matching camera and keeps the page metadata', () => {
    const list = { items: [camera('a'), camera('b')], total: 2, limit: 25, offset: 0 };
    const next = applyStatusToList(list, event('b', 'online'));
    assert.deepEqual(
      next.items.map((c) => c.status),
      ['offline', 'online'],
    );
    assert.equal(next.total, 2);
    assert.equal(next.items[0], list.items[0]);
  });

  it('returns the same list when the camera is not on the page', () => {
    const list = { items: [camera('a')], total: 1 };
    assert.equal(applyStatusToList(list, event('z', 'online')), list);
  });
});

describe('applyCountersToDashboard', () => {
  it('replaces the camera counters and keeps everything else', () => {
    const dashboard = {
      cameras: { total: 2, enabled: 2, byStatus: { offline: 2, starting: 0, online: 0, degraded: 0, error: 0 } },
      tokens: { active: 1 },
    };
    const next = applyCountersToDashboard(dashboard, {
      cameras: { total: 3, byStatus: { offline: 1, starting: 0, online: 2, degraded: 0, error: 0 } },
    });
    assert.deepEqual(next, {
      cameras: { total: 3, enabled: 2, byStatus: { offline: 1, starting: 0, online: 2, degraded: 0, error: 0 } },
      tokens: { active: 1 },
    });
  });
});

describe('StatusClock', () => {
  it('accepts events in order and rejects one older than the last for its camera', () => {
    const clock = new StatusClock();
    assert.equal(clock.accept(event('a', 'online', null, '2026-03-01T12:00:05.000Z')), true);
    assert.equal(clock.accept(event('a', 'offline', null, '2026-03-01T12:00:01.000Z')), false);
    assert.equal(clock.accept(event('b', 'offline', null, '2026-03-01T12:00:01.000Z')), true, 'other cameras are independent');
    assert.equal(clock.accept(event('a', 'degraded', null, '2026-03-01T12:00:05.000Z')), true, 'same instant is accepted');
  });

  it('forgets everything on clear', () => {
    const clock = new StatusClock();
    clock.accept(event('a', 'online', null, '2026-03-01T12:00:05.000Z'));
    clock.clear();
    assert.equal(clock.accept(event('a', 'offline', null, '2026-03-01T12:00:01.000Z')), true);
  });
});
