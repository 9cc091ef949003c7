import { useState } from 'react';
import { Alert, ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Pagination } from '../../components/Pagination';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import { RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { SeverityBadge } from './AlertBadges';
import { useChannels, useDeleteChannel, useDeliveries, useTestChannel } from './api';
import { ChannelFormModal } from './ChannelFormModal';
import { CHANNEL_KIND_LABELS, describeTarget, describeTestResult } from './channels';
import type { ChannelTestResult, DeliveryQuery, NotificationChannel } from './types';

/** Notification channels (admins): their health, a test button, and the delivery log. */
export function ChannelsTab() {
  const toast = useToast();
  const channels = useChannels();
  const remove = useDeleteChannel();
  const test = useTestChannel();
  const [editing, setEditing] = useState<NotificationChannel | 'new' | null>(null);
  const [deleting, setDeleting] = useState<NotificationChannel | null>(null);
  const [results, setResults] = useState<Record<string, ChannelTestResult>>({});

  const runTest = (channel: NotificationChannel) => {
    setResults(({ [channel.id]: _, ...rest }) => rest);
    test.mutate(channel.id, { onSuccess: (result) => setResults((all) => ({ ...all, [channel.id]: result })) });
  };

  return (
    <>
      <section className="card" aria-labelledby="channels-title">
        <div className="card-header">
          <div>
            <h2 id="channels-title" className="card-title">
              Notification channels
            </h2>
            <p className="muted small">
              Email, SMS and webhooks. Each notification is queued and retried with backoff; a channel that keeps failing raises an alert of
              its own.
            </p>
          </div>
          <div className="row-actions">
            {channels.isFetching && !channels.isPending && <Spinner size="sm" label="Refreshing" />}
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              <Icon name="plus" size={16} />
              Add channel
            </button>
          </div>
        </div>
        {channels.isError && <ErrorAlert error={channels.error} title="Could not load the channels" />}
        <ErrorAlert error={test.error} title="The test could not run" />
        {channels.isPending ? (
          <LoadingBlock label="Loading channels…" />
        ) : channels.data && channels.data.length === 0 ? (
          <EmptyState
            icon="bell"
            title="No notification channels"
            description="Alerts show in Argus only. Add an email, SMS or webhook channel to be told elsewhere."
          />
        ) : (
          channels.data && (
            <div className="table-wrap">
              <table className="table" data-testid="channels-table">
                <caption className="visually-hidden">Notification channels</caption>
                <thead>
                  <tr>
                    <th scope="col">Channel</th>
                    <th scope="col">Sends to</th>
                    <th scope="col">From severity</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="col-actions">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {channels.data.map((channel) => {
                    const result = results[channel.id];
                    const testing = test.isPending && test.variables === channel.id;
                    return (
                      <tr key={channel.id} data-testid={`channel-${channel.id}`} className={channel.enabled ? undefined : 'row-muted'}>
                        <td>
                          <span className="table-primary">{channel.name}</span>
                          <div className="table-secondary">{CHANNEL_KIND_LABELS[channel.kind]}</div>
                        </td>
                        <td className="break">{describeTarget(channel)}</td>
                        <td>
                          <SeverityBadge severity={channel.minSeverity} />
                        </td>
                        <td className="channel-status">
                          {!channel.enabled ? (
                            <Badge tone="neutral">Disabled</Badge>
                          ) : channel.failing ? (
                            <Badge tone="danger" dot testId={`channel-failing-${channel.id}`}>
                              Failing
                            </Badge>
                          ) : (
                            <Badge tone="success" dot>
                              OK
                            </Badge>
                          )}
                          {channel.lastError && <p className="channel-error">Last error: {channel.lastError}</p>}
                          {result && (
                            <p
                              className={result.ok ? 'channel-test-ok' : 'channel-test-failed'}
                              role="status"
                              data-testid={`channel-test-${channel.id}`}
                            >
                              {describeTestResult(result)}
                            </p>
                          )}
                        </td>
                        <td className="col-actions">
                          <div className="row-actions">
                            <button
                              type="button"
                              className="btn btn-secondary btn-sm"
                              disabled={testing}
                              aria-busy={testing}
                              onClick={() => runTest(channel)}
                            >
                              {testing ? 'Sending…' : 'Send test'}
                              <span className="visually-hidden"> to {channel.name}</span>
                            </button>
                            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(channel)}>
                              Edit<span className="visually-hidden"> {channel.name}</span>
                            </button>
                            <button
                              type="button"
                              className="btn btn-ghost btn-sm btn-danger-text"
                              onClick={() => {
                                remove.reset();
                                setDeleting(channel);
                              }}
                            >
                              Delete<span className="visually-hidden"> {channel.name}</span>
                            </button>
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        )}
      </section>

      <DeliveryLog channels={channels.data ?? []} />

      {editing && <ChannelFormModal channel={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete notification channel?"
          confirmLabel="Delete channel"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.error}
          onCancel={() => setDeleting(null)}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                toast(`Channel ${deleting.name} deleted`);
                setDeleting(null);
              },
            })
          }
        >
          <p>
            <strong>{deleting.name}</strong> stops sending; notifications still queued for it are dropped. Rules that name only this channel
            then send through every channel.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

const DELIVERY_STATES = ['pending', 'sent', 'failed'] as const;
const DELIVERY_TONES = { pending: 'info', sent: 'success', failed: 'danger' } as const;
const PAGE = 25;

/** Every queued notification: where to, about what, how many attempts, what the peer answered. */
function DeliveryLog({ channels }: { channels: readonly NotificationChannel[] }) {
  const [channelId, setChannelId] = useState('');
  const [state, setState] = useState<'' | (typeof DELIVERY_STATES)[number]>('');
  const [offset, setOffset] = useState(0);
  const query: DeliveryQuery = { limit: PAGE, offset, ...(channelId ? { channelId } : {}), ...(state ? { state } : {}) };
  const deliveries = useDeliveries(query);
  const nameOf = (id: string) => channels.find((c) => c.id === id)?.name ?? 'Deleted channel';

  return (
    <section className="card" aria-labelledby="deliveries-title">
      <div className="card-header">
        <div>
          <h2 id="deliveries-title" className="card-title">
            Delivery log
          </h2>
          <p className="muted small">Newest first. Failed attempts are retried with growing delays for about three hours.</p>
        </div>
      </div>
      <div className="toolbar" role="search" aria-label="Filter deliveries">
        <div className="toolbar-field">
          <label htmlFor="deliveries-channel">Channel</label>
          <select
            id="deliveries-channel"
            className="select"
            value={channelId}
            onChange={(e) => {
              setChannelId(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">All channels</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-field">
          <label htmlFor="deliveries-state">State</label>
          <select
            id="deliveries-state"
            className="select"
            value={state}
            onChange={(e) => {
              setState(e.target.value as typeof state);
              setOffset(0);
            }}
          >
            <option value="">Any state</option>
            {DELIVERY_STATES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0).toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-status">{deliveries.isFetching && !deliveries.isPending && <Spinner size="sm" label="Refreshing" />}</div>
      </div>
      {deliveries.isError && <ErrorAlert error={deliveries.error} title="Could not load the delivery log" />}
      {deliveries.isPending ? (
        <LoadingBlock label="Loading the delivery log…" />
      ) : deliveries.data && deliveries.data.items.length === 0 ? (
        <Alert tone="info">Nothing has been sent{channelId || state ? ' that matches these filters' : ' yet'}.</Alert>
      ) : (
        deliveries.data && (
          <>
            <div className="table-wrap">
              <table className="table" data-testid="deliveries-table">
                <caption className="visually-hidden">Notification deliveries</caption>
                <thead>
                  <tr>
                    <th scope="col">Queued</th>
                    <th scope="col">Channel</th>
                    <th scope="col">Notification</th>
                    <th scope="col">State</th>
                    <th scope="col" className="col-optional">
                      Attempts
                    </th>
                    <th scope="col">Last answer</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.data.items.map((d) => {
                    const tone = DELIVERY_TONES[d.state as keyof typeof DELIVERY_TONES] ?? 'neutral';
                    return (
                      <tr key={d.id} data-testid={`delivery-${d.id}`}>
                        <td className="nowrap">
                          <RelativeTime value={d.createdAt} />
                        </td>
                        <td>{nameOf(d.channelId)}</td>
                        <td className="break">
                          {d.subject}
                          <div className="table-secondary mono">{d.event}</div>
                        </td>
                        <td>
                          <Badge tone={tone}>{d.state}</Badge>
                          {d.state === 'sent' && d.sentAt && (
                            <div className="table-secondary">
                              <RelativeTime value={d.sentAt} />
                            </div>
                          )}
                          {d.state === 'pending' && d.nextAttemptAt && (
                            <div className="table-secondary">
                              next <RelativeTime value={d.nextAttemptAt} />
                            </div>
                          )}
                        </td>
                        <td className="col-optional">{d.attempts}</td>
                        <td className="break">
                          {d.lastStatus !== null && <span className="mono">{d.lastStatus} </span>}
                          {d.lastError ? (
                            <span className="channel-error">{d.lastError}</span>
                          ) : (
                            d.lastStatus === null && <span className="muted">—</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pagination total={deliveries.data.total} limit={PAGE} offset={offset} noun="deliveries" onOffsetChange={setOffset} />
          </>
        )
      )}
    </section>
  );
}
