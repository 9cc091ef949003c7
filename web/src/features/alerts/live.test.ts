import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AlertAnnouncer,
  AlertEventClock,
  alertFromEvent,
  applyAlertEvent,
  applyAlertEventToPage,
  applyAlertEventToSummary,
  bellLabel,
  matchesQuery,
  toastLifetimeMs,
  TOAST_MAX_AGE_MS,
  type AlertChange,
  type AlertItem,
  type AlertPage,
} from './live';

const T0 = '2026-03-01T12:00:00.000Z';
const T1 = '2026-03-01T12:00:05.000Z';
const T2 = '2026-03-01T12:01:00.000Z';

const event = (over: Partial<AlertChange> = {}): AlertChange => ({
  id: 'a1',
  ruleId: 'r1',
  ruleName: 'Gate offline',
  kind: 'camera_offline',
  subject: 'cam1',
  cameraId: 'cam1',
  severity: 'critical',
  state: 'open',
  message: 'Gate offline: camera "Gate" is offline',
  openedAt: T0,
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  unacknowledged: 1,
  at: T0,
  ...over,
});

const item = (id: string, openedAt: string, over: Partial<AlertItem> = {}): AlertItem => ({
  ...alertFromEvent(event({ id, openedAt })),
  value: 'true',
  ...over,
});

const page = (items: AlertItem[], total = items.length, limit = 50, offset = 0): AlertPage => ({ items, total, limit, offset });

describe('applyAlertEvent', () => {
  it('takes the state, acknowledgement and resolve time of an event about the alert', () => {
    const a = item('a1', T0);
    const acked = applyAlertEvent(a, event({ state: 'acknowledged', acknowledgedAt: T1, acknowledgedBy: 'op@argus.local', at: T1 }));
    assert.equal(acked.state, 'acknowledged');
    assert.equal(acked.acknowledgedAt, T1);
    assert.equal(acked.acknowledgedBy, 'op@argus.local');
    assert.equal(acked.value, 'true', 'what the event does not carry stays');
    const resolved = applyAlertEvent(
      acked,
      event({ state: 'resolved', acknowledgedAt: T1, acknowledgedBy: 'op@argus.local', resolvedAt: T2 }),
    );
    assert.equal(resolved.state, 'resolved');
    assert.equal(resolved.resolvedAt, T2);
  });

  it('returns the same object for another alert or an event that changes nothing', () => {
    const a = item('a1', T0);
    assert.equal(applyAlertEvent(a, event({ id: 'other', state: 'resolved' })), a);
    assert.equal(applyAlertEvent(a, event()), a);
  });

  it('never moves an alert back (a late "open" after the acknowledgement)', () => {
    const acked = item('a1', T0, { state: 'acknowledged', acknowledgedAt: T1, acknowledgedBy: 'x' });
    assert.equal(applyAlertEvent(acked, event({ state: 'open' })), acked);
    const resolved = item('a1', T0, { state: 'resolved', resolvedAt: T2 });
    assert.equal(applyAlertEvent(resolved, event({ state: 'acknowledged', acknowledgedAt: T1 })), resolved);
  });
});

describe('matchesQuery', () => {
  const a = item('a1', T0, { message: 'Gate offline: camera "Gate" is offline', resolvedAt: null });

  it('checks state, camera, rule and severity', () => {
    assert.equal(matchesQuery(a, {}), true);
    assert.equal(matchesQuery(a, { state: 'open', cameraId: 'cam1', ruleId: 'r1', severity: 'critical' }), true);
    assert.equal(matchesQuery(a, { state: 'acknowledged' }), false);
    assert.equal(matchesQuery(a, { cameraId: 'cam2' }), false);
    assert.equal(matchesQuery(a, { ruleId: 'r2' }), false);
    assert.equal(matchesQuery(a, { severity: 'info' }), false);
  });

  it('finds text in the message regardless of case, like the server', () => {
    assert.equal(matchesQuery(a, { q: 'GATE' }), true);
    assert.equal(matchesQuery(a, { q: 'door' }), false);
  });

  it('keeps alerts that overlap the time range: resolved after "from", opened before "to"', () => {
    assert.equal(matchesQuery(a, { from: T2 }), true, 'still open overlaps any later window');
    const closed = { ...a, state: 'resolved' as const, resolvedAt: T1 };
    assert.equal(matchesQuery(closed, { from: T2 }), false);
    assert.equal(matchesQuery(closed, { from: T0 }), true);
    assert.equal(matchesQuery(a, { to: T0 }), false, '"to" is exclusive');
    assert.equal(matchesQuery(a, { to: T1 }), true);
  });
});

describe('applyAlertEventToPage', () => {
  it('puts a newly opened alert at the top of the first page and counts it', () => {
    const old = item('old', '2026-03-01T11:00:00.000Z');
    const next = applyAlertEventToPage(page([old]), event(), {});
    assert.deepEqual(
      next.items.map((a) => a.id),
      ['a1', 'old'],
    );
    assert.equal(next.total, 2);
    assert.equal(next.items[0]!.ruleName, 'Gate offline');
  });

  it('inserts in the server’s order (newest first) and a full page drops its last row', () => {
    const newer = item('newer', T2);
    const older = item('older', '2026-03-01T11:00:00.000Z');
    const next = applyAlertEventToPage(page([newer, older], 5, 2), event(), { limit: 2 });
    assert.deepEqual(
      next.items.map((a) => a.id),
      ['newer', 'a1'],
    );
    assert.equal(next.total, 6);
  });

  it('does not put an alert on a page it does not belong to', () => {
    const p = page([item('x', T0)]);
    assert.equal(applyAlertEventToPage(p, event({ id: 'n' }), { cameraId: 'cam2' }), p, 'other camera');
    assert.equal(applyAlertEventToPage(p, event({ id: 'n' }), { offset: 50 }), p, 'a later page');
    assert.equal(applyAlertEventToPage(p, event({ id: 'n', state: 'acknowledged' }), {}), p, 'not new: may be on another page');
    const full = page([item('n1', T2), item('n2', T2)], 2, 2);
    const after = applyAlertEventToPage(full, event({ id: 'z', openedAt: T0 }), { limit: 2 });
    assert.deepEqual(after.items, full.items, 'sorts after a full page');
    assert.equal(after.total, 3);
  });

  it('takes an acknowledged alert off a page of open alerts, and patches it elsewhere', () => {
    const a = item('a1', T0);
    const acked = event({ state: 'acknowledged', acknowledgedAt: T1, acknowledgedBy: 'op', unacknowledged: 0 });
    const open = applyAlertEventToPage(page([a, item('b', T0)], 2), acked, { state: 'open', limit: 8 });
    assert.deepEqual(
      open.items.map((x) => x.id),
      ['b'],
    );
    assert.equal(open.total, 1);
    const all = applyAlertEventToPage(page([a]), acked, {});
    assert.equal(all.items[0]!.state, 'acknowledged');
    assert.equal(all.total, 1);
  });

  it('returns the same page when nothing on it changes', () => {
    const p = page([item('a1', T0)]);
    assert.equal(applyAlertEventToPage(p, event(), {}), p);
  });
});

describe('the bell', () => {
  const summary = { open: 2, acknowledged: 1, unacknowledged: 2, bySeverity: { info: 0, warning: 1, critical: 2 } };

  it('takes its count from the event', () => {
    const next = applyAlertEventToSummary(summary, event({ unacknowledged: 3 }));
    assert.equal(next.unacknowledged, 3);
    assert.equal(next.open, 3);
    assert.deepEqual(next.bySeverity, summary.bySeverity);
    assert.equal(applyAlertEventToSummary(summary, event({ unacknowledged: 2 })), summary, 'unchanged');
    assert.equal(applyAlertEventToSummary(summary, event({ unacknowledged: -1 })).unacknowledged, 0);
  });

  it('shows nothing for 0 and caps at 99+', () => {
    assert.equal(bellLabel(0), '');
    assert.equal(bellLabel(1), '1');
    assert.equal(bellLabel(99), '99');
    assert.equal(bellLabel(100), '99+');
    assert.equal(bellLabel(Number.NaN), '');
  });
});

describe('AlertEventClock', () => {
  it('refuses an event older than one already applied to the same alert', () => {
    const clock = new AlertEventClock();
    assert.equal(clock.accept({ id: 'a', at: T1 }), true);
    assert.equal(clock.accept({ id: 'a', at: T0 }), false);
    assert.equal(clock.accept({ id: 'a', at: T1 }), true, 'the same time is fine');
    assert.equal(clock.accept({ id: 'b', at: T0 }), true, 'other alerts are independent');
  });
});

describe('AlertAnnouncer', () => {
  const now = Date.parse(T0) + 1000;

  it('toasts an opening once and a resolve once, never an acknowledgement', () => {
    const announcer = new AlertAnnouncer();
    assert.equal(announcer.decide({ id: 'a', state: 'open', at: T0 }, now), 'opened');
    assert.equal(announcer.decide({ id: 'a', state: 'open', at: T0 }, now), null, 'a replayed event');
    assert.equal(announcer.decide({ id: 'a', state: 'acknowledged', at: T0 }, now), null);
    assert.equal(announcer.decide({ id: 'a', state: 'resolved', at: T0 }, now), 'resolved');
    assert.equal(announcer.decide({ id: 'a', state: 'resolved', at: T0 }, now), null);
    assert.equal(announcer.decide({ id: 'a', state: 'open', at: T0 }, now), null, 'a late open after the resolve');
  });

  it('stays quiet about events that arrive long after they happened', () => {
    const announcer = new AlertAnnouncer();
    assert.equal(announcer.decide({ id: 'a', state: 'open', at: T0 }, Date.parse(T0) + TOAST_MAX_AGE_MS + 1), null);
  });

  it('keeps critical openings until dismissed and lets the rest go', () => {
    assert.equal(toastLifetimeMs('opened', 'critical'), null);
    assert.equal(toastLifetimeMs('opened', 'warning'), 15_000);
    assert.equal(toastLifetimeMs('resolved', 'critical'), 6000);
  });
});
