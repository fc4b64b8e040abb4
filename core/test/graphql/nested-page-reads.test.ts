import { isObjectType, Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { childPageLoader } from '../../src/graphql/data/childPages.js';
import { INTERACTION_FIELD_COLUMNS } from '../../src/graphql/data/interactionColumns.js';
import { CHILD_TABLES } from '../../src/graphql/loaders.js';
import { selectedNodeFields, selectsPageInfo, type SelectionInfo } from '../../src/graphql/selections.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from './graphqlHarness.js';

/**
 * A nested page reads what its query shows (graphql/selections.ts): a page of interactions only the
 * columns of the fields selected (graphql/data/interactionColumns.ts), and a page without
 * `pageInfo` no row beyond the page. What must hold: every field still answers with its stored
 * value, however it is selected (directly, through fragments, under aliases of the same list), a
 * page that shows few fields reads few columns, and `pageInfo` is right whenever it is asked for.
 */
describe.each(TEST_DATABASES)('interaction pages read the columns their query shows, on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  /** One customer with three interactions; resolves to the customer's id. */
  async function seed(): Promise<string> {
    h = await createGraphQLHarness(kind, { countQueries: true });
    const customer = await h.services.customers.create({ displayName: 'Ada', emails: ['ada@example.com'] });
    await h.services.interactions.recordMany(
      [0, 1, 2].map((n) => ({
        customerId: customer.id,
        channel: 'email',
        direction: 'OUTBOUND' as const,
        type: 'message',
        subject: `subject ${n}`,
        text: `text ${n}`,
        externalId: `<m${n}@example.com>`,
        metadata: { n },
        occurredAt: new Date(Date.UTC(2026, 2, 1, 9, n)),
      })),
    );
    return customer.id;
  }

  /** The select lists of the statements that read pages of interactions since the last reset. */
  function interactionSelects(): string[] {
    return h.queries.filter((sql) => /from interactions where customer_id = parent\.|t\.rowid in/.test(sql));
  }

  it('keeps the list of fields and columns equal to the Interaction type', async () => {
    await seed();
    const type = (await h.server.schema()).getType('Interaction');
    expect(isObjectType(type)).toBe(true);
    const fields = Object.keys((type as { getFields(): Record<string, unknown> }).getFields());
    expect([...fields, '__typename'].sort()).toEqual(Object.keys(INTERACTION_FIELD_COLUMNS).sort());
  });

  it('answers every field with its stored value when some are selected through fragments and aliases', async () => {
    await seed();
    h.queries.length = 0;
    const data = await h.data<Json>(`
      fragment Mail on Interaction { subject externalId }
      query {
        customers(first: 5) { edges { node {
          slim: interactions(first: 3) { edges { node { id text } } }
          full: interactions(first: 3) { edges { node { ...Mail ... on Interaction { metadata channel direction type occurredAt } } } }
        } } }
      }`);
    const [customer] = data.customers.edges;
    expect(customer.node.slim.edges.map((edge: Json) => edge.node.text)).toEqual(['text 0', 'text 1', 'text 2']);
    expect(customer.node.full.edges.map((edge: Json) => edge.node)).toEqual(
      [0, 1, 2].map((n) => ({
        subject: `subject ${n}`,
        externalId: `<m${n}@example.com>`,
        metadata: { n },
        channel: 'email',
        direction: 'OUTBOUND',
        type: 'message',
        occurredAt: new Date(Date.UTC(2026, 2, 1, 9, n)).toISOString(),
      })),
    );
    // Two selections, two select lists: the slim one without the columns only the full one shows.
    const selects = interactionSelects();
    expect(selects).toHaveLength(2);
    const slim = selects.find((sql) => !/\bsubject\b/.test(sql));
    expect(slim, selects.join('\n')).toBeDefined();
    expect(slim).not.toMatch(/\b(metadata|external_id|channel)\b/);
    expect(selects.filter((sql) => /\bsubject\b/.test(sql) && /\bmetadata\b/.test(sql) && /\bexternal_id\b/.test(sql))).toHaveLength(1);
  });

  it('reads what delivery, customer and conversation need when only they are selected', async () => {
    await seed();
    h.queries.length = 0;
    const data = await h.data<Json>(`{ customers(first: 1) { edges { node { id interactions(first: 1) { edges { node { customer { id } conversation { id } delivery { status } } } } } } } }`);
    const [edge] = data.customers.edges[0].node.interactions.edges;
    expect(edge.node.customer.id).toBe(data.customers.edges[0].node.id);
    expect(edge.node.conversation).not.toBeNull();
    // The delivery is looked up by channel and external id, and only for OUTBOUND messages.
    expect(h.queries.some((sql) => /deliver/i.test(sql))).toBe(true);
  });

  it('reads one row more only when pageInfo is selected, and answers pageInfo right', async () => {
    const customerId = await seed();
    // Straight through the loader: three interactions, pages of two.
    const pages = childPageLoader(h.services.database, CHILD_TABLES.interactionsByCustomer);
    const key = { parentId: customerId, size: 2, descending: false, filters: {} };
    expect(await pages.load({ ...key, lookahead: false })).toHaveLength(2);
    expect(await pages.load(key)).toHaveLength(3);

    const page = (selection: string) => h.data<Json>(`{ customers(first: 1) { edges { node { interactions(first: 2) { ${selection} } } } } }`);
    const withInfo = (await page('pageInfo { hasNextPage endCursor } edges { node { text } }')).customers.edges[0].node.interactions;
    expect(withInfo.pageInfo.hasNextPage).toBe(true);
    expect(withInfo.edges.map((edge: Json) => edge.node.text)).toEqual(['text 0', 'text 1']);
    const without = (await page('edges { node { text } }')).customers.edges[0].node.interactions;
    expect(without.edges.map((edge: Json) => edge.node.text)).toEqual(['text 0', 'text 1']);
    // Through a fragment on the connection, pageInfo is still seen as selected.
    const fragment = await h.data<Json>(`fragment More on InteractionConnection { pageInfo { hasNextPage } }
      { customers(first: 1) { edges { node { interactions(first: 2) { ...More edges { node { id } } } } } } }`);
    expect(fragment.customers.edges[0].node.interactions.pageInfo.hasNextPage).toBe(true);
  });
});

describe('what a connection field selects, read from its info', () => {
  /** The info of the `interactions` field of a document's customer, as the executor gives it. */
  function infoOf(document: string): SelectionInfo {
    const parsed = parse(document);
    const fragments = Object.fromEntries(
      parsed.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
    );
    const operation = parsed.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
    const customer = operation.selectionSet.selections[0] as FieldNode;
    return { fieldNodes: customer.selectionSet!.selections.filter((selection): selection is FieldNode => selection.kind === Kind.FIELD), fragments };
  }

  it('sees pageInfo directly, through a fragment spread or an inline fragment, and not when it is absent', () => {
    expect(selectsPageInfo(infoOf('{ customer(id: "x") { interactions { pageInfo { hasNextPage } } } }'))).toBe(true);
    expect(selectsPageInfo(infoOf('fragment More on InteractionConnection { pageInfo { endCursor } } { customer(id: "x") { interactions { ...More } } }'))).toBe(true);
    expect(selectsPageInfo(infoOf('{ customer(id: "x") { interactions { ... on InteractionConnection { pageInfo { hasPreviousPage } } } } }'))).toBe(true);
    expect(selectsPageInfo(infoOf('{ customer(id: "x") { interactions { totalCount edges { cursor node { id } } } } }'))).toBe(false);
  });

  it('collects the fields of the nodes under edges, through fragments, and nothing from elsewhere', () => {
    const fields = selectedNodeFields(
      infoOf(`fragment Mail on Interaction { subject }
        { customer(id: "x") { interactions { pageInfo { endCursor } edges { cursor node { id ...Mail ... on Interaction { metadata } } } } } }`),
    );
    expect([...fields].sort()).toEqual(['id', 'metadata', 'subject']);
  });
});
