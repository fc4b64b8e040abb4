/** The statuses of a run (`WorkflowRunStatus` in docs/graphql-api.md). */
export type RunStatus = 'RUNNING' | 'SLEEPING' | 'WAITING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

/** What the API filters runs by. */
export interface RunFilter {
  status?: RunStatus;
  workflow?: string;
  customerId?: string;
}

/** The conditions of a {@link RunFilter} on `workflow_runs`, with their parameters. */
export function filterConditions(filter: RunFilter): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = ['1 = 1'];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['status', filter.status],
    ['workflow', filter.workflow],
    ['customer_id', filter.customerId],
  ] as const) {
    if (value === undefined) continue;
    conditions.push(`${column} = ?`);
    params.push(value);
  }
  return { conditions, params };
}
