import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from './graphqlHarness.js';

const RECORD_MANY = `mutation ($inputs: [RecordInteractionInput!]!) {
  recordInteractions(inputs: $inputs) { id text externalId channel customer { id emails } conversation { id } }
}`;

/** Interaction i of a bulk import: customer i % customers, external id `import-<i>`. */
function input(index: number, customers = 50): Record<string, unknown> {
  return {
    email: `customer${index % customers}@import.example`,
    channel: 'email',
    direction: 'INBOUND',
    type: 'message',
    text: `message ${index}`,
    externalId: `import-${index}`,
    occurredAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
  };
}

const inputs = (count: number, customers?: number) => Array.from({ length: count }, (_, index) => input(index, customers));

describe.each(TEST_DATABASES)('recordInteractions (bulk import) on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const recordMany = async (list: Record<string, unknown>[]): Promise<Json[]> => (await h.data(RECORD_MANY, { inputs: list })).recordInteractions;
  const stored = async () => {
    const connection = h.services.database.orm.em.getConnection();
    const [interactions] = await connection.execute<{ n: unknown }[]>('select count(*) as n from interactions');
    const [customers] = await connection.execute<{ n: unknown }[]>('select count(*) as n from customers');
    return { interactions: Number(interactions!.n), customers: Number(customers!.n) };
  };

  it('records 500 in one call, returned in input order, one customer per identity', async () => {
    h = await createGraphQLHarness(kind);
    const recorded = await recordMany(inputs(500));
    expect(recorded).toHaveLength(500);
    recorded.forEach((interaction, index) => expect(interaction).toMatchObject({ text: `message ${index}`, externalId: `import-${index}`, channel: 'email' }));
    expect(new Set(recorded.map((interaction) => interaction.id)).size).toBe(500);
    // Every message of one customer is that customer's, in one conversation.
    const ofCustomer7 = recorded.filter((_, index) => index % 50 === 7);
    expect(new Set(ofCustomer7.map((interaction) => interaction.customer.id)).size).toBe(1);
    expect(ofCustomer7[0].customer.emails).toEqual(['customer7@import.example']);
    expect(new Set(ofCustomer7.map((interaction) => interaction.conversation.id)).size).toBe(1);
    expect(await stored()).toEqual({ interactions: 500, customers: 50 });
  });

  it('refuses 501 inputs, naming the count and the limit, and records nothing', async () => {
    h = await createGraphQLHarness(kind);
    const result = await h.gql(RECORD_MANY, { inputs: inputs(501) });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs' });
    expect(result.errors![0]!.message).toMatch(/at most 500 inputs per call, got 501/);
    expect(await stored()).toEqual({ interactions: 0, customers: 0 });
  });

  it('runs several imports at once that name the same customers, without deadlocks, each stored once', async () => {
    h = await createGraphQLHarness(kind);
    // Four calls of 200, every one of them naming all 40 customers, in different orders.
    const calls = Array.from({ length: 4 }, (_, call) => {
      const list = Array.from({ length: 200 }, (_, i) => input(call * 200 + i, 40));
      return call % 2 === 0 ? list : list.reverse();
    });
    const results = await Promise.all(calls.map((list) => h.gql(RECORD_MANY, { inputs: list })));
    for (const [call, result] of results.entries()) {
      expect(result.errors).toBeUndefined();
      expect(result.data!.recordInteractions.map((interaction: Json) => interaction.externalId)).toEqual(calls[call]!.map((item) => item.externalId));
    }
    expect(await stored()).toEqual({ interactions: 800, customers: 40 });
  });

  it('answers an empty list with an empty list', async () => {
    h = await createGraphQLHarness(kind);
    expect(await recordMany([])).toEqual([]);
  });

  it('is idempotent on (channel, externalId) within one call and across calls', async () => {
    h = await createGraphQLHarness(kind);
    const list = [input(0), input(1), { ...input(0), text: 'the same external id again', email: 'someone.else@import.example' }, input(2)];
    const first = await recordMany(list);
    expect(first[2]).toEqual(first[0]);
    expect(first.map((interaction) => interaction.text)).toEqual(['message 0', 'message 1', 'message 0', 'message 2']);
    expect(await stored()).toEqual({ interactions: 3, customers: 3 });

    // The whole call again (an importer retrying after a timeout): the same interactions, nothing new.
    const again = await recordMany(list);
    expect(again).toEqual(first);
    // The same external id on another channel is another interaction.
    const [otherChannel] = await recordMany([{ ...input(0), channel: 'chat' }]);
    expect(otherChannel.id).not.toBe(first[0].id);
    expect(await stored()).toEqual({ interactions: 4, customers: 3 });
  });

  it('creates a new customer once when several inputs name the same new email', async () => {
    h = await createGraphQLHarness(kind);
    // Other customers in between, so that the inputs of the new one are spread over the call.
    const list = Array.from({ length: 40 }, (_, index) =>
      index % 4 === 0 ? { ...input(index), email: index % 8 === 0 ? 'New.Person@Example.com' : ' new.person@example.COM ' } : input(index, 30),
    );
    const recorded = await recordMany(list);
    const newPerson = recorded.filter((_, index) => index % 4 === 0);
    expect(new Set(newPerson.map((interaction) => interaction.customer.id)).size).toBe(1);
    expect(newPerson[0].customer.emails).toEqual(['new.person@example.com']);
    const { customers } = await h.data('query ($q: String!) { customers(query: $q) { totalCount } }', { q: 'new.person@example.com' });
    expect(customers.totalCount).toBe(1);
  });

  it('refuses the whole call when one input is invalid, naming its index, and records nothing', async () => {
    h = await createGraphQLHarness(kind);
    const list = inputs(10);
    list[3] = { ...list[3], channel: '  ' };
    list[7] = { ...list[7], email: null };
    const result = await h.gql(RECORD_MANY, { inputs: list });
    expect(result.data).toBeNull();
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[3].channel' });
    expect(result.errors![0]!.message).toMatch(/^inputs\[3\]\.channel: channel is required/);
    expect(result.errors![0]!.message).toMatch(/Nothing was recorded\./);

    list[3] = input(3);
    const missingIdentity = await h.gql(RECORD_MANY, { inputs: list });
    expect(missingIdentity.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[7].customerId' });
    expect(missingIdentity.errors![0]!.message).toMatch(/^inputs\[7\]\.customerId: Give customerId, or an identity/);
    expect(await stored()).toEqual({ interactions: 0, customers: 0 });
  });

  it('records by customer id, following merges, and refuses an unknown customer before writing', async () => {
    h = await createGraphQLHarness(kind);
    const { createCustomer: ada } = await h.data('mutation { createCustomer(input: { displayName: "Ada", emails: ["ada@example.com"] }) { id } }');
    const { createCustomer: old } = await h.data('mutation { createCustomer(input: { displayName: "Ada (old)" }) { id } }');
    await h.data('mutation ($t: ID!, $s: ID!) { mergeCustomers(input: { targetId: $t, sourceId: $s }) { id } }', { t: ada.id, s: old.id });
    const byId = (customerId: string, index: number) => ({ ...input(index), email: undefined, customerId });

    const recorded = await recordMany([byId(ada.id, 0), byId(old.id, 1), input(2)]);
    expect(recorded.map((interaction) => interaction.customer.id)).toEqual([ada.id, ada.id, expect.any(String)]);

    const unknown = Buffer.from('Customer:00000000-0000-4000-8000-000000000000').toString('base64url');
    const result = await h.gql(RECORD_MANY, { inputs: [input(10), byId(unknown, 11), byId('not an id', 12)] });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[2].customerId' });
    const notFound = await h.gql(RECORD_MANY, { inputs: [input(10), byId(unknown, 11)] });
    expect(notFound.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(notFound.errors![0]!.message).toMatch(/^inputs\[1\]\.customerId: no customer with id/);
    expect(await stored()).toEqual({ interactions: 3, customers: 2 });
  });
});
