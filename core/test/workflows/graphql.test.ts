import { afterEach, describe, expect, it } from 'vitest';
import { createGraphQLHarness, type GraphQLHarness } from '../graphql/graphqlHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const RUN_FIELDS = 'id workflow plugin status input startedAt finishedAt error customer { id emails } steps { name status attempts startedAt finishedAt error }';

describe.each(TEST_DATABASES)('workflow runs in GraphQL on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  it('lists, fetches, cancels and retries runs, with their steps, also per customer', async () => {
    h = await createGraphQLHarness(kind, { plugins: ['workflow-survey-js'] });
    const { recordInteraction } = await h.data(
      'mutation { recordInteraction(input: { email: "ada@example.com", channel: "sms", direction: INBOUND, type: "message", text: "Late" }) { conversation { id } customer { id } } }',
    );
    await h.data(`mutation { resolveConversation(id: "${recordInteraction.conversation.id}") { status } }`);
    await h.services.workflows.runDue();

    const { workflowRuns } = await h.data(`{ workflowRuns(first: 10, status: SLEEPING) { totalCount edges { cursor node { ${RUN_FIELDS} } } } }`);
    expect(workflowRuns.totalCount).toBe(1);
    const run = workflowRuns.edges[0].node;
    expect(run).toMatchObject({
      workflow: 'survey-after-resolution',
      plugin: '@fixtures/workflow-survey',
      status: 'SLEEPING',
      finishedAt: null,
      customer: { id: recordInteraction.customer.id, emails: ['ada@example.com'] },
      steps: [
        { name: 'prepare', status: 'COMPLETED', attempts: 1 },
        { name: 'delay', status: 'SLEEPING', attempts: 0 },
      ],
    });
    expect(run.input).toMatchObject({ conversationId: expect.any(String), customerId: expect.any(String) });
    expect((await h.data('{ workflowRuns(status: COMPLETED) { totalCount } }')).workflowRuns.totalCount).toBe(0);
    expect((await h.data('{ workflowRuns(workflow: "nope") { totalCount } }')).workflowRuns.totalCount).toBe(0);

    const byNode = await h.data(`query ($id: ID!) { node(id: $id) { ... on WorkflowRun { status } } workflowRun(id: $id) { id } }`, { id: run.id });
    expect(byNode).toEqual({ node: { status: 'SLEEPING' }, workflowRun: { id: run.id } });
    const { customer } = await h.data(`query ($id: ID!) { customer(id: $id) { workflowRuns { totalCount edges { node { id status } } } } }`, {
      id: recordInteraction.customer.id,
    });
    expect(customer.workflowRuns).toEqual({ totalCount: 1, edges: [{ node: { id: run.id, status: 'SLEEPING' } }] });

    const { cancelWorkflowRun } = await h.data(`mutation ($id: ID!) { cancelWorkflowRun(id: $id) { status finishedAt } }`, { id: run.id });
    expect(cancelWorkflowRun.status).toBe('CANCELLED');
    expect(cancelWorkflowRun.finishedAt).not.toBeNull();
    const again = await h.gql(`mutation ($id: ID!) { cancelWorkflowRun(id: $id) { status } }`, { id: run.id });
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    const { retryWorkflowRun } = await h.data(`mutation ($id: ID!) { retryWorkflowRun(id: $id) { status error } }`, { id: run.id });
    expect(retryWorkflowRun).toEqual({ status: 'RUNNING', error: null });

    const wrongType = await h.gql(`mutation ($id: ID!) { retryWorkflowRun(id: $id) { status } }`, { id: recordInteraction.customer.id });
    expect(wrongType.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
