import type { Customer } from '@rapport/sdk';
import { naming } from '../../util/errorRefs.js';
import type { RunRow, RunStatus, StepRow } from '../../workflows/WorkflowStore.js';
import { keysetPageOf, sortKeyWindow, toConnection, type PageArgs } from '../connections.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { expectGlobalId, toGlobalId } from '../globalIds.js';
import { customerOf } from './customerResolvers.js';
import type { SelectionInfo } from '../selections.js';
import { childConnection } from './shared.js';

const runKey = (run: RunRow) => ({ at: run.startedAt, id: run.id });

/** Workflows in the API (docs/graphql-api.md): runs, their steps, and cancelling and retrying them. */
export const workflowResolvers = {
  Query: {
    workflowRuns: async (_: unknown, args: PageArgs & { status?: RunStatus | null; workflow?: string | null }, ctx: GraphQLContext) => {
      const window = sortKeyWindow(args);
      const filter = { status: args.status ?? undefined, workflow: args.workflow ?? undefined };
      const runs = await ctx.services.workflows.list(filter, window.size + 1, keysetPageOf(window));
      return toConnection(runs, window.size, runKey, (run) => run, { window, totalCount: () => ctx.services.workflows.count(filter) });
    },
    workflowRun: async (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => (await ctx.services.workflows.get(expectGlobalId(id, 'WorkflowRun'))) ?? null,
  },

  Mutation: {
    cancelWorkflowRun: (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => {
      const runId = expectGlobalId(id, 'WorkflowRun');
      return naming({ type: 'WorkflowRun', id: runId, field: 'id' }, () => ctx.services.workflows.cancel(runId));
    },
    retryWorkflowRun: (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => {
      const runId = expectGlobalId(id, 'WorkflowRun');
      return naming({ type: 'WorkflowRun', id: runId, field: 'id' }, () => ctx.services.workflows.retry(runId));
    },
  },

  Customer: {
    workflowRuns: (customer: Customer, args: PageArgs, ctx: GraphQLContext, info: SelectionInfo) =>
      childConnection({ pages: ctx.loaders.customerWorkflowRuns, counts: ctx.loaders.customerWorkflowRunCount }, customer.id, args, {
        descending: true,
        filters: {},
        keyOf: runKey,
        toNode: (run: RunRow) => run,
      }, info),
  },

  WorkflowRun: {
    id: (run: RunRow) => toGlobalId('WorkflowRun', run.id),
    customer: (run: RunRow, _: unknown, ctx: GraphQLContext) => (run.customerId ? customerOf(ctx, run.customerId) : null),
    steps: (run: RunRow, _: unknown, ctx: GraphQLContext): Promise<StepRow[]> => ctx.loaders.workflowSteps.load(run.id),
  },
};
