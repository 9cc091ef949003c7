import { Badge } from '../../components/Badge';
import { SEVERITY_LABELS, SEVERITY_TONES, STATE_LABELS, STATE_TONES, type AlertState, type Severity } from './model';

export function SeverityBadge({ severity, testId }: { severity: Severity; testId?: string }) {
  return (
    <Badge tone={SEVERITY_TONES[severity]} dot testId={testId}>
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}

export function AlertStateBadge({ state, testId }: { state: AlertState; testId?: string }) {
  return (
    <Badge tone={STATE_TONES[state]} testId={testId}>
      {STATE_LABELS[state]}
    </Badge>
  );
}
