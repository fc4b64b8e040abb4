import { afterEach, describe, expect, it } from 'vitest';
import { actAs } from '../../src/actors/acting.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from '../graphql/graphqlHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const EVENTS = /* GraphQL */ `
  query Events($first: Int, $after: String, $action: String, $actorId: ID, $targetId: ID, $from: DateTime, $to: DateTime) {
    auditEvents(first: $first, after: $after, action: $action, actorId: $actorId, targetId: $targetId, from: $from, to: $to) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { id at action targetType targetId changes requestId actor { kind id name role scopes } } }
    }
  }
`;

describe.each(TEST_DATABASES)('auditEvents over HTTP on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  /** Ada created and renamed twice through the API, an hour apart; Bob created, then renamed by a user in process. */
  async function history() {
    const create = 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }';
    const update = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }';
    const ada = (await h.data(create, { input: { displayName: 'Ada' } })).createCustomer.id as string;
    for (const name of ['Ada L.', 'Ada Lovelace']) {
      await h.clock.advance(3_600_000);
      await h.data(update, { input: { id: ada, displayName: name } });
    }
    await h.clock.advance(3_600_000);
    const bob = await h.services.customers.create({ displayName: 'Bob' });
    await actAs({ actor: { kind: 'USER', id: 'user-1', name: 'ops@example.com' } }, () => h.services.customers.update(bob.id, { displayName: 'Robert' }));
    return { ada, bob: bob.id };
  }
  const events = async (variables: Record<string, unknown>) => (await h.data(EVENTS, variables)).auditEvents as Json;

  it('pages through the events of an action, newest first', async () => {
    h = await createGraphQLHarness(kind);
    const { ada } = await history();
    const me = (await h.data('{ me { kind id } }')).me as { kind: string; id: string };

    const first = await events({ first: 2, action: 'customer.update' });
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.edges.map((edge: Json) => [edge.node.actor.id, edge.node.changes.displayName.after])).toEqual([
      ['user-1', 'Robert'],
      [me.id, 'Ada Lovelace'],
    ]);
    const second = await events({ first: 2, action: 'customer.update', after: first.pageInfo.endCursor });
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(second.edges).toHaveLength(1);
    expect(second.edges[0].node).toMatchObject({
      action: 'customer.update',
      at: '2026-03-02T10:00:00.000Z',
      targetType: 'Customer',
      // A Node target is shown by its global id, as everywhere in the API.
      targetId: ada,
      changes: { displayName: { before: 'Ada', after: 'Ada L.' } },
      actor: { kind: me.kind, id: me.id, role: null, scopes: [] },
    });
    expect(second.edges[0].node.requestId).toEqual(expect.any(String));
  });

  it('filters by target (global or raw id), actor and time, and resolves an event by node(id)', async () => {
    h = await createGraphQLHarness(kind);
    const { ada, bob } = await history();

    const aboutAda = await events({ targetId: ada });
    expect(aboutAda.edges.map((edge: Json) => edge.node.action)).toEqual(['customer.update', 'customer.update', 'customer.create']);
    const aboutBob = await events({ targetId: bob });
    expect(aboutBob.totalCount).toBe(2);

    const byUser = await events({ actorId: 'user-1' });
    expect(byUser.edges.map((edge: Json) => [edge.node.action, edge.node.actor])).toEqual([
      ['customer.update', { kind: 'USER', id: 'user-1', name: 'ops@example.com', role: null, scopes: [] }],
    ]);

    // From inclusive, to exclusive: the two renames of Ada, at 10:00 and 11:00.
    const window = await events({ from: '2026-03-02T10:00:00Z', to: '2026-03-02T12:00:00Z' });
    expect(window.edges.map((edge: Json) => edge.node.at)).toEqual(['2026-03-02T11:00:00.000Z', '2026-03-02T10:00:00.000Z']);

    const id = aboutAda.edges[0].node.id as string;
    const node = (await h.data('query($id: ID!) { node(id: $id) { id ... on AuditEvent { action targetId } } }', { id })).node;
    expect(node).toEqual({ id, action: 'customer.update', targetId: ada });
  });
});
