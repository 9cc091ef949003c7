import { useState } from 'react';
import { ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { Pagination } from '../../components/Pagination';
import { LoadingBlock } from '../../components/Spinner';
import { DateTime } from '../../components/Time';
import { useCameraSessions } from './api';
import { describeEndReason, sessionDuration } from './sessions';

const PAGE_SIZE = 10;

/** The camera's stream sessions (each publish or pull, start to end), newest first. */
export function SessionsTable({ cameraId }: { cameraId: string }) {
  const [offset, setOffset] = useState(0);
  const sessions = useCameraSessions(cameraId, { limit: PAGE_SIZE, offset });

  return (
    <section className="card" aria-labelledby="sessions-title">
      <div className="card-header">
        <h2 id="sessions-title" className="card-title">
          Stream sessions
        </h2>
      </div>
      {sessions.isError && <ErrorAlert error={sessions.error} title="Could not load sessions" />}
      {sessions.isPending ? (
        <LoadingBlock label="Loading sessions…" />
      ) : sessions.data && sessions.data.total === 0 ? (
        <EmptyState title="No sessions yet" icon="record" description="A session starts each time the camera begins streaming to Argus." />
      ) : (
        sessions.data && (
          <>
            <div className="table-wrap">
              <table className="table" data-testid="sessions-table">
                <caption className="visually-hidden">Stream sessions, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Ended</th>
                    <th scope="col">Duration</th>
                    <th scope="col" className="col-optional">
                      Publisher
                    </th>
                    <th scope="col" className="col-optional">
                      End reason
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sessions.data.items.map((session) => (
                    <tr key={session.id}>
                      <td className="nowrap">
                        <DateTime value={session.startedAt} />
                      </td>
                      <td className="nowrap">
                        {session.endedAt ? (
                          <DateTime value={session.endedAt} />
                        ) : (
                          <Badge tone="success" dot>
                            Streaming
                          </Badge>
                        )}
                      </td>
                      <td className="nowrap">{sessionDuration(session.startedAt, session.endedAt)}</td>
                      <td className="col-optional mono">{session.publisherIp ?? <span className="muted">—</span>}</td>
                      <td className="col-optional">{describeEndReason(session.endReason)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {sessions.data.total > PAGE_SIZE && (
              <Pagination total={sessions.data.total} limit={PAGE_SIZE} offset={offset} noun="sessions" onOffsetChange={setOffset} />
            )}
          </>
        )
      )}
    </section>
  );
}
