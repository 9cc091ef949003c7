import { Badge, type Tone } from '../../components/Badge';
import { DateTime } from '../../components/Time';
import { formatNumber } from '../../lib/format';
import { rankLabel, tierLocation } from './tiers';
import type { UsageTier } from './types';
import { daysUntilFullTone, formatBytes, formatDaysUntilFull, formatRate, formatSpan } from './units';
import { belowFloor, usageBar, type UsageBar } from './usage';

const RANK_TONE: Tone[] = ['danger', 'warning', 'info'];

export function RankBadge({ rank }: { rank: number }) {
  return <Badge tone={RANK_TONE[rank] ?? 'accent'}>{rankLabel(rank)}</Badge>;
}

export function KindLabel({ kind }: { kind: 'local' | 's3' }) {
  return <>{kind === 'local' ? 'Local folder' : 'S3 bucket'}</>;
}

/** The bar of a tier's usage, with its segments named for screen readers. */
export function UsageBarView({ bar, label }: { bar: UsageBar; label: string }) {
  const used = Math.round(bar.usedPercent);
  return (
    <div className="usage">
      <div
        className={`usage-bar usage-${bar.tone}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, used)}
        aria-valuetext={`${used} % ${bar.basis === 'quota' ? 'of quota' : 'of the space Argus can use'}: ${bar.summary}`}
      >
        {bar.segments.map((segment) => (
          <span key={segment.kind} className={`usage-part usage-part-${segment.kind}`} style={{ width: `${segment.percent}%` }} />
        ))}
      </div>
      <div className="usage-caption">
        <span>{bar.summary}</span>
        <span className="usage-percent">{used} %</span>
      </div>
    </div>
  );
}

/** One tier on the Overview: where it is, whether it answers, how full it is and how fast it fills. */
export function TierCard({ tier }: { tier: UsageTier }) {
  const bar = usageBar(tier);
  const daysTone = daysUntilFullTone(tier.daysUntilFull);
  const floorCrossed = tier.kind === 'local' && belowFloor(tier);
  return (
    <article
      className={`card tier-card${tier.reachable ? '' : ' tier-card-down'}`}
      data-testid={`tier-card-${tier.id}`}
      aria-label={`Tier ${tier.name}`}
    >
      <header className="tier-card-head">
        <div className="tier-card-title">
          <h3 className="card-title">{tier.name}</h3>
          <RankBadge rank={tier.rank} />
        </div>
        {tier.reachable ? (
          <Badge tone="success" dot testId={`tier-status-${tier.id}`}>
            Reachable
          </Badge>
        ) : (
          <Badge tone="danger" dot testId={`tier-status-${tier.id}`}>
            Unreachable
          </Badge>
        )}
      </header>
      <p className="tier-card-where">
        <span className="muted">
          <KindLabel kind={tier.kind} />
          {tier.builtIn && ' · built-in recordings folder'}
        </span>
        <code className="mono small break" title={tierLocation(tier)}>
          {tierLocation(tier)}
        </code>
      </p>
      {!tier.reachable && (
        <p className="tier-card-error" role="alert">
          {tier.error ?? 'The tier does not answer.'}
        </p>
      )}
      {bar ? (
        <UsageBarView bar={bar} label={`Usage of tier ${tier.name}`} />
      ) : (
        <p className="usage-caption">
          <span>{formatBytes(tier.bytes)} used · no quota</span>
        </p>
      )}
      <dl className="tier-facts">
        <div>
          <dt>Chunks</dt>
          <dd>{formatNumber(tier.chunks)}</dd>
        </div>
        <div>
          <dt>Footage</dt>
          <dd>
            {tier.oldest ? (
              <>
                <DateTime value={tier.oldest} /> → <DateTime value={tier.newest} />
                <span className="muted"> ({formatSpan(tier.oldest, tier.newest)})</span>
              </>
            ) : (
              <span className="muted">none yet</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Writes</dt>
          <dd>{formatRate(tier.writeBytesPerDay)}</dd>
        </div>
        <div>
          <dt>Full in</dt>
          <dd className={daysTone === 'neutral' ? undefined : `text-${daysTone}`} data-testid={`tier-days-${tier.id}`}>
            {formatDaysUntilFull(tier.daysUntilFull)}
          </dd>
        </div>
        <div>
          <dt>Quota</dt>
          <dd>{tier.quotaBytes === null ? <span className="muted">none</span> : formatBytes(tier.quotaBytes)}</dd>
        </div>
        {tier.kind === 'local' && (
          <div>
            <dt>Free / floor</dt>
            <dd className={floorCrossed ? 'text-danger' : undefined}>
              {tier.freeBytes === null ? '—' : formatBytes(tier.freeBytes)} free
              {' / '}
              {tier.floorBytesResolved === null || tier.floorBytesResolved === 0
                ? 'no floor'
                : `keep ${formatBytes(tier.floorBytesResolved)}`}
              {tier.floorPercent !== null && <span className="muted"> ({tier.floorPercent} % of the disk)</span>}
            </dd>
          </div>
        )}
      </dl>
    </article>
  );
}
