import { useState } from 'preact/hooks';
import { formatTime } from '../format.js';
import type { ConsoleAuditEventsQueryVariables } from '../gql/graphql.js';
import { useSession } from '../session.js';
import { useQuery } from '../useQuery.js';
import { AuditEventsQuery } from './operations.js';

type Filters = Omit<ConsoleAuditEventsQueryVariables, 'first' | 'after'>;

/** The audit log, newest first, searched by action, actor, target and time (auditEvents). */
export function AuditPage() {
  const { client } = useSession();
  const [filters, setFilters] = useState<Filters>({});
  const [after, setAfter] = useState<(string | null)[]>([null]);
  const cursor = after[after.length - 1] ?? null;
  const events = useQuery(() => client.request(AuditEventsQuery, { ...filters, first: 50, after: cursor }).then((data) => data.auditEvents), [client, filters, cursor]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Audit log</h1>
      <form
        role="search"
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          const fields = new FormData(event.currentTarget);
          const text = (name: string) => String(fields.get(name) ?? '').trim() || null;
          const time = (name: string) => (text(name) ? new Date(text(name)!).toISOString() : null);
          setAfter([null]);
          setFilters({ action: text('action'), actorId: text('actorId'), targetId: text('targetId'), from: time('from'), to: time('to') });
        }}
      >
        <label>
          Action
          <input name="action" placeholder="customer.update" />
        </label>
        <label>
          Actor
          <input name="actorId" placeholder="a user id, key name or plugin" />
        </label>
        <label>
          Target
          <input name="targetId" placeholder="a global id or name" />
        </label>
        <label>
          From
          <input name="from" type="datetime-local" />
        </label>
        <label>
          Until
          <input name="to" type="datetime-local" />
        </label>
        <button type="submit">Search the audit log</button>
      </form>
      {events.error && (
        <p class="error" role="alert">
          {events.error}
        </p>
      )}
      <p class="count" aria-live="polite">
        {events.data ? `${events.data.totalCount} event${events.data.totalCount === 1 ? '' : 's'}` : 'Loading…'}
      </p>
      <table class="inbox" aria-label="Audit events">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Target</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {(events.data?.edges ?? []).map(({ node }) => (
            <tr key={node.id}>
              <td>{formatTime(node.at)}</td>
              <td>
                <code>{node.action}</code>
              </td>
              <td>
                {node.actor.name ?? node.actor.id} <span class="muted">({node.actor.kind.toLowerCase().replace('_', ' ')})</span>
              </td>
              <td>
                {node.targetType ?? ''} <span class="muted">{node.targetId ?? ''}</span>
              </td>
              <td>
                {node.changes != null && (
                  <details>
                    <summary>Changes</summary>
                    <pre class="json">{JSON.stringify(node.changes, null, 2)}</pre>
                  </details>
                )}
                {node.requestId && <div class="muted">request {node.requestId}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        {after.length > 1 && (
          <button type="button" class="secondary" onClick={() => setAfter((list) => list.slice(0, -1))}>
            Newer events
          </button>
        )}
        {events.data?.pageInfo.hasNextPage && (
          <button type="button" class="secondary" onClick={() => setAfter((list) => [...list, events.data!.pageInfo.endCursor ?? null])}>
            Older events
          </button>
        )}
      </div>
    </section>
  );
}
