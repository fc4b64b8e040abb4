import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, globalIdOf, type GraphQLHarness } from './graphqlHarness.js';

describe.each(TEST_DATABASES)('GraphQL errors on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;

  async function customer(emails: string[]): Promise<string> {
    const { createCustomer } = await h.data('mutation ($emails: [String!]) { createCustomer(input: { emails: $emails }) { id } }', { emails });
    return createCustomer.id;
  }

  it('refuses malformed ids and ids of the wrong type with BAD_USER_INPUT', async () => {
    h = await createGraphQLHarness(kind);
    const id = await customer(['ada@example.com']);
    for (const bad of ['nope', '', Buffer.from('Customer:not-a-uuid').toString('base64url'), Buffer.from('Planet:00000000-0000-4000-8000-000000000000').toString('base64url')]) {
      const result = await h.gql('query ($id: ID!) { node(id: $id) { id } }', { id: bad });
      expect(codeOf(result), bad).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toContain('is not a valid id');
    }
    const interactionId = globalIdOf('Interaction', '00000000-0000-4000-8000-000000000000');
    const wrongType = await h.gql('query ($id: ID!) { customer(id: $id) { id } }', { id: interactionId });
    expect(codeOf(wrongType)).toBe('BAD_USER_INPUT');
    expect(wrongType.errors![0]!.message).toContain('is the id of a Interaction, not of a Customer');
    const wrongInputType = await h.gql('mutation ($id: ID!) { resolveConversation(id: $id) { id } }', { id });
    expect(wrongInputType.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, path: ['resolveConversation'] });
    const record = await h.gql('mutation ($id: ID) { recordInteraction(input: { customerId: $id, channel: "email", direction: INBOUND, type: "message" }) { id } }', {
      id: 'garbage',
    });
    expect(record.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'customerId' } });
  });

  it('maps domain errors to NOT_FOUND, CONFLICT and BAD_USER_INPUT', async () => {
    h = await createGraphQLHarness(kind);
    await customer(['ada@example.com']);
    const other = await customer(['grace@example.com']);

    const notFound = await h.gql('mutation ($id: ID!) { resolveConversation(id: $id) { id } }', {
      id: globalIdOf('Conversation', '00000000-0000-4000-8000-000000000000'),
    });
    expect(notFound).toMatchObject({ data: null, errors: [{ extensions: { code: 'NOT_FOUND' }, path: ['resolveConversation'] }] });

    const conflict = await h.gql('mutation ($id: ID!) { updateCustomer(input: { id: $id, emails: ["ADA@example.com"] }) { id } }', { id: other });
    expect(codeOf(conflict)).toBe('CONFLICT');
    expect(conflict.errors![0]!.message).toContain('ada@example.com already belongs to customer');

    const invalid = await h.gql('mutation { createCustomer(input: { emails: ["not an email"] }) { id } }');
    expect(invalid.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'emails[0]' } });
  });

  it('bounds page sizes and checks cursors and dates', async () => {
    h = await createGraphQLHarness(kind);
    const tooMany = await h.gql('{ customers(first: 101) { totalCount } }');
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0]!.message).toContain('first must be between 0 and 100');
    const nested = await h.gql('{ customers { edges { node { interactions(first: 500) { totalCount } } } } }');
    expect(nested.errors).toBeUndefined(); // no customers, so the nested field never runs
    await customer(['ada@example.com']);
    expect(codeOf(await h.gql('{ customers { edges { node { interactions(first: 500) { totalCount } } } } }'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql('{ customers(after: "bogus") { totalCount } }'))).toBe('BAD_USER_INPUT');

    const badDate = await h.gql(
      'mutation ($at: DateTime) { recordInteraction(input: { email: "a@b.co", channel: "email", direction: INBOUND, type: "message", occurredAt: $at }) { id } }',
      { at: 'yesterday' },
    );
    expect(codeOf(badDate)).toBe('BAD_USER_INPUT');
    expect(badDate.errors![0]!.message).toContain('DateTime must be an ISO-8601 date-time');
    const badLiteral = await h.gql('{ serviceKpis(from: "2026-03-02T09:00:00", to: "2026-03-03T00:00:00Z") { conversations } }');
    expect(codeOf(badLiteral)).toBe('BAD_USER_INPUT');
  });

  it('masks unexpected errors, without a stack trace, and logs them', async () => {
    h = await createGraphQLHarness(kind);
    vi.spyOn(h.services.kpis, 'summary').mockRejectedValue(new Error('connection to postgres://admin:secret@db failed'));
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...h.authHeaders },
      body: JSON.stringify({ query: '{ serviceKpis(from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z") { conversations } }' }),
    });
    const text = await response.text();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('stack');
    expect(text).not.toContain('.ts:');
    expect(JSON.parse(text)).toEqual({
      data: null,
      errors: [{ message: 'Unexpected error.', locations: [{ line: 1, column: 3 }], path: ['serviceKpis'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    const logged = h.logs.find((line) => String(line.msg).includes('GraphQL request failed unexpectedly'));
    expect(logged).toMatchObject({ level: 50, path: 'serviceKpis', err: { message: 'connection to postgres://admin:secret@db failed' } });
  });
});
