import { Badge, type Tone } from '../../components/Badge';
import { EXPORT_STATE_LABELS, progressPercent, type ExportState } from './progress';
import './exports.css';

const STATE_TONE: Record<ExportState, Tone> = {
  queued: 'neutral',
  running: 'info',
  complete: 'success',
  failed: 'danger',
  expired: 'warning',
};

export function ExportStateBadge({ state, testId }: { state: ExportState; testId?: string }) {
  return (
    <Badge tone={STATE_TONE[state]} testId={testId}>
      {EXPORT_STATE_LABELS[state]}
    </Badge>
  );
}

/** How far an export is: a bar with its percentage, announced as a progressbar. Queued shows as waiting. */
export function ExportProgressBar({ state, progress, label }: { state: ExportState; progress: number; label: string }) {
  const percent = progressPercent(state, progress);
  const waiting = state === 'queued';
  return (
    <div
      className={`progress progress-${STATE_TONE[state]}${waiting ? ' progress-waiting' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={waiting ? undefined : percent}
      aria-valuetext={waiting ? 'Waiting to start' : `${percent}%`}
    >
      <div className="progress-fill" style={{ width: waiting ? undefined : `${percent}%` }} />
    </div>
  );
}
