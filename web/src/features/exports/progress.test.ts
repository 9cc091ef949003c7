import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyExportEvent,
  applyExportEventToList,
  EXPORT_POLL_MS,
  ExportEventClock,
  exportPollInterval,
  followUp,
  listHasExport,
  progressPercent,
  type ExportProgressEvent,
  type ExportState,
} from './progress';

const item = (id: string, state: ExportState = 'queued', progress = 0) => ({
  id,
  cameraId: 'cam',
  state,
  progress,
  error: null as string | null,
  bytes: null as number | null,
});
const event = (exportId: string, state: ExportState, progress = 0, at = '2026-03-01T12:00:00.000Z', error: string | null = null) =>
  ({ exportId, cameraId: 'cam', state, progress, error, at }) satisfies ExportProgressEvent;

describe('applyExportEvent', () => {
  it('takes the state, progress and error of an event about the export', () => {
    assert.deepEqual(applyExportEvent(item('a'), event('a', 'running', 0.42)), { ...item('a'), state: 'running', progress: 0.42 });
    assert.deepEqual(applyExportEvent(item('a', 'running', 0.5), event('a', 'failed', 0.5, undefined, 'FFmpeg could not make the file')), {
      ...item('a'),
      state: 'failed',
      progress: 0.5,
      error: 'FFmpeg could not make the file',
    });
  });

  it('shows a complete export at 100 % whatever progress the event says', () => {
    assert.equal(applyExportEvent(item('a', 'running', 0.9), event('a', 'complete', 0.999)).progress, 1);
  });

  it('returns the same object for another export or an event that changes nothing', () => {
    const a = item('a', 'running', 0.3);
    assert.equal(applyExportEvent(a, event('b', 'complete', 1)), a);
    assert.equal(applyExportEvent(a, event('a', 'running', 0.3)), a);
  });

  it('never takes a finished export back to queued or running', () => {
    const done = item('a', 'complete', 1);
    assert.equal(applyExportEvent(done, event('a', 'running', 0.7)), done);
    const failed = item('a', 'failed', 0.2);
    assert.equal(applyExportEvent(failed, event('a', 'queued')), failed);
  });

  it('lets a complete export expire', () => {
    assert.equal(applyExportEvent(item('a', 'complete', 1), event('a', 'expired', 1)).state, 'expired');
  });

  it('lets a running export go back to the queue (the server restarted)', () => {
    assert.deepEqual(applyExportEvent(item('a', 'running', 0.6), event('a', 'queued', 0)), item('a', 'queued', 0));
  });

  it('keeps progress within 0..1', () => {
    assert.equal(applyExportEvent(item('a'), event('a', 'running', 7)).progress, 1);
    assert.equal(applyExportEvent(item('a'), event('a', 'running', -1)).progress, 0);
    assert.equal(applyExportEvent(item('a'), event('a', 'running', Number.NaN)).progress, 0);
  });
});

describe('applyExportEventToList', () => {
  it('updates the matching export and keeps the page metadata and the other items', () => {
    const list = { items: [item('a'), item('b')], total: 2, limit: 50, offset: 0 };
    const next = applyExportEventToList(list, event('b', 'running', 0.25));
    assert.deepEqual(
      next.items.map((x) => [x.state, x.progress]),
      [
        ['queued', 0],
        ['running', 0.25],
      ],
    );
    assert.equal(next.total, 2);
    assert.equal(next.items[0], list.items[0]);
  });

  it('returns the same list when the export is not on the page', () => {
    const list = { items: [item('a')], total: 1 };
    assert.equal(applyExportEventToList(list, event('z', 'running', 0.5)), list);
  });
});

describe('listHasExport', () => {
  it('finds an export on a page', () => {
    assert.equal(listHasExport({ items: [item('a')] }, 'a'), true);
    assert.equal(listHasExport({ items: [item('a')] }, 'b'), false);
    assert.equal(listHasExport(undefined, 'a'), false);
  });
});

describe('followUp', () => {
  it('refetches a finished export and the lists (the event has no size or expiry)', () => {
    for (const state of ['complete', 'failed', 'expired'] as const) {
      assert.deepEqual(followUp(event('a', state), true), { refetchLists: true, refetchDetail: true });
    }
  });

  it('refetches the lists for a new export no cached page shows yet', () => {
    assert.deepEqual(followUp(event('a', 'queued'), false), { refetchLists: true, refetchDetail: false });
    assert.deepEqual(followUp(event('a', 'queued'), true), { refetchLists: false, refetchDetail: false });
  });

  it('does nothing more for progress, which the event itself carries', () => {
    assert.deepEqual(followUp(event('a', 'running', 0.5), false), { refetchLists: false, refetchDetail: false });
  });
});

describe('ExportEventClock', () => {
  it('accepts events in order and rejects one older than the last for its export', () => {
    const clock = new ExportEventClock();
    assert.equal(clock.accept(event('a', 'running', 0.5, '2026-03-01T12:00:05.000Z')), true);
    assert.equal(clock.accept(event('a', 'running', 0.2, '2026-03-01T12:00:04.000Z')), false);
    assert.equal(clock.accept(event('b', 'queued', 0, '2026-03-01T12:00:01.000Z')), true, 'other exports are independent');
    assert.equal(clock.accept(event('a', 'complete', 1, '2026-03-01T12:00:05.000Z')), true, 'same instant is accepted');
  });

  it('forgets everything on clear', () => {
    const clock = new ExportEventClock();
    clock.accept(event('a', 'running', 0.5, '2026-03-01T12:00:05.000Z'));
    clock.clear();
    assert.equal(clock.accept(event('a', 'running', 0.1, '2026-03-01T12:00:01.000Z')), true);
  });
});

describe('progressPercent', () => {
  it('rounds down and holds 100 for a complete export', () => {
    assert.equal(progressPercent('running', 0.456), 45);
    assert.equal(progressPercent('running', 0.9999), 99);
    assert.equal(progressPercent('complete', 0.3), 100);
    assert.equal(progressPercent('queued', 0), 0);
  });
});

describe('exportPollInterval', () => {
  it('polls an unfinished export (or one not loaded yet) and stops once it is finished', () => {
    assert.equal(exportPollInterval(undefined), EXPORT_POLL_MS);
    assert.equal(exportPollInterval('queued'), EXPORT_POLL_MS);
    assert.equal(exportPollInterval('running'), EXPORT_POLL_MS);
    assert.equal(exportPollInterval('complete'), false);
    assert.equal(exportPollInterval('failed'), false);
  });
});
