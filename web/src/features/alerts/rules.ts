// The alert rule form: its values (the text of the inputs), the checks made before anything is
// sent (the server's rules: a threshold for the comparing kinds, hysteresis on the right side,
// cameras only for camera kinds, quiet hours as HH:MM in a real time zone), the API body it
// becomes, and how a saved rule reads in a sentence. Pure.
import { formatSeconds, formatThreshold, isRuleKind, KIND_SPECS, type RuleKind, type Severity } from './model';

export type RuleScope = { type: 'camera'; cameraId: string } | { type: 'group'; cameraIds: string[] } | { type: 'global' };
export interface QuietHours {
  start: string;
  end: string;
  timeZone: string;
}

/** The body of POST /api/alert-rules and PUT /api/alert-rules/:id. */
export interface RuleBody {
  name: string;
  kind: RuleKind;
  threshold: number | null;
  clearThreshold: number | null;
  forSeconds: number;
  clearForSeconds: number;
  severity: Severity;
  scope: RuleScope;
  quietHours: QuietHours | null;
  channelIds: string[];
  enabled: boolean;
}

/** A rule as the API returns it (its kind is a plain string there). */
export interface RuleLike extends Omit<RuleBody, 'kind'> {
  id: string;
  kind: string;
}

export type ScopeType = RuleScope['type'];

export interface RuleFormValues {
  name: string;
  kind: RuleKind;
  threshold: string;
  clearThreshold: string;
  forSeconds: string;
  clearForSeconds: string;
  severity: Severity;
  scopeType: ScopeType;
  /** The camera of a 'camera' scope. */
  cameraId: string;
  /** The cameras of a 'group' scope. */
  cameraIds: string[];
  quietHours: boolean;
  quietStart: string;
  quietEnd: string;
  quietTimeZone: string;
  channelIds: string[];
  enabled: boolean;
}

export type RuleField =
  | 'name'
  | 'kind'
  | 'threshold'
  | 'clearThreshold'
  | 'forSeconds'
  | 'clearForSeconds'
  | 'severity'
  | 'scope'
  | 'quietStart'
  | 'quietEnd'
  | 'quietTimeZone'
  | 'channelIds';
export type RuleErrors = Partial<Record<RuleField, string>>;

export const MAX_NAME = 200;
export const MAX_SECONDS = 86_400;
export const MAX_GROUP = 500;
export const MAX_CHANNELS = 50;

export function emptyRuleForm(timeZone = 'UTC'): RuleFormValues {
  return {
    name: '',
    kind: 'camera_offline',
    threshold: '',
    clearThreshold: '',
    forSeconds: '30',
    clearForSeconds: '10',
    severity: 'warning',
    scopeType: 'global',
    cameraId: '',
    cameraIds: [],
    quietHours: false,
    quietStart: '22:00',
    quietEnd: '07:00',
    quietTimeZone: timeZone,
    channelIds: [],
    enabled: true,
  };
}

/** Server/system kinds (disk, tiers) watch no camera: their scope is always global. */
export function allowsCameraScope(kind: RuleKind): boolean {
  return KIND_SPECS[kind].subjects === 'camera';
}

export function hasThreshold(kind: RuleKind): boolean {
  return KIND_SPECS[kind].test !== 'flag';
}

/**
 * The form after choosing another kind: a comparing kind gets its default threshold when the old
 * one was for another metric, and a system kind's scope becomes global.
 */
export function changeKind(values: RuleFormValues, kind: RuleKind): RuleFormValues {
  if (kind === values.kind) return values;
  const spec = KIND_SPECS[kind];
  const sameMetric = KIND_SPECS[values.kind].unit === spec.unit && KIND_SPECS[values.kind].metric === spec.metric;
  const keep = sameMetric && values.threshold.trim() !== '';
  return {
    ...values,
    kind,
    threshold: spec.test === 'flag' ? '' : keep ? values.threshold : String(spec.defaultThreshold ?? ''),
    clearThreshold: spec.test === 'flag' || !keep ? '' : values.clearThreshold,
    scopeType: allowsCameraScope(kind) ? values.scopeType : 'global',
  };
}

/** A number typed in a field ("12", "12.5", "12,5"); null when empty, NaN when it isn't one. */
export function parseNumberInput(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return NaN;
  return Number(t);
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '' || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function checkSeconds(text: string): { value: number } | { error: string } {
  const n = parseNumberInput(text);
  if (n === null) return { error: 'Enter a number of seconds (0 or more).' };
  if (Number.isNaN(n) || !Number.isInteger(n) || n < 0) return { error: 'Whole seconds, 0 or more.' };
  if (n > MAX_SECONDS) return { error: `At most ${MAX_SECONDS} seconds (24 hours).` };
  return { value: n };
}

export type RuleCheck = { ok: true; errors: RuleErrors; body: RuleBody } | { ok: false; errors: RuleErrors };

/** Checks the form the way the server would and builds the body. */
export function checkRuleForm(values: RuleFormValues): RuleCheck {
  const errors: RuleErrors = {};
  const spec = KIND_SPECS[values.kind];
  const name = values.name.trim();
  if (name === '') errors.name = 'Give the rule a name, e.g. “Gate offline”.';
  else if (name.length > MAX_NAME) errors.name = `At most ${MAX_NAME} characters.`;

  let threshold: number | null = null;
  let clearThreshold: number | null = null;
  if (spec.test !== 'flag') {
    const unit = spec.unit ? ` (${spec.unit})` : '';
    const t = parseNumberInput(values.threshold);
    if (t === null) errors.threshold = `Enter the threshold${unit}.`;
    else if (Number.isNaN(t)) errors.threshold = 'Enter a number.';
    else if ((spec.min !== undefined && t < spec.min) || (spec.max !== undefined && t > spec.max))
      errors.threshold = `Between ${spec.min ?? '…'} and ${spec.max ?? '…'}${unit}.`;
    else threshold = t;

    const c = parseNumberInput(values.clearThreshold);
    if (c !== null) {
      if (Number.isNaN(c)) errors.clearThreshold = 'Enter a number, or leave empty to clear at the threshold.';
      else if ((spec.min !== undefined && c < spec.min) || (spec.max !== undefined && c > spec.max))
        errors.clearThreshold = `Between ${spec.min ?? '…'} and ${spec.max ?? '…'}${unit}.`;
      else if (threshold !== null && spec.test === 'below' && c < threshold)
        errors.clearThreshold = 'The alert clears when the value is back up, so this must be at least the threshold.';
      else if (threshold !== null && spec.test === 'above' && c > threshold)
        errors.clearThreshold = 'The alert clears when the value is back down, so this must be at most the threshold.';
      else clearThreshold = c;
    }
  }

  const forSeconds = checkSeconds(values.forSeconds);
  if ('error' in forSeconds) errors.forSeconds = forSeconds.error;
  const clearForSeconds = checkSeconds(values.clearForSeconds);
  if ('error' in clearForSeconds) errors.clearForSeconds = clearForSeconds.error;

  let scope: RuleScope = { type: 'global' };
  const scopeType = allowsCameraScope(values.kind) ? values.scopeType : 'global';
  if (scopeType === 'camera') {
    if (values.cameraId === '') errors.scope = 'Choose the camera.';
    else scope = { type: 'camera', cameraId: values.cameraId };
  } else if (scopeType === 'group') {
    const ids = [...new Set(values.cameraIds)];
    if (ids.length === 0) errors.scope = 'Choose at least one camera.';
    else if (ids.length > MAX_GROUP) errors.scope = `At most ${MAX_GROUP} cameras.`;
    else scope = { type: 'group', cameraIds: ids };
  }

  let quietHours: QuietHours | null = null;
  if (values.quietHours) {
    const start = values.quietStart.trim();
    const end = values.quietEnd.trim();
    const timeZone = values.quietTimeZone.trim();
    if (!HHMM.test(start)) errors.quietStart = 'A time like 22:00.';
    if (!HHMM.test(end)) errors.quietEnd = 'A time like 07:00.';
    else if (start === end) errors.quietEnd = 'The end must differ from the start (equal times mean no quiet hours).';
    if (!isValidTimeZone(timeZone)) errors.quietTimeZone = 'An IANA time zone, e.g. Europe/Berlin.';
    quietHours = { start, end, timeZone };
  }

  const channelIds = [...new Set(values.channelIds)];
  if (channelIds.length > MAX_CHANNELS) errors.channelIds = `At most ${MAX_CHANNELS} channels.`;

  if (Object.keys(errors).length > 0 || 'error' in forSeconds || 'error' in clearForSeconds) return { ok: false, errors };
  return {
    ok: true,
    errors,
    body: {
      name,
      kind: values.kind,
      threshold,
      clearThreshold,
      forSeconds: forSeconds.value,
      clearForSeconds: clearForSeconds.value,
      severity: values.severity,
      scope,
      quietHours,
      channelIds,
      enabled: values.enabled,
    },
  };
}

/** The form for editing a saved rule. */
export function ruleToForm(rule: RuleLike, timeZone = 'UTC'): RuleFormValues {
  const kind: RuleKind = isRuleKind(rule.kind) ? rule.kind : 'camera_offline';
  const base = emptyRuleForm(timeZone);
  return {
    ...base,
    name: rule.name,
    kind,
    threshold: rule.threshold === null ? '' : String(rule.threshold),
    clearThreshold: rule.clearThreshold === null ? '' : String(rule.clearThreshold),
    forSeconds: String(rule.forSeconds),
    clearForSeconds: String(rule.clearForSeconds),
    severity: rule.severity,
    scopeType: rule.scope.type,
    cameraId: rule.scope.type === 'camera' ? rule.scope.cameraId : '',
    cameraIds: rule.scope.type === 'group' ? [...rule.scope.cameraIds] : [],
    quietHours: rule.quietHours !== null,
    quietStart: rule.quietHours?.start ?? base.quietStart,
    quietEnd: rule.quietHours?.end ?? base.quietEnd,
    quietTimeZone: rule.quietHours?.timeZone ?? base.quietTimeZone,
    channelIds: [...rule.channelIds],
    enabled: rule.enabled,
  };
}

/** A saved rule as a PUT body, with changes (e.g. `{ enabled: false }` for the on/off switch). */
export function ruleToBody(rule: RuleLike, changes: Partial<RuleBody> = {}): RuleBody | null {
  if (!isRuleKind(rule.kind)) return null;
  return {
    name: rule.name,
    kind: rule.kind,
    threshold: rule.threshold,
    clearThreshold: rule.clearThreshold,
    forSeconds: rule.forSeconds,
    clearForSeconds: rule.clearForSeconds,
    severity: rule.severity,
    scope: rule.scope,
    quietHours: rule.quietHours,
    channelIds: rule.channelIds,
    enabled: rule.enabled,
    ...changes,
  };
}

/** The form field a server issue path points at ("scope.cameraId" → scope, "quietHours.timeZone" → quietTimeZone). */
export function ruleIssueField(path: string): RuleField | null {
  const [head, sub] = path.replace(/^\//, '').split(/[./]/);
  switch (head) {
    case 'name':
    case 'kind':
    case 'threshold':
    case 'clearThreshold':
    case 'forSeconds':
    case 'clearForSeconds':
    case 'severity':
    case 'scope':
    case 'channelIds':
      return head;
    case 'quietHours':
      return sub === 'end' ? 'quietEnd' : sub === 'timeZone' ? 'quietTimeZone' : 'quietStart';
    default:
      return null;
  }
}

/**
 * The condition in words: "Offline for 30 s", "Frame rate below 10 fps for 1 min · clears at
 * 12 fps after 10 s".
 */
export function describeCondition(
  rule: Pick<RuleLike, 'kind' | 'threshold' | 'clearThreshold' | 'forSeconds' | 'clearForSeconds'>,
): string {
  if (!isRuleKind(rule.kind)) return rule.kind;
  const spec = KIND_SPECS[rule.kind];
  const held = rule.forSeconds > 0 ? ` for ${formatSeconds(rule.forSeconds)}` : '';
  const clears = rule.clearForSeconds > 0 ? ` after ${formatSeconds(rule.clearForSeconds)}` : '';
  if (spec.test === 'flag') {
    return `${spec.label}${held} · resolves when clear${clears}`;
  }
  const t = rule.threshold === null ? '?' : formatThreshold(rule.kind, rule.threshold);
  const metric = spec.metric ?? spec.label;
  const head = `${metric.charAt(0).toUpperCase()}${metric.slice(1)} ${spec.test} ${t}${held}`;
  const back =
    rule.clearThreshold !== null && rule.clearThreshold !== rule.threshold ? ` at ${formatThreshold(rule.kind, rule.clearThreshold)}` : '';
  return `${head} · clears${back}${clears}`;
}

/** "All cameras", "Gate", "3 cameras", "Server and storage tiers". */
export function describeScope(kind: string, scope: RuleScope, nameOf: (id: string) => string | null): string {
  if (isRuleKind(kind) && !allowsCameraScope(kind)) return kind === 'disk_free_below' ? 'Recordings disk' : 'All storage tiers';
  if (scope.type === 'global') return 'All cameras';
  if (scope.type === 'camera') return nameOf(scope.cameraId) ?? `Camera ${scope.cameraId}`;
  if (scope.cameraIds.length === 1) return nameOf(scope.cameraIds[0]!) ?? '1 camera';
  return `${scope.cameraIds.length} cameras`;
}

/** Whether quiet hours are active at `now` (wall-clock minutes in their zone, [start, end), across midnight). */
export function inQuietHours(quiet: QuietHours | null, now: number): boolean {
  if (!quiet || !HHMM.test(quiet.start) || !HHMM.test(quiet.end) || !isValidTimeZone(quiet.timeZone)) return false;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: quiet.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const m = hour * 60 + minute;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  if (start === end) return false;
  return start < end ? m >= start && m < end : m >= start || m < end;
}
