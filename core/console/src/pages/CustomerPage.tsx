import { useEffect } from 'preact/hooks';
import { MergeCustomers } from '../components/MergeCustomers.js';
import { Thread } from '../components/Thread.js';
import { customerName, formatTime } from '../format.js';
import { CustomerPage as CustomerQuery, InteractionRecorded } from '../operations.js';
import { conversationPath, Link } from '../router.js';
import { useSession } from '../session.js';
import { useDebounced, useQuery } from '../useQuery.js';
import { PluginViews } from '../views/PluginViews.js';

/** A customer: identities, attributes, scores and why, segments, conversations, workflow runs and the timeline. */
export function CustomerPage(props: { id: string }) {
  const { client } = useSession();
  const query = useQuery(() => client.request(CustomerQuery, { id: props.id }).then((data) => data.customer), [client, props.id]);
  const refresh = useDebounced(query.reload, 250);
  useEffect(() => client.subscribe(InteractionRecorded, { customerId: props.id }, () => refresh()), [client, props.id, refresh]);

  const customer = query.data;
  if (query.error && !customer) {
    return (
      <p class="error" role="alert">
        {query.error}
      </p>
    );
  }
  if (query.loading && !customer) return <p aria-live="polite">Loading…</p>;
  if (!customer) return <h1 id="page-title">No customer has the id {props.id}</h1>;
  const attributes = Object.entries(typeof customer.attributes === 'object' && customer.attributes ? (customer.attributes as Record<string, unknown>) : {});

  return (
    <section aria-labelledby="page-title" class="customer">
      <h1 id="page-title">{customerName(customer)}</h1>
      <p class="muted">
        Customer since {formatTime(customer.createdAt)} · id <code>{customer.id}</code>
      </p>
      <div class="grid">
        <section aria-labelledby="identities-title" class="card">
          <h2 id="identities-title">Identities</h2>
          <ul>
            {customer.emails.map((email) => (
              <li key={email}>Email: {email}</li>
            ))}
            {customer.phones.map((phone) => (
              <li key={phone}>Phone: {phone}</li>
            ))}
            {customer.handles.map((h) => (
              <li key={`${h.channel}:${h.handle}`}>
                {h.channel}: {h.handle}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="attributes-title" class="card">
          <h2 id="attributes-title">Attributes</h2>
          {attributes.length === 0 ? (
            <p class="muted">None.</p>
          ) : (
            <dl class="facts">
              {attributes.map(([key, value]) => [<dt key={`k-${key}`}>{key}</dt>, <dd key={`v-${key}`}>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>])}
            </dl>
          )}
        </section>
        <section aria-labelledby="scores-title" class="card">
          <h2 id="scores-title">Scores</h2>
          {customer.scores.length === 0 ? (
            <p class="muted">None yet.</p>
          ) : (
            <ul>
              {customer.scores.map((score) => (
                <li key={score.rule}>
                  <strong>{score.rule}</strong>: {Math.round(score.value * 100) / 100}
                  {score.label ? ` (${score.label})` : ''}
                  {score.explanation && <p class="explanation">{score.explanation}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="segments-title" class="card">
          <h2 id="segments-title">Segments</h2>
          {customer.segments.length === 0 ? (
            <p class="muted">In no segment.</p>
          ) : (
            <ul>
              {customer.segments.map((s) => (
                <li key={`${s.model}:${s.segment}`}>
                  {s.model}: {s.segment} <span class="muted">since {formatTime(s.since)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <PluginViews location="customer" objectId={customer.id} graphql={client.raw} />
      <section aria-labelledby="conversations-title">
        <h2 id="conversations-title">Conversations ({customer.conversations?.totalCount ?? 0})</h2>
        <ul>
          {(customer.conversations?.edges ?? []).map(({ node }) => (
            <li key={node.id}>
              <Link href={conversationPath(node.id)}>
                {node.status === 'OPEN' ? 'Open' : 'Resolved'} · {node.channels.join(', ')} · opened {formatTime(node.openedAt)}
              </Link>
              {node.assignee && <span class="muted"> · {node.assignee.displayName || node.assignee.email}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Workflow runs ({customer.workflowRuns?.totalCount ?? 0})</h2>
        <ul>
          {(customer.workflowRuns?.edges ?? []).map(({ node }) => (
            <li key={node.id}>
              {node.workflow} <span class="muted">({node.plugin})</span>: {node.status.toLowerCase()}, started {formatTime(node.startedAt)}
              {node.error && <span class="error-text"> · {node.error}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline ({customer.interactions?.totalCount ?? 0} interactions, newest first)</h2>
        <Thread items={(customer.interactions?.edges ?? []).map((edge) => edge.node)} label="Timeline" />
      </section>
      <MergeCustomers target={customer} onMerged={query.reload} />
    </section>
  );
}
