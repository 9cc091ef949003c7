/**
 * Pure alert rule engine: which alerts open and resolve, when, and whether to notify about it.
 * Observations (metric samples of cameras, tiers and the system) and the time come in; lifecycle
 * transitions come out. No I/O, no clock: every method takes the time it runs at (ms since the epoch).
 * The server persists alerts, renders names into messages and delivers notifications.
 *
 * Rules (the tests pin them):
 * - Subjects. A rule applies to a subject — a camera id, a tier id or 'system' — and every (rule, subject)
 *   pair is tracked on its own; its alert key is `alertKey(ruleId, subject)` = "ruleId:subject" (rule ids
 *   must not contain ':'). Camera kinds (camera_offline, fps_below, bitrate_below, dropped_frames_above,
 *   restarts_above, recording_stalled) apply to 'camera' observations; tier_unreachable and
 *   s3_upload_failing to 'tier' ones; disk_free_below to 'system' and 'tier' ones. Scope: 'camera' and
 *   'group' take only the cameras they name (a tier or system kind with such a scope matches nothing);
 *   'global' takes every subject of the right kind. Disabled rules are not evaluated at all.
 * - Conditions. Each kind reads one metric: offline, fps, bitrateKbps, droppedPercent, restartsLastHour,
 *   recordingStalled, diskFreePercent (or diskFreeBytes when the rule's unit is 'bytes'; 'percent' is the
 *   default), tierUnreachable, s3UploadFailing. A boolean kind fails on true (a number counts as true when
 *   not 0); a "below" kind fails when value < threshold, an "above" kind when value > threshold. An
 *   observation without the rule's metric (or with a non-finite number, or a boolean for a threshold kind)
 *   is no data for that pair: nothing changes for it. A threshold kind without a finite threshold
 *   matches nothing (`ruleProblems` reports it).
 * - Hysteresis. A failing sample makes the pair "bad"; it turns "good" only on a sample at or past the
 *   clear threshold (below kinds: value >= clearThreshold; above kinds: value <= clearThreshold; null = the
 *   threshold itself; one on the wrong side of the threshold counts as the threshold). A sample in between
 *   keeps the previous state; for a pair that has no state yet it sets none.
 * - Durations. A sample's state is taken to last until the next sample (or until the pair goes stale).
 *   An alert opens when the pair has been bad for at least `forSeconds` (0 = at the first failing sample),
 *   and resolves ('cleared') when it has been good for at least `clearForSeconds`. Both are checked on
 *   every observation of the pair and on every `tick`, so an alert opens or resolves at the first call at
 *   or after the moment, with `at` = that call's time. An open reports the latest failing sample (not a
 *   later one between the thresholds) as its value, and in its message how long the pair has been bad.
 * - Dedup. A pair has at most one open alert (acknowledging is the server's business and changes nothing
 *   here): while it is open, failing samples, flapping and recurring conditions open nothing more.
 * - Manual resolve (`resolveManually`): the alert closes without a transition, and the pair opens nothing
 *   until the condition has cleared exactly as it would have to resolve the alert (good for
 *   clearForSeconds) and then failed again for forSeconds.
 * - Staleness. A pair with no data for more than `staleAfterSeconds` (default 30; exactly 30 is still
 *   fresh) is dropped, its timers with it, and its open alert resolves with reason 'no data'. This is
 *   checked first, on every `tick` and on the pair's next observation (which then starts a fresh pair),
 *   so a stale pair never opens an alert. Data arriving again after that starts from scratch.
 * - Snoozes. A snooze matches a pair when its ruleId and subject each equal the pair's or are null (null
 *   and null snoozes everything) and `at < until`. A snoozed pair keeps tracking its condition but opens
 *   nothing; an alert already open stays open and its resolve does not notify. When the snooze ends, a
 *   pair that has been bad for forSeconds (counted from when it turned bad, snooze included) opens at the
 *   next call.
 * - Notify. An open or a resolve notifies unless the pair is snoozed at that time, or the time is within
 *   the rule's quiet hours and the severity is not 'critical'. Quiet hours are local wall-clock minutes
 *   in their IANA time zone, [start, end): start > end crosses midnight, start = end is empty, an invalid
 *   time or zone means no quiet hours. Resolves for 'rule removed' never notify.
 * - Rule changes (`setRules`): a rule removed, disabled or changed in kind or unit drops all its pairs,
 *   and a pair whose subject left the rule's scope is dropped; their open alerts resolve with reason
 *   'rule removed'. Other changes (thresholds, durations, severity, quiet hours) keep pairs and open
 *   alerts; the new values apply from the next sample or tick.
 * - Restart (`openAlerts` / `restore`): open alerts are exported and restored (bad since openedAt, data
 *   fresh as of the restore time); the key is recomputed from ruleId and subject. One whose rule is
 *   unknown, disabled or does not cover the subject resolves at once with 'rule removed'. Pending timers
 *   and manual-resolve waits are not exported: after a restart they start again.
 * - Out of order: an observation older than the pair's latest data is ignored for that pair.
 * - Output order: transitions are sorted by key; for one key, a resolve comes before an open.
 */

export type RuleKind =
  | 'camera_offline'
  | 'fps_below'
  | 'bitrate_below'
  | 'dropped_frames_above'
  | 'restarts_above'
  | 'recording_stalled'
  | 'disk_free_below'
  | 'tier_unreachable'
  | 's3_upload_failing';

export type Severity = 'info' | 'warning' | 'critical';

export type Metric =
  | 'offline'
  | 'fps'
  | 'bitrateKbps'
  | 'droppedPercent'
  | 'restartsLastHour'
  | 'recordingStalled'
  | 'diskFreeBytes'
  | 'diskFreePercent'
  | 'tierUnreachable'
  | 's3UploadFailing';

export type SubjectKind = 'camera' | 'tier' | 'system';

export type RuleScope = { type: 'camera'; cameraId: string } | { type: 'group'; cameraIds: string[] } | { type: 'global' };

export interface QuietHours {
  /** 'HH:MM', local time in timeZone, inclusive. */
  start: string;
  /** 'HH:MM', exclusive. */
  end: string;
  /** IANA zone, e.g. 'Europe/Berlin'. */
  timeZone: string;
}

export interface Rule {
  id: string;
  kind: RuleKind;
  /** Required by the threshold kinds, ignored by the boolean ones. */
  threshold: number | null;
  /** Threshold kinds only: where the condition clears (hysteresis); null = the threshold. */
  clearThreshold: number | null;
  forSeconds: number;
  clearForSeconds: number;
  severity: Severity;
  scope: RuleScope;
  quietHours: QuietHours | null;
  enabled: boolean;
  /** disk_free_below only: compare diskFreePercent (default) or diskFreeBytes. */
  unit?: 'percent' | 'bytes';
}

export interface Observation {
  /** cameraId | tierId | 'system' */
  subject: string;
  kind: SubjectKind;
  at: number;
  values: Partial<Record<Metric, number | boolean>>;
}

export interface Snooze {
  /** null = every rule. */
  ruleId: string | null;
  /** null = every subject. */
  subject: string | null;
  /** Exclusive, ms since the epoch. */
  until: number;
}

export type ResolveReason = 'cleared' | 'no data' | 'rule removed';

export type Transition =
  | {
      type: 'open';
      key: string;
      ruleId: string;
      subject: string;
      at: number;
      value: number | boolean;
      severity: Severity;
      notify: boolean;
      message: string;
    }
  | { type: 'resolve'; key: string; ruleId: string; subject: string; at: number; reason: ResolveReason; notify: boolean; message: string };

export interface OpenAlert {
  key: string;
  ruleId: string;
  subject: string;
  openedAt: number;
}

export interface RuleEngineOptions {
  /** Default 30. */
  staleAfterSeconds?: number;
}

export const DEFAULT_STALE_AFTER_SECONDS = 30;

export const alertKey = (ruleId: string, subject: string) => `${ruleId}:${subject}`;

type Test = 'flag' | 'below' | 'above';

interface KindSpec {
  subjects: readonly SubjectKind[];
  test: Test;
  metric: (rule: Rule) => Metric;
  /** What is wrong, for an open: "fps 8 below 10". */
  problem: (rule: Rule, value: number | boolean) => string;
  /** The condition, for a resolve: "fps below 10". */
  title: (rule: Rule) => string;
}

const CAMERA: readonly SubjectKind[] = ['camera'];
const TIER: readonly SubjectKind[] = ['tier'];

const flag = (subjects: readonly SubjectKind[], metric: Metric, text: string): KindSpec => ({
  subjects,
  test: 'flag',
  metric: () => metric,
  problem: () => text,
  title: () => text,
});

const compare = (test: 'below' | 'above', metric: Metric, label: string, unit: string): KindSpec => ({
  subjects: CAMERA,
  test,
  metric: () => metric,
  problem: (r, v) => `${label} ${num(v)}${unit} ${test} ${num(r.threshold)}${unit}`,
  title: (r) => `${label} ${test} ${num(r.threshold)}${unit}`,
});

const diskUnit = (r: Rule) => (r.unit === 'bytes' ? ' bytes' : ' %');

const KINDS: Record<RuleKind, KindSpec> = {
  camera_offline: flag(CAMERA, 'offline', 'offline'),
  fps_below: compare('below', 'fps', 'fps', ''),
  bitrate_below: compare('below', 'bitrateKbps', 'bitrate', ' kbps'),
  dropped_frames_above: compare('above', 'droppedPercent', 'dropped frames', ' %'),
  restarts_above: {
    subjects: CAMERA,
    test: 'above',
    metric: () => 'restartsLastHour',
    problem: (r, v) => `${num(v)} pipeline restarts in the last hour (more than ${num(r.threshold)})`,
    title: (r) => `more than ${num(r.threshold)} pipeline restarts in the last hour`,
  },
  recording_stalled: flag(CAMERA, 'recordingStalled', 'recording stalled'),
  disk_free_below: {
    subjects: ['system', 'tier'],
    test: 'below',
    metric: (r) => (r.unit === 'bytes' ? 'diskFreeBytes' : 'diskFreePercent'),
    problem: (r, v) => `disk free ${num(v)}${diskUnit(r)} below ${num(r.threshold)}${diskUnit(r)}`,
    title: (r) => `disk free below ${num(r.threshold)}${diskUnit(r)}`,
  },
  tier_unreachable: flag(TIER, 'tierUnreachable', 'unreachable'),
  s3_upload_failing: flag(TIER, 's3UploadFailing', 'S3 uploads failing'),
};

function num(v: number | boolean | null): string {
  return typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v);
}

function subjectLabel(rule: Rule, subject: string): string {
  const kinds = KINDS[rule.kind].subjects;
  if (kinds.includes('camera')) return `Camera '${subject}'`;
  return subject === 'system' && kinds.includes('system') ? 'System' : `Tier '${subject}'`;
}

const seconds = (n: number) => (Number.isFinite(n) && n > 0 ? n * 1000 : 0);

function inScope(rule: Rule, subject: string): boolean {
  const s = rule.scope;
  return s.type === 'global' || (s.type === 'camera' ? s.cameraId === subject : s.cameraIds.includes(subject));
}

function applies(rule: Rule, kind: SubjectKind, subject: string): boolean {
  if (!rule.enabled || !KINDS[rule.kind].subjects.includes(kind)) return false;
  return rule.scope.type === 'global' || (kind === 'camera' && inScope(rule, subject));
}

/** The usable value of a raw metric for this rule, or null when it is no data. */
function reading(rule: Rule, raw: number | boolean | undefined): number | boolean | null {
  if (KINDS[rule.kind].test === 'flag') {
    if (typeof raw === 'boolean') return raw;
    return typeof raw === 'number' && Number.isFinite(raw) ? raw !== 0 : null;
  }
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
}

/** 'bad' = failing, 'good' = cleared, 'band' = between threshold and clear threshold; null = rule unusable. */
function classify(rule: Rule, value: number | boolean): 'bad' | 'good' | 'band' | null {
  const test = KINDS[rule.kind].test;
  if (test === 'flag') return value === true ? 'bad' : 'good';
  const t = rule.threshold;
  if (typeof value !== 'number' || t === null || !Number.isFinite(t)) return null;
  const c = rule.clearThreshold !== null && Number.isFinite(rule.clearThreshold) ? rule.clearThreshold : t;
  // Failing is tested first, so a clear threshold on the wrong side of the threshold acts as the threshold.
  if (test === 'below') return value < t ? 'bad' : value >= c ? 'good' : 'band';
  return value > t ? 'bad' : value <= c ? 'good' : 'band';
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string): number | null {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** Minutes since local midnight in the zone, or null for an unknown zone. */
function localMinutes(at: number, timeZone: string): number | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      f = null;
    }
    formatters.set(timeZone, f);
  }
  if (f === null) return null;
  let hour = 0;
  let minute = 0;
  for (const part of f.formatToParts(at)) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

/** True when `at` falls in [start, end) local time; start > end crosses midnight; start = end is empty. */
export function inQuietHours(q: QuietHours, at: number): boolean {
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  const now = localMinutes(at, q.timeZone);
  if (start === null || end === null || now === null || start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** What is wrong with a rule's configuration (empty when it is usable), for validation at the edge. */
export function ruleProblems(rule: Rule): string[] {
  const problems: string[] = [];
  const spec = KINDS[rule.kind];
  if (!spec) return [`unknown kind '${String(rule.kind)}'`];
  if (spec.test !== 'flag') {
    const t = rule.threshold;
    const c = rule.clearThreshold;
    if (t === null || !Number.isFinite(t)) problems.push('threshold is required');
    else if (c !== null && (!Number.isFinite(c) || (spec.test === 'below' ? c < t : c > t)))
      problems.push(`clearThreshold must be ${spec.test === 'below' ? 'at least' : 'at most'} the threshold`);
  }
  for (const field of ['forSeconds', 'clearForSeconds'] as const)
    if (!Number.isFinite(rule[field]) || rule[field] < 0) problems.push(`${field} must be a number ≥ 0`);
  if (rule.scope.type !== 'global' && !spec.subjects.includes('camera')) problems.push(`${rule.kind} needs a global scope`);
  if (rule.scope.type === 'group' && rule.scope.cameraIds.length === 0) problems.push('the group has no cameras');
  if (rule.id.includes(':')) problems.push("rule id must not contain ':'");
  const q = rule.quietHours;
  if (q) {
    if (minutesOf(q.start) === null || minutesOf(q.end) === null) problems.push("quiet hours must be 'HH:MM'");
    if (localMinutes(0, q.timeZone) === null) problems.push(`unknown time zone '${q.timeZone}'`);
  }
  return problems;
}

interface Pair {
  key: string;
  ruleId: string;
  subject: string;
  lastDataAt: number;
  /** The latest failing sample: the value an open reports. */
  lastBadValue: number | boolean | null;
  bad: boolean;
  badSince: number | null;
  goodSince: number | null;
  openedAt: number | null;
  /** Manually resolved: waits for the condition to clear before it may open again. */
  suppressed: boolean;
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function indexRules(rules: Rule[]): Map<string, Rule> {
  const map = new Map<string, Rule>();
  for (const r of rules) if (!map.has(r.id)) map.set(r.id, r);
  return map;
}

const unitOf = (r: Rule) => (r.kind === 'disk_free_below' ? (r.unit ?? 'percent') : null);

export class RuleEngine {
  private rules: Map<string, Rule>;
  private readonly pairs = new Map<string, Pair>();
  private readonly staleMs: number;

  constructor(rules: Rule[], options: RuleEngineOptions = {}) {
    this.rules = indexRules(rules);
    this.staleMs = seconds(options.staleAfterSeconds ?? DEFAULT_STALE_AFTER_SECONDS);
  }

  /** Replaces the rules; pairs of removed, disabled or re-kinded rules, and subjects out of scope, are dropped. */
  setRules(rules: Rule[], at: number): Transition[] {
    const next = indexRules(rules);
    const out: Transition[] = [];
    for (const pair of this.sortedPairs()) {
      const old = this.rules.get(pair.ruleId)!;
      const rule = next.get(pair.ruleId);
      if (rule && rule.enabled && rule.kind === old.kind && unitOf(rule) === unitOf(old) && inScope(rule, pair.subject)) continue;
      this.pairs.delete(pair.key);
      if (pair.openedAt !== null) out.push(removed(pair.ruleId, pair.subject, at));
    }
    this.rules = next;
    return out;
  }

  /** One sample of a subject: updates every pair of a rule that applies to it and has its metric. */
  observe(o: Observation, snoozes: Snooze[]): Transition[] {
    const out: Transition[] = [];
    for (const rule of this.rules.values()) {
      if (!applies(rule, o.kind, o.subject)) continue;
      const value = reading(rule, o.values[KINDS[rule.kind].metric(rule)]);
      const state = value === null ? null : classify(rule, value);
      if (value === null || state === null) continue;
      const key = alertKey(rule.id, o.subject);
      let pair = this.pairs.get(key);
      if (pair && o.at < pair.lastDataAt) continue;
      if (pair && o.at - pair.lastDataAt > this.staleMs) {
        out.push(...this.expire(pair, rule, o.at, snoozes));
        pair = undefined;
      }
      if (!pair) {
        pair = {
          key,
          ruleId: rule.id,
          subject: o.subject,
          lastDataAt: o.at,
          lastBadValue: null,
          bad: false,
          badSince: null,
          goodSince: null,
          openedAt: null,
          suppressed: false,
        };
        this.pairs.set(key, pair);
      }
      pair.lastDataAt = o.at;
      if (state === 'bad') pair.lastBadValue = value;
      if (state === 'bad' && !pair.bad) {
        pair.bad = true;
        pair.badSince = o.at;
        pair.goodSince = null;
      } else if (state === 'good' && (pair.bad || pair.goodSince === null)) {
        pair.bad = false;
        pair.badSince = null;
        pair.goodSince = o.at;
      }
      const t = this.evaluate(pair, rule, o.at, snoozes);
      if (t) out.push(t);
    }
    return out.sort(byKey);
  }

  /** The passing of time: staleness, durations elapsing without new samples, snoozes ending. */
  tick(now: number, snoozes: Snooze[]): Transition[] {
    const out: Transition[] = [];
    for (const pair of this.sortedPairs()) {
      const rule = this.rules.get(pair.ruleId)!;
      if (now - pair.lastDataAt > this.staleMs) {
        out.push(...this.expire(pair, rule, now, snoozes));
        continue;
      }
      const t = this.evaluate(pair, rule, now, snoozes);
      if (t) out.push(t);
    }
    return out;
  }

  /** Closes an open alert without a transition; false when the key has no open alert. */
  resolveManually(key: string): boolean {
    const pair = this.pairs.get(key);
    if (!pair || pair.openedAt === null) return false;
    pair.openedAt = null;
    pair.suppressed = true;
    return true;
  }

  openAlerts(): OpenAlert[] {
    return this.sortedPairs()
      .filter((p) => p.openedAt !== null)
      .map((p) => ({ key: p.key, ruleId: p.ruleId, subject: p.subject, openedAt: p.openedAt! }));
  }

  /** Takes back the open alerts persisted before a restart; those no rule covers any more resolve at once. */
  restore(open: OpenAlert[], at: number): Transition[] {
    const out: Transition[] = [];
    for (const a of open) {
      const rule = this.rules.get(a.ruleId);
      const key = alertKey(a.ruleId, a.subject);
      const pair = this.pairs.get(key);
      if (pair && pair.openedAt !== null) continue;
      if (!rule || !rule.enabled || !inScope(rule, a.subject)) {
        if (!out.some((t) => t.key === key)) out.push(removed(a.ruleId, a.subject, at));
      } else if (pair) {
        pair.openedAt = a.openedAt;
        pair.suppressed = false;
      } else {
        this.pairs.set(key, {
          key,
          ruleId: a.ruleId,
          subject: a.subject,
          lastDataAt: at,
          lastBadValue: null,
          bad: true,
          badSince: a.openedAt,
          goodSince: null,
          openedAt: a.openedAt,
          suppressed: false,
        });
      }
    }
    return out.sort(byKey);
  }

  private sortedPairs(): Pair[] {
    return [...this.pairs.values()].sort(byKey);
  }

  private evaluate(pair: Pair, rule: Rule, now: number, snoozes: Snooze[]): Transition | null {
    const cleared = !pair.bad && pair.goodSince !== null && now - pair.goodSince >= seconds(rule.clearForSeconds);
    if (pair.openedAt !== null) {
      if (!cleared) return null;
      pair.openedAt = null;
      const message = `${subjectLabel(rule, pair.subject)} ${KINDS[rule.kind].title(rule)}: cleared`;
      return {
        type: 'resolve',
        key: pair.key,
        ruleId: rule.id,
        subject: pair.subject,
        at: now,
        reason: 'cleared',
        notify: notify(rule, pair.subject, now, snoozes),
        message,
      };
    }
    if (pair.suppressed) {
      if (cleared) pair.suppressed = false;
      return null;
    }
    if (!pair.bad || pair.badSince === null || pair.lastBadValue === null || now - pair.badSince < seconds(rule.forSeconds)) return null;
    if (snoozes.some((s) => snoozed(s, rule.id, pair.subject, now))) return null;
    pair.openedAt = now;
    const held = Math.floor((now - pair.badSince) / 1000);
    const message = `${subjectLabel(rule, pair.subject)} ${KINDS[rule.kind].problem(rule, pair.lastBadValue)}${held > 0 ? ` for ${held} s` : ''}`;
    return {
      type: 'open',
      key: pair.key,
      ruleId: rule.id,
      subject: pair.subject,
      at: now,
      value: pair.lastBadValue,
      severity: rule.severity,
      notify: notify(rule, pair.subject, now, snoozes),
      message,
    };
  }

  /** Drops a stale pair; its open alert resolves with 'no data'. */
  private expire(pair: Pair, rule: Rule, now: number, snoozes: Snooze[]): Transition[] {
    this.pairs.delete(pair.key);
    if (pair.openedAt === null) return [];
    const gap = Math.floor((now - pair.lastDataAt) / 1000);
    const message = `${subjectLabel(rule, pair.subject)} ${KINDS[rule.kind].title(rule)}: no data for ${gap} s`;
    return [
      {
        type: 'resolve',
        key: pair.key,
        ruleId: rule.id,
        subject: pair.subject,
        at: now,
        reason: 'no data',
        notify: notify(rule, pair.subject, now, snoozes),
        message,
      },
    ];
  }
}

function snoozed(s: Snooze, ruleId: string, subject: string, at: number): boolean {
  return at < s.until && (s.ruleId === null || s.ruleId === ruleId) && (s.subject === null || s.subject === subject);
}

function notify(rule: Rule, subject: string, at: number, snoozes: Snooze[]): boolean {
  if (snoozes.some((s) => snoozed(s, rule.id, subject, at))) return false;
  return rule.severity === 'critical' || rule.quietHours === null || !inQuietHours(rule.quietHours, at);
}

function removed(ruleId: string, subject: string, at: number): Transition {
  const message = `Rule '${ruleId}' no longer applies to '${subject}'`;
  return { type: 'resolve', key: alertKey(ruleId, subject), ruleId, subject, at, reason: 'rule removed', notify: false, message };
}
