import { useState } from 'preact/hooks';
import { customerName, errorMessage, formatTime } from '../format.js';
import type { RunRowFragment, WorkflowRunStatus } from '../gql/graphql.js';
import { customerPath, Link } from '../router.js';
import { useSession } from '../session.js';
import { useQuery } from '../useQuery.js';
import { CancelRunMutation, RetryRunMutation, WorkflowRunsQuery } from './operations.js';

const STATUSES: WorkflowRunStatus[] = ['RUNNING', 'SLEEPING', 'WAITING', 'FAILED', 'CANCELLED', 'COMPLETED'];
const PAGE = 50;

/** Workflow runs by status, each with its steps; cancel a run that goes on, retry a failed or cancelled one. */
export function WorkflowsPage() {
  const { client } = useSession();
  const [status, setStatus] = useState<WorkflowRunStatus | ''>('');
  const [pages, setPages] = useState(1);
  const [failure, setFailure] = useState<string | undefined>();
  const runs = useQuery(async () => {
    // Pages are fetched again on reload, so a cancelled or retried run shows its new status in place.
    const rows: RunRowFragment[] = [];
    let after: string | null = null;
    let total = 0;
    let more = false;
    for (let page = 0; page < pages; page++) {
      const { workflowRuns }: { workflowRuns: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: RunRowFragment }[] } } = await client.request(WorkflowRunsQuery, { status: status || null, first: PAGE, after });
      rows.push(...workflowRuns.edges.map((edge) => edge.node));
      total = workflowRuns.totalCount;
      more = workflowRuns.pageInfo.hasNextPage;
      after = workflowRuns.pageInfo.endCursor ?? null;
      if (!more) break;
    }
    return { rows, total, more };
  }, [client, status, pages]);

  async function act(kind: 'cancel' | 'retry', id: string) {
    setFailure(undefined);
    try {
      await (kind === 'cancel' ? client.request(CancelRunMutation, { id }) : client.request(RetryRunMutation, { id }));
      runs.reload();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  }

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Workflow runs</h1>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select
            value={status}
            onChange={(event) => {
              setPages(1);
              setStatus(event.currentTarget.value as WorkflowRunStatus | '');
            }}
          >
            <option value="">Any status</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      </form>
      {runs.error && <p class="error">{runs.error}</p>}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      <p class="count" aria-live="polite">
        {runs.data ? `${runs.data.total} run${runs.data.total === 1 ? '' : 's'}` : 'Loading…'}
      </p>
      <table class="inbox" aria-label="Workflow runs">
        <thead>
          <tr>
            <th scope="col">Workflow</th>
            <th scope="col">Status</th>
            <th scope="col">Customer</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col">Steps</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(runs.data?.rows ?? []).map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td>
                <strong>{run.workflow}</strong>
                <div class="muted">{run.plugin}</div>
              </td>
              <td>
                {run.status}
                {run.error && <div class="error-text">{run.error}</div>}
              </td>
              <td>{run.customer ? <Link href={customerPath(run.customer.id)}>{customerName(run.customer)}</Link> : '–'}</td>
              <td>{formatTime(run.startedAt)}</td>
              <td>{formatTime(run.finishedAt) || '–'}</td>
              <td>
                <details>
                  <summary>
                    {run.steps.length} step{run.steps.length === 1 ? '' : 's'}
                  </summary>
                  <ol class="steps">
                    {run.steps.map((step) => (
                      <li key={step.name}>
                        <strong>{step.name}</strong>: {step.status.toLowerCase()}, {step.attempts} attempt{step.attempts === 1 ? '' : 's'}
                        {step.finishedAt && <span class="muted"> · {formatTime(step.finishedAt)}</span>}
                        {step.error && <div class="error-text">{step.error}</div>}
                      </li>
                    ))}
                  </ol>
                </details>
              </td>
              <td>
                {['RUNNING', 'SLEEPING', 'WAITING'].includes(run.status) && (
                  <button type="button" class="secondary" onClick={() => void act('cancel', run.id)}>
                    Cancel<span class="visually-hidden"> {run.workflow}</span>
                  </button>
                )}
                {['FAILED', 'CANCELLED'].includes(run.status) && (
                  <button type="button" class="secondary" onClick={() => void act('retry', run.id)}>
                    Retry<span class="visually-hidden"> {run.workflow}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {runs.data?.more && (
        <button type="button" class="secondary" onClick={() => setPages((count) => count + 1)}>
          Show more runs
        </button>
      )}
    </section>
  );
}
