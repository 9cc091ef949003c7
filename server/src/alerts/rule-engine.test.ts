import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alertKey,
  inQuietHours,
  type Metric,
  type Observation,
  type ResolveReason,
  type Rule,
  RuleEngine,
  ruleProblems,
  type Severity,
  type Snooze,
  type Transition,
} from './rule-engine';

/** The fake clock: `t(s)` is s seconds after T0. */
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const t = (s: number) => T0 + s * 1000;

/** A global camera_offline rule 'r1', forSeconds 30, clearForSeconds 0, warning, unless given. */
const rule = (o: Partial<Rule> = {}): Rule => ({
  id: 'r1',
  kind: 'camera_offline',
  threshold: null,
  clearThreshold: null,
  forSeconds: 30,
  clearForSeconds: 0,
  severity: 'warning',
  scope: { type: 'global' },
  quietHours: null,
  enabled: true,
  ...o,
});

type Values = Partial<Record<Metric, number | boolean>>;
const cam = (subject: string, s: number, values: Values): Observation => ({ subject, kind: 'camera', at: t(s), values });
const tier = (subject: string, s: number, values: Values): Observation => ({ subject, kind: 'tier', at: t(s), values });
const system = (s: number, values: Values): Observation => ({ subject: 'system', kind: 'system', at: t(s), values });
const offline = (subject: string, s: number, value: boolean) => cam(subject, s, { offline: value });

const opened = (
  ruleId: string,
  subject: string,
  at: number,
  value: number | boolean,
  message: string,
  o: { severity?: Severity; notify?: boolean } = {},
): Transition => ({
  type: 'open',
  key: alertKey(ruleId, subject),
  ruleId,
  subject,
  at,
  value,
  severity: o.severity ?? 'warning',
  notify: o.notify ?? true,
  message,
});

const resolved = (ruleId: string, subject: string, at: number, reason: ResolveReason, message: string, notify = true): Transition => ({
  type: 'resolve',
  key: alertKey(ruleId, subject),
  ruleId,
  subject,
  at,
  reason,
  notify,
  message,
});

/** Feeds observations in order; returns every transition, in order. */
function feed(engine: RuleEngine, observations: Observation[], snoozes: Snooze[] = []): Transition[] {
  return observations.flatMap((o) => engine.observe(o, snoozes));
}

describe('RuleEngine: opening', () => {
  it('camera offline opens exactly one alert after forSeconds', () => {
    const engine = new RuleEngine([rule()]);
    assert.deepEqual(feed(engine, [offline('cam-a', 0, true), offline('cam-a', 10, true), offline('cam-a', 20, true)]), []);
    assert.deepEqual(engine.observe(offline('cam-a', 30, true), []), [
      opened('r1', 'cam-a', t(30), true, "Camera 'cam-a' offline for 30 s"),
    ]);
    assert.deepEqual(feed(engine, [offline('cam-a', 40, true), offline('cam-a', 50, true)]), []);
    assert.deepEqual(engine.tick(t(60), []), []);
    assert.deepEqual(engine.openAlerts(), [{ key: 'r1:cam-a', ruleId: 'r1', subject: 'cam-a', openedAt: t(30) }]);
  });

  it('a blip shorter than forSeconds opens nothing, and the next failure starts the timer again', () => {
    const engine = new RuleEngine([rule()]);
    const blip = [offline('cam-a', 0, true), offline('cam-a', 10, true), offline('cam-a', 20, true), offline('cam-a', 25, false)];
    assert.deepEqual(feed(engine, blip), []);
    assert.deepEqual(engine.tick(t(30), []), []);
    assert.deepEqual(engine.observe(offline('cam-a', 26, true), []), []);
    assert.deepEqual(engine.tick(t(55), []), []);
    assert.deepEqual(engine.tick(t(56), []), [opened('r1', 'cam-a', t(56), true, "Camera 'cam-a' offline for 30 s")]);
  });

  it('tick opens an alert when forSeconds elapse without new observations', () => {
    const engine = new RuleEngine([rule({ forSeconds: 20 })]);
    assert.deepEqual(engine.observe(offline('cam-a', 0, true), []), []);
    assert.deepEqual(engine.tick(t(10), []), []);
    assert.deepEqual(engine.tick(t(20) - 1, []), []);
    assert.deepEqual(engine.tick(t(20), []), [opened('r1', 'cam-a', t(20), true, "Camera 'cam-a' offline for 20 s")]);
    assert.deepEqual(engine.tick(t(25), []), []);
  });

  it('forSeconds 0 opens at the first failing sample', () => {
    const engine = new RuleEngine([rule({ forSeconds: 0 })]);
    assert.deepEqual(engine.observe(offline('cam-a', 0, false), []), []);
    assert.deepEqual(engine.observe(offline('cam-a', 5, true), []), [opened('r1', 'cam-a', t(5), true, "Camera 'cam-a' offline")]);
  });

  it('each kind reads its own metric; a value exactly at the threshold does not fail', () => {
    const r = (id: string, kind: Rule['kind'], threshold: number | null, o: Partial<Rule> = {}) =>
      rule({ id, kind, threshold, forSeconds: 0, ...o });
    const engine = new RuleEngine([
      r('a-offline', 'camera_offline', null),
      r('b-fps', 'fps_below', 10),
      r('c-bitrate', 'bitrate_below', 1000),
      r('d-dropped', 'dropped_frames_above', 5),
      r('e-restarts', 'restarts_above', 3),
      r('f-stalled', 'recording_stalled', null),
      r('g-disk-pct', 'disk_free_below', 5),
      r('h-disk-bytes', 'disk_free_below', 2_000_000_000, { unit: 'bytes' }),
      r('i-unreachable', 'tier_unreachable', null),
      r('j-s3', 's3_upload_failing', null),
    ]);
    const atThreshold = cam('cam-a', 0, {
      offline: false,
      fps: 10,
      bitrateKbps: 1000,
      droppedPercent: 5,
      restartsLastHour: 3,
      recordingStalled: false,
    });
    assert.deepEqual(engine.observe(atThreshold, []), []);
    const failing = cam('cam-a', 1, {
      offline: true,
      fps: 9.5,
      bitrateKbps: 480,
      droppedPercent: 12.346,
      restartsLastHour: 4,
      recordingStalled: 1,
    });
    assert.deepEqual(engine.observe(failing, []), [
      opened('a-offline', 'cam-a', t(1), true, "Camera 'cam-a' offline"),
      opened('b-fps', 'cam-a', t(1), 9.5, "Camera 'cam-a' fps 9.5 below 10"),
      opened('c-bitrate', 'cam-a', t(1), 480, "Camera 'cam-a' bitrate 480 kbps below 1000 kbps"),
      opened('d-dropped', 'cam-a', t(1), 12.346, "Camera 'cam-a' dropped frames 12.35 % above 5 %"),
      opened('e-restarts', 'cam-a', t(1), 4, "Camera 'cam-a' 4 pipeline restarts in the last hour (more than 3)"),
      opened('f-stalled', 'cam-a', t(1), true, "Camera 'cam-a' recording stalled"),
    ]);
    assert.deepEqual(engine.observe(system(2, { diskFreePercent: 3, diskFreeBytes: 1_000_000_000 }), []), [
      opened('g-disk-pct', 'system', t(2), 3, 'System disk free 3 % below 5 %'),
      opened('h-disk-bytes', 'system', t(2), 1_000_000_000, 'System disk free 1000000000 bytes below 2000000000 bytes'),
    ]);
    assert.deepEqual(engine.observe(tier('nas', 3, { tierUnreachable: true, s3UploadFailing: false, diskFreePercent: 4 }), []), [
      opened('g-disk-pct', 'nas', t(3), 4, "Tier 'nas' disk free 4 % below 5 %"),
      opened('i-unreachable', 'nas', t(3), true, "Tier 'nas' unreachable"),
    ]);
    assert.deepEqual(engine.observe(tier('b2', 4, { s3UploadFailing: true }), []), [
      opened('j-s3', 'b2', t(4), true, "Tier 'b2' S3 uploads failing"),
    ]);
    // A tier metric on a camera, a camera metric on a tier: not theirs, nothing opens.
    assert.deepEqual(engine.observe(cam('cam-b', 5, { tierUnreachable: true }), []), []);
    assert.deepEqual(engine.observe(tier('nas2', 5, { offline: true, fps: 1 }), []), []);
  });

  it('an observation without the rule metric changes nothing for that rule', () => {
    const engine = new RuleEngine([rule({ kind: 'fps_below', threshold: 10, forSeconds: 10 })]);
    assert.deepEqual(feed(engine, [cam('cam-a', 0, { offline: true }), cam('cam-a', 10, { offline: true, fps: Number.NaN })]), []);
    assert.deepEqual(engine.tick(t(20), []), []);
    assert.deepEqual(engine.openAlerts(), []);
  });

  it('a rule without a threshold, or a disabled rule, matches nothing', () => {
    const engine = new RuleEngine([
      rule({ id: 'r1', kind: 'fps_below', threshold: null, forSeconds: 0 }),
      rule({ id: 'r2', enabled: false, forSeconds: 0 }),
    ]);
    assert.deepEqual(engine.observe(cam('cam-a', 0, { fps: 0, offline: true }), []), []);
  });

  it('with two rules of one id, the first wins', () => {
    const engine = new RuleEngine([rule({ forSeconds: 0 }), rule({ forSeconds: 100 })]);
    assert.deepEqual(engine.observe(offline('cam-a', 0, true), []), [opened('r1', 'cam-a', t(0), true, "Camera 'cam-a' offline")]);
  });

  it('an observation older than the latest data of the pair is ignored', () => {
    const engine = new RuleEngine([rule({ forSeconds: 10 })]);
    assert.deepEqual(feed(engine, [offline('cam-a', 20, true), offline('cam-a', 5, false)]), []);
    assert.deepEqual(engine.tick(t(29), []), []);
    assert.deepEqual(engine.tick(t(30), []), [opened('r1', 'cam-a', t(30), true, "Camera 'cam-a' offline for 10 s")]);
  });
});

describe('RuleEngine: dedup, clearing and hysteresis', () => {
  it('flapping condition does not open a second alert while one is open', () => {
    const engine = new RuleEngine([rule({ forSeconds: 10, clearForSeconds: 20 })]);
    assert.deepEqual(feed(engine, [offline('cam-a', 0, true), offline('cam-a', 10, true)]), [
      opened('r1', 'cam-a', t(10), true, "Camera 'cam-a' offline for 10 s"),
    ]);
    const flapping = [15, 25, 30, 40, 45, 55, 60].map((s, i) => offline('cam-a', s, i % 2 === 1));
    assert.deepEqual(feed(engine, flapping), []);
    assert.deepEqual(engine.tick(t(79), []), []);
    assert.deepEqual(engine.openAlerts(), [{ key: 'r1:cam-a', ruleId: 'r1', subject: 'cam-a', openedAt: t(10) }]);
  });

  it('resolves by itself after clearForSeconds; a recurring condition then opens a new alert', () => {
    const engine = new RuleEngine([rule({ forSeconds: 10, clearForSeconds: 30 })]);
    assert.deepEqual(feed(engine, [offline('cam-a', 0, true), offline('cam-a', 10, true), offline('cam-a', 20, false)]), [
      opened('r1', 'cam-a', t(10), true, "Camera 'cam-a' offline for 10 s"),
    ]);
    assert.deepEqual(engine.observe(offline('cam-a', 40, false), []), []);
    assert.deepEqual(engine.tick(t(49), []), []);
    assert.deepEqual(engine.tick(t(50), []), [resolved('r1', 'cam-a', t(50), 'cleared', "Camera 'cam-a' offline: cleared")]);
    assert.deepEqual(engine.openAlerts(), []);
    assert.deepEqual(feed(engine, [offline('cam-a', 60, true), offline('cam-a', 70, true)]), [
      opened('r1', 'cam-a', t(70), true, "Camera 'cam-a' offline for 10 s"),
    ]);
  });

  it('hysteresis: fps must rise above clearThreshold to clear', () => {
    const engine = new RuleEngine([rule({ kind: 'fps_below', threshold: 10, clearThreshold: 12, forSeconds: 0 })]);
    assert.deepEqual(engine.observe(cam('cam-a', 0, { fps: 8 }), []), [opened('r1', 'cam-a', t(0), 8, "Camera 'cam-a' fps 8 below 10")]);
    assert.deepEqual(feed(engine, [cam('cam-a', 5, { fps: 11 }), cam('cam-a', 15, { fps: 11.99 })]), []);
    assert.deepEqual(engine.tick(t(20), []), []);
    assert.deepEqual(engine.observe(cam('cam-a', 25, { fps: 12 }), []), [
      resolved('r1', 'cam-a', t(25), 'cleared', "Camera 'cam-a' fps below 10: cleared"),
    ]);
    // Between the two thresholds without having failed: nothing; below 10 again: a new alert.
    assert.deepEqual(engine.observe(cam('cam-a', 30, { fps: 11 }), []), []);
    assert.deepEqual(engine.observe(cam('cam-a', 35, { fps: 9 }), []), [opened('r1', 'cam-a', t(35), 9, "Camera 'cam-a' fps 9 below 10")]);
  });

  it('hysteresis: a value between threshold and clearThreshold keeps the pending timer running', () => {
    const engine = new RuleEngine([rule({ kind: 'dropped_frames_above', threshold: 5, clearThreshold: 2, forSeconds: 30 })]);
    assert.deepEqual(feed(engine, [cam('cam-a', 0, { droppedPercent: 6 }), cam('cam-a', 10, { droppedPercent: 3 })]), []);
    assert.deepEqual(engine.observe(cam('cam-a', 30, { droppedPercent: 4 }), []), [
      opened('r1', 'cam-a', t(30), 6, "Camera 'cam-a' dropped frames 6 % above 5 % for 30 s"),
    ]);
    // The band never clears it; 2 (the clear threshold, inclusive) does.
    assert.deepEqual(engine.observe(cam('cam-a', 40, { droppedPercent: 2.5 }), []), []);
    assert.deepEqual(engine.observe(cam('cam-a', 50, { droppedPercent: 2 }), []), [
      resolved('r1', 'cam-a', t(50), 'cleared', "Camera 'cam-a' dropped frames above 5 %: cleared"),
    ]);
  });

  it('a clearThreshold on the wrong side of the threshold counts as the threshold', () => {
    const engine = new RuleEngine([rule({ kind: 'fps_below', threshold: 10, clearThreshold: 5, forSeconds: 0 })]);
    assert.deepEqual(engine.observe(cam('cam-a', 0, { fps: 9 }), []), [opened('r1', 'cam-a', t(0), 9, "Camera 'cam-a' fps 9 below 10")]);
    assert.deepEqual(engine.observe(cam('cam-a', 1, { fps: 10 }), []), [
      resolved('r1', 'cam-a', t(1), 'cleared', "Camera 'cam-a' fps below 10: cleared"),
    ]);
    const above = new RuleEngine([rule({ kind: 'dropped_frames_above', threshold: 5, clearThreshold: 8, forSeconds: 0 })]);
    assert.deepEqual(above.observe(cam('cam-a', 0, { droppedPercent: 6 }), []), [
      opened('r1', 'cam-a', t(0), 6, "Camera 'cam-a' dropped frames 6 % above 5 %"),
    ]);
    assert.deepEqual(above.observe(cam('cam-a', 1, { droppedPercent: 5 }), []), [
      resolved('r1', 'cam-a', t(1), 'cleared', "Camera 'cam-a' dropped frames above 5 %: cleared"),
    ]);
  });

  it('manual resolve does not re-open until the condition clears and holds again', () => {
    const engine = new RuleEngine([rule({ forSeconds: 10, clearForSeconds: 20 })]);
    assert.deepEqual(feed(engine, [offline('cam-a', 0, true), offline('cam-a', 10, true)]), [
      opened('r1', 'cam-a', t(10), true, "Camera 'cam-a' offline for 10 s"),
    ]);
    assert.equal(engine.resolveManually('r1:cam-a'), true);
    assert.equal(engine.resolveManually('r1:cam-a'), false);
    assert.equal(engine.resolveManually('r1:cam-zzz'), false);
    assert.deepEqual(engine.openAlerts(), []);
    // Still failing: nothing. Clear for only 10 s (< clearForSeconds), failing again: still nothing.
    assert.deepEqual(
      feed(
        engine,
        [20, 30, 40].map((s) => offline('cam-a', s, true)),
      ),
      [],
    );
    assert.deepEqual(feed(engine, [offline('cam-a', 50, false), offline('cam-a', 60, true)]), []);
    assert.deepEqual(engine.tick(t(80), []), []);
    // Clear for 20 s: the wait ends silently; failing again for forSeconds opens a new alert.
    assert.deepEqual(engine.observe(offline('cam-a', 90, false), []), []);
    assert.deepEqual(engine.tick(t(110), []), []);
    assert.deepEqual(engine.observe(offline('cam-a', 120, true), []), []);
    assert.deepEqual(engine.tick(t(129), []), []);
    assert.deepEqual(engine.tick(t(130), []), [opened('r1', 'cam-a', t(130), true, "Camera 'cam-a' offline for 10 s")]);
  });
});

describe('RuleEngine: scope and subjects', () => {
  it('group scope applies only to its cameras', () => {
    const engine = new RuleEngine([
      rule({ id: 'grp', forSeconds: 0, scope: { type: 'group', cameraIds: ['cam-a', 'cam-b'] } }),
      rule({ id: 'one', forSeconds: 0, scope: { type: 'camera', cameraId: 'cam-c' } }),
    ]);
    assert.deepEqual(
      feed(
        engine,
        ['cam-a', 'cam-b', 'cam-c', 'cam-d'].map((c) => offline(c, 0, true)),
      ),
      [
        opened('grp', 'cam-a', t(0), true, "Camera 'cam-a' offline"),
        opened('grp', 'cam-b', t(0), true, "Camera 'cam-b' offline"),
        opened('one', 'cam-c', t(0), true, "Camera 'cam-c' offline"),
      ],
    );
    // A tier kind scoped to a camera (an invalid rule) matches nothing, not even a tier with that id.
    const misScoped = new RuleEngine([rule({ kind: 'tier_unreachable', forSeconds: 0, scope: { type: 'camera', cameraId: 'nas' } })]);
    assert.deepEqual(misScoped.observe(tier('nas', 0, { tierUnreachable: true }), []), []);
  });

  it('per-tier subjects for tier_unreachable are independent', () => {
    const engine = new RuleEngine([rule({ kind: 'tier_unreachable', forSeconds: 10 })]);
    assert.deepEqual(feed(engine, [tier('nas', 0, { tierUnreachable: true }), tier('b2', 5, { tierUnreachable: true })]), []);
    assert.deepEqual(engine.tick(t(10), []), [opened('r1', 'nas', t(10), true, "Tier 'nas' unreachable for 10 s")]);
    assert.deepEqual(engine.tick(t(15), []), [opened('r1', 'b2', t(15), true, "Tier 'b2' unreachable for 10 s")]);
    assert.deepEqual(engine.observe(tier('nas', 20, { tierUnreachable: false }), []), [
      resolved('r1', 'nas', t(20), 'cleared', "Tier 'nas' unreachable: cleared"),
    ]);
    assert.deepEqual(engine.observe(tier('b2', 20, { tierUnreachable: true }), []), []);
    assert.deepEqual(engine.openAlerts(), [{ key: 'r1:b2', ruleId: 'r1', subject: 'b2', openedAt: t(15) }]);
  });
});

describe('RuleEngine: quiet hours and snoozes', () => {
  // America/New_York is UTC-5 until 8 March 2026, UTC-4 after; quiet 22:00–07:00 local.
  const nightNY = { start: '22:00', end: '07:00', timeZone: 'America/New_York' };

  it('quiet hours across midnight in a time zone: opened but notify=false; critical still notifies', () => {
    const engine = new RuleEngine([
      rule({ id: 'r-warn', forSeconds: 0, quietHours: nightNY }),
      rule({ id: 'r-crit', forSeconds: 0, quietHours: nightNY, severity: 'critical' }),
    ]);
    const at2230 = Date.UTC(2026, 2, 1, 3, 30); // 22:30 on 28 February in New York
    const obs = (at: number, value: boolean): Observation => ({ subject: 'cam-a', kind: 'camera', at, values: { offline: value } });
    assert.deepEqual(engine.observe(obs(at2230, true), []), [
      opened('r-crit', 'cam-a', at2230, true, "Camera 'cam-a' offline", { severity: 'critical', notify: true }),
      opened('r-warn', 'cam-a', at2230, true, "Camera 'cam-a' offline", { notify: false }),
    ]);
    // Resolving at 06:59 local is still quiet; 07:00 is not (the end is exclusive).
    const engine2 = new RuleEngine([rule({ id: 'r-warn', forSeconds: 0, quietHours: nightNY })]);
    const at0659 = Date.UTC(2026, 2, 1, 11, 59);
    const at0700 = Date.UTC(2026, 2, 1, 12, 0);
    assert.deepEqual(feed(engine2, [obs(at0659 - 20_000, true), obs(at0659, false), obs(at0700 - 10_000, true), obs(at0700, false)]), [
      opened('r-warn', 'cam-a', at0659 - 20_000, true, "Camera 'cam-a' offline", { notify: false }),
      resolved('r-warn', 'cam-a', at0659, 'cleared', "Camera 'cam-a' offline: cleared", false),
      opened('r-warn', 'cam-a', at0700 - 10_000, true, "Camera 'cam-a' offline", { notify: false }),
      resolved('r-warn', 'cam-a', at0700, 'cleared', "Camera 'cam-a' offline: cleared", true),
    ]);
  });

  it('quiet hours follow the zone, its daylight saving time and midnight; bad settings mean none', () => {
    const cases: [string, number, boolean][] = [
      ['21:59 EST', Date.UTC(2026, 2, 1, 2, 59), false],
      ['22:00 EST', Date.UTC(2026, 2, 1, 3, 0), true],
      ['23:59 EST', Date.UTC(2026, 2, 1, 4, 59), true],
      ['00:00 EST', Date.UTC(2026, 2, 1, 5, 0), true],
      ['06:59 EST', Date.UTC(2026, 2, 1, 11, 59), true],
      ['07:00 EST', Date.UTC(2026, 2, 1, 12, 0), false],
      ['21:59 EDT', Date.UTC(2026, 2, 10, 1, 59), false],
      ['22:00 EDT', Date.UTC(2026, 2, 10, 2, 0), true],
      ['06:59 EDT', Date.UTC(2026, 2, 10, 10, 59), true],
      ['07:00 EDT', Date.UTC(2026, 2, 10, 11, 0), false],
    ];
    for (const [name, at, quiet] of cases) assert.equal(inQuietHours(nightNY, at), quiet, name);
    const office = { start: '09:00', end: '17:00', timeZone: 'Europe/Berlin' }; // UTC+1 in March before the 29th
    assert.equal(inQuietHours(office, Date.UTC(2026, 2, 1, 7, 59)), false);
    assert.equal(inQuietHours(office, Date.UTC(2026, 2, 1, 8, 0)), true);
    assert.equal(inQuietHours(office, Date.UTC(2026, 2, 1, 15, 59)), true);
    assert.equal(inQuietHours(office, Date.UTC(2026, 2, 1, 16, 0)), false);
    assert.equal(inQuietHours({ start: '08:00', end: '08:00', timeZone: 'UTC' }, Date.UTC(2026, 2, 1, 8, 0)), false);
    assert.equal(inQuietHours({ start: '00:00', end: '23:59', timeZone: 'Mars/Olympus' }, T0), false);
    assert.equal(inQuietHours({ start: '7:00', end: '23:59', timeZone: 'UTC' }, T0), false);
  });

  it('snoozed rule opens nothing until the snooze ends, then opens if still failing', () => {
    const engine = new RuleEngine([rule()]);
    const snoozes: Snooze[] = [{ ruleId: 'r1', subject: null, until: t(100) }];
    const steps = [0, 20, 40, 60, 80].flatMap((s) => [offline('cam-a', s, true), offline('cam-b', s, s < 50)]);
    assert.deepEqual(feed(engine, steps, snoozes), []);
    assert.deepEqual(engine.tick(t(90), snoozes), []);
    // cam-a failed all along: it opens when the snooze ends; cam-b recovered meanwhile: nothing.
    assert.deepEqual(engine.tick(t(100), snoozes), [opened('r1', 'cam-a', t(100), true, "Camera 'cam-a' offline for 100 s")]);
    assert.deepEqual(
      engine.openAlerts().map((a) => a.key),
      ['r1:cam-a'],
    );
  });

  it('snooze of one camera leaves other cameras alerting', () => {
    const engine = new RuleEngine([rule({ forSeconds: 0 }), rule({ id: 'r2', kind: 'fps_below', threshold: 10, forSeconds: 0 })]);
    const snoozes: Snooze[] = [{ ruleId: null, subject: 'cam-a', until: t(1000) }];
    assert.deepEqual(feed(engine, [cam('cam-a', 0, { offline: true, fps: 1 }), cam('cam-b', 0, { offline: true, fps: 1 })], snoozes), [
      opened('r1', 'cam-b', t(0), true, "Camera 'cam-b' offline"),
      opened('r2', 'cam-b', t(0), 1, "Camera 'cam-b' fps 1 below 10"),
    ]);
  });

  it('an alert open before a snooze stays open and resolves without notifying', () => {
    const engine = new RuleEngine([rule({ forSeconds: 0 })]);
    assert.deepEqual(engine.observe(offline('cam-a', 0, true), []), [opened('r1', 'cam-a', t(0), true, "Camera 'cam-a' offline")]);
    const snoozes: Snooze[] = [{ ruleId: 'r1', subject: 'cam-a', until: t(60) }];
    assert.deepEqual(engine.tick(t(10), snoozes), []);
    assert.deepEqual(
      engine.openAlerts().map((a) => a.key),
      ['r1:cam-a'],
    );
    assert.deepEqual(engine.observe(offline('cam-a', 20, false), snoozes), [
      resolved('r1', 'cam-a', t(20), 'cleared', "Camera 'cam-a' offline: cleared", false),
    ]);
  });
});

describe('RuleEngine: missing data, rule changes and restarts', () => {
  it("stale subject resolves with 'no data'", () => {
    const engine = new RuleEngine([rule({ forSeconds: 10 })]);
    assert.deepEqual(feed(engine, [offline('cam-a', 0, true), offline('cam-a', 10, true)]), [
      opened('r1', 'cam-a', t(10), true, "Camera 'cam-a' offline for 10 s"),
    ]);
    assert.deepEqual(engine.tick(t(40), []), []);
    assert.deepEqual(engine.tick(t(41), []), [resolved('r1', 'cam-a', t(41), 'no data', "Camera 'cam-a' offline: no data for 31 s")]);
    assert.deepEqual(engine.openAlerts(), []);
    // Data again: a fresh pair, forSeconds counted from its first sample.
    assert.deepEqual(engine.observe(offline('cam-a', 50, true), []), []);
    assert.deepEqual(engine.observe(offline('cam-a', 60, true), []), [
      opened('r1', 'cam-a', t(60), true, "Camera 'cam-a' offline for 10 s"),
    ]);
  });

  it('a gap longer than staleAfterSeconds restarts the timers, even without a tick in between', () => {
    const engine = new RuleEngine([rule({ forSeconds: 30 })]);
    assert.deepEqual(feed(engine, [offline('cam-a', 0, true), offline('cam-a', 20, true), offline('cam-a', 51, true)]), []);
    assert.deepEqual(engine.tick(t(80), []), []);
    assert.deepEqual(engine.tick(t(81), []), [opened('r1', 'cam-a', t(81), true, "Camera 'cam-a' offline for 30 s")]);
    // With forSeconds 0, an open alert is resolved for the gap and opened again by the same observation.
    const instant = new RuleEngine([rule({ forSeconds: 0 })], { staleAfterSeconds: 60 });
    assert.deepEqual(feed(instant, [offline('cam-a', 0, true), offline('cam-a', 60, true), offline('cam-a', 121, true)]), [
      opened('r1', 'cam-a', t(0), true, "Camera 'cam-a' offline"),
      resolved('r1', 'cam-a', t(121), 'no data', "Camera 'cam-a' offline: no data for 61 s"),
      opened('r1', 'cam-a', t(121), true, "Camera 'cam-a' offline"),
    ]);
  });

  it("a camera that stops reporting fps resolves its fps alert with 'no data'", () => {
    const engine = new RuleEngine([rule({ kind: 'fps_below', threshold: 10, forSeconds: 0 })]);
    assert.deepEqual(engine.observe(cam('cam-a', 0, { fps: 3 }), []), [opened('r1', 'cam-a', t(0), 3, "Camera 'cam-a' fps 3 below 10")]);
    assert.deepEqual(
      feed(
        engine,
        [10, 20, 30].map((s) => cam('cam-a', s, { offline: true })),
      ),
      [],
    );
    assert.deepEqual(engine.tick(t(31), []), [resolved('r1', 'cam-a', t(31), 'no data', "Camera 'cam-a' fps below 10: no data for 31 s")]);
  });

  it('disabling a rule resolves its open alerts', () => {
    const r1 = rule({ forSeconds: 0 });
    const r2 = rule({ id: 'r2', kind: 'fps_below', threshold: 10, forSeconds: 0 });
    const engine = new RuleEngine([r1, r2]);
    assert.equal(feed(engine, [cam('cam-a', 0, { offline: true, fps: 1 }), cam('cam-b', 0, { offline: true })]).length, 3);
    assert.deepEqual(engine.setRules([{ ...r1, enabled: false }, r2], t(5)), [
      resolved('r1', 'cam-a', t(5), 'rule removed', "Rule 'r1' no longer applies to 'cam-a'", false),
      resolved('r1', 'cam-b', t(5), 'rule removed', "Rule 'r1' no longer applies to 'cam-b'", false),
    ]);
    assert.deepEqual(
      engine.openAlerts().map((a) => a.key),
      ['r2:cam-a'],
    );
    assert.deepEqual(engine.observe(cam('cam-a', 10, { offline: true, fps: 1 }), []), []);
    // Enabled again: it starts from scratch; removed: its alerts resolve.
    assert.deepEqual(engine.setRules([r1, r2], t(15)), []);
    assert.deepEqual(engine.observe(offline('cam-a', 20, true), []), [opened('r1', 'cam-a', t(20), true, "Camera 'cam-a' offline")]);
    assert.deepEqual(engine.setRules([r1], t(25)), [
      resolved('r2', 'cam-a', t(25), 'rule removed', "Rule 'r2' no longer applies to 'cam-a'", false),
    ]);
  });

  it('a changed threshold keeps open alerts; a camera leaving the group, a changed kind or unit resolves', () => {
    const grp = rule({ id: 'g', kind: 'fps_below', threshold: 10, forSeconds: 0, scope: { type: 'group', cameraIds: ['cam-a', 'cam-b'] } });
    const engine = new RuleEngine([grp]);
    assert.equal(feed(engine, [cam('cam-a', 0, { fps: 5 }), cam('cam-b', 0, { fps: 5 })]).length, 2);
    const narrower: Rule = { ...grp, threshold: 6, clearThreshold: 8, scope: { type: 'group', cameraIds: ['cam-a'] } };
    assert.deepEqual(engine.setRules([narrower], t(10)), [
      resolved('g', 'cam-b', t(10), 'rule removed', "Rule 'g' no longer applies to 'cam-b'", false),
    ]);
    // The new thresholds apply from the next sample: 7 is between 6 and 8, the alert stays open.
    assert.deepEqual(engine.observe(cam('cam-a', 20, { fps: 7 }), []), []);
    assert.deepEqual(
      engine.openAlerts().map((a) => a.key),
      ['g:cam-a'],
    );
    assert.deepEqual(engine.setRules([{ ...narrower, kind: 'bitrate_below' }], t(30)), [
      resolved('g', 'cam-a', t(30), 'rule removed', "Rule 'g' no longer applies to 'cam-a'", false),
    ]);
    // disk_free_below switching from percent to bytes reads another metric: a new rule for the engine.
    const disk = rule({ id: 'd', kind: 'disk_free_below', threshold: 5, forSeconds: 0 });
    const diskEngine = new RuleEngine([disk]);
    assert.equal(diskEngine.observe(system(0, { diskFreePercent: 1 }), []).length, 1);
    assert.deepEqual(diskEngine.setRules([{ ...disk, threshold: 6 }], t(1)), []);
    assert.deepEqual(diskEngine.setRules([{ ...disk, unit: 'bytes', threshold: 1e9 }], t(2)), [
      resolved('d', 'system', t(2), 'rule removed', "Rule 'd' no longer applies to 'system'", false),
    ]);
  });

  it('restore after restart keeps dedup (no second open)', () => {
    const rules = [rule({ forSeconds: 10 })];
    const before = new RuleEngine(rules);
    assert.equal(feed(before, [offline('cam-a', 0, true), offline('cam-a', 10, true)]).length, 1);
    const saved = before.openAlerts();
    const ghost = { key: 'gone:cam-a', ruleId: 'gone', subject: 'cam-a', openedAt: t(5) };

    const after = new RuleEngine(rules);
    assert.deepEqual(after.restore([...saved, ...saved, ghost, ghost], t(100)), [
      resolved('gone', 'cam-a', t(100), 'rule removed', "Rule 'gone' no longer applies to 'cam-a'", false),
    ]);
    assert.deepEqual(after.openAlerts(), saved);
    // The same alert again (say, with another openedAt) is already open: nothing changes.
    assert.deepEqual(after.restore([{ ...saved[0]!, openedAt: t(50) }], t(100)), []);
    assert.deepEqual(after.openAlerts(), saved);
    assert.deepEqual(feed(after, [offline('cam-a', 110, true), offline('cam-a', 120, true)]), []);
    assert.deepEqual(after.tick(t(130), []), []);
    assert.deepEqual(after.observe(offline('cam-a', 140, false), []), [
      resolved('r1', 'cam-a', t(140), 'cleared', "Camera 'cam-a' offline: cleared"),
    ]);
  });

  it('an alert restored after its pair got its first samples takes the pair over: still no second open', () => {
    const engine = new RuleEngine([rule()]);
    assert.deepEqual(engine.observe(offline('cam-a', 90, true), []), []);
    assert.deepEqual(engine.restore([{ key: 'r1:cam-a', ruleId: 'r1', subject: 'cam-a', openedAt: t(0) }], t(100)), []);
    assert.deepEqual(engine.openAlerts(), [{ key: 'r1:cam-a', ruleId: 'r1', subject: 'cam-a', openedAt: t(0) }]);
    assert.deepEqual(feed(engine, [offline('cam-a', 110, true), offline('cam-a', 120, true)]), []);
    assert.deepEqual(engine.observe(offline('cam-a', 130, false), []), [
      resolved('r1', 'cam-a', t(130), 'cleared', "Camera 'cam-a' offline: cleared"),
    ]);
  });

  it("a restored alert whose subject never reports again resolves with 'no data' after staleAfterSeconds", () => {
    const engine = new RuleEngine([rule()]);
    assert.deepEqual(engine.restore([{ key: 'r1:cam-gone', ruleId: 'r1', subject: 'cam-gone', openedAt: t(0) }], t(100)), []);
    assert.deepEqual(engine.tick(t(130), []), []);
    assert.deepEqual(engine.tick(t(131), []), [
      resolved('r1', 'cam-gone', t(131), 'no data', "Camera 'cam-gone' offline: no data for 31 s"),
    ]);
  });
});

describe('ruleProblems', () => {
  it('accepts a good rule and names what is wrong with a bad one', () => {
    assert.deepEqual(ruleProblems(rule()), []);
    assert.deepEqual(ruleProblems(rule({ kind: 'fps_below', threshold: 10, clearThreshold: 12 })), []);
    assert.deepEqual(ruleProblems(rule({ kind: 'fps_below' })), ['threshold is required']);
    assert.deepEqual(ruleProblems(rule({ kind: 'fps_below', threshold: 10, clearThreshold: 8 })), [
      'clearThreshold must be at least the threshold',
    ]);
    assert.deepEqual(ruleProblems(rule({ kind: 'restarts_above', threshold: 3, clearThreshold: 4 })), [
      'clearThreshold must be at most the threshold',
    ]);
    assert.deepEqual(
      ruleProblems(
        rule({
          id: 'a:b',
          kind: 'tier_unreachable',
          forSeconds: -1,
          clearForSeconds: Number.NaN,
          scope: { type: 'camera', cameraId: 'cam-a' },
          quietHours: { start: '24:00', end: '07:00', timeZone: 'Nowhere/Else' },
        }),
      ),
      [
        'forSeconds must be a number ≥ 0',
        'clearForSeconds must be a number ≥ 0',
        'tier_unreachable needs a global scope',
        "rule id must not contain ':'",
        "quiet hours must be 'HH:MM'",
        "unknown time zone 'Nowhere/Else'",
      ],
    );
    assert.deepEqual(ruleProblems(rule({ scope: { type: 'group', cameraIds: [] } })), ['the group has no cameras']);
  });
});
