import { ValidationError } from '@rapport/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRule, checkJsonObject, INPUT_RULES, JSON_BOUNDS, salvage } from '../../src/domain/inputRules.js';
import { createGraphQLHarness, type GraphQLHarness, type GraphQLResult } from '../graphql/graphqlHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const CREATE = 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id displayName emails handles { channel handle } attributes } }';
const UPDATE = 'mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id displayName attributes } }';
const RECORD = 'mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id channel type subject text externalId metadata } }';
const BULK = 'mutation ($inputs: [RecordInteractionInput!]!) { recordInteractions(inputs: $inputs) { id } }';
const SEARCH = 'query ($query: String) { customers(query: $query, first: 50) { totalCount edges { node { displayName } } } }';

/** The one error of a refused request: BAD_USER_INPUT, naming the field. */
function refusal(result: GraphQLResult): { message: string; field: unknown } {
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  return { message: error!.message, field: error!.extensions!.field };
}

describe('the input rules table', () => {
  it('keeps every varchar(64) column within its length', () => {
    for (const name of ['channel', 'type', 'segmentPart'] as const) expect(INPUT_RULES[name].maxLength).toBeLessThanOrEqual(64);
  });

  it('refuses or removes NUL as the rule says, and names the field', () => {
    expect(applyRule('text', 'a\u0000b', 'text')).toBe('ab');
    expect(() => applyRule('channel', 'e\u0000mail', 'inputs[2].channel')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'inputs[2].channel', message: expect.stringMatching(/NUL character/) }),
    );
    expect(() => applyRule('channel', 42, 'channel')).toThrow('channel must be a string (a channel id), got a number.');
  });

  it('salvages what a provider sent: NUL removed, free text cut, lone surrogates replaced', () => {
    expect(salvage('subject', `${'s'.repeat(2_100)}\u0000`)).toHaveLength(2_000);
    expect(salvage('externalId', 'id\u0000\ud800')).toBe('id\ufffd');
  });

  it('keeps a "__proto__" key a key, and bounds the size of a document', () => {
    const cleaned = checkJsonObject(JSON.parse('{"__proto__": {"polluted": "x\\u0000"}}'), 'attributes', JSON_BOUNDS.attributes);
    expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
    expect(Object.entries(cleaned)).toEqual([['__proto__', { polluted: 'x' }]]);
    const huge = Object.fromEntries(Array.from({ length: 10_001 }, (_, index) => [`k${index}`, 1]));
    expect(() => checkJsonObject(huge, 'attributes', JSON_BOUNDS.attributes)).toThrow(/more than 10000 values/);
  });
});

describe.each(TEST_DATABASES)('the input rules, the same on %s', (kind) => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness(kind);
  });
  afterAll(() => h?.close());

  const customerCount = async () => (await h.data<{ customers: { totalCount: number } }>('{ customers { totalCount } }')).customers.totalCount;

  describe('customers', () => {
    it('stores a display name and attribute strings without their NUL characters', async () => {
      const { createCustomer } = await h.data(CREATE, {
        input: { displayName: 'Ada\u0000 Lovelace', emails: ['nul.name@example.com'], attributes: { profile: { nickname: 'A\u0000da', tags: ['x\u0000y', 3, true, null] } } },
      });
      expect(createCustomer).toMatchObject({ displayName: 'Ada Lovelace', attributes: { profile: { nickname: 'Ada', tags: ['xy', 3, true, null] } } });
      const { updateCustomer } = await h.data(UPDATE, { input: { id: createCustomer.id, displayName: '\u0000Ada King', attributes: { note: 'vip\u0000' } } });
      expect(updateCustomer).toMatchObject({ displayName: 'Ada King', attributes: { note: 'vip' } });
      const { customer } = await h.data('query ($id: ID!) { customer(id: $id) { displayName attributes } }', { id: createCustomer.id });
      expect(customer).toEqual({ displayName: 'Ada King', attributes: { note: 'vip' } });
    });

    it('stores a lone surrogate in an attribute as U+FFFD, as a text column does', async () => {
      const { createCustomer } = await h.data(CREATE, { input: { emails: ['surrogate@example.com'], attributes: { name: 'a\ud800b', pair: '\ud83d\ude00' } } });
      expect(createCustomer.attributes).toEqual({ name: 'a\ufffdb', pair: '\ud83d\ude00' });
    });

    it('refuses a NUL in an attribute key, naming its path, and stores nothing', async () => {
      const before = await customerCount();
      const { message, field } = refusal(await h.gql(CREATE, { input: { emails: ['key.nul@example.com'], attributes: { profile: { 'nick\u0000name': 'Ada' } } } }));
      expect(field).toBe('attributes.profile.nick\\u0000name');
      expect(message).toMatch(/NUL character.*Remove it/);
      expect(await customerCount()).toBe(before);
    });

    it('refuses attributes nested too deep, naming where', async () => {
      let deep: unknown = 'bottom';
      for (let level = 0; level < 12; level++) deep = { level: deep };
      const { message, field } = refusal(await h.gql(CREATE, { input: { attributes: deep } }));
      expect(field).toBe(`attributes${'.level'.repeat(10)}`);
      expect(message).toMatch(/deeper than 10 levels/);
    });

    it('takes a handle channel of 64 characters and refuses one of 65, naming the field and the limit', async () => {
      const { createCustomer } = await h.data(CREATE, { input: { handles: [{ channel: 'c'.repeat(64), handle: '@ada' }] } });
      expect(createCustomer.handles).toEqual([{ channel: 'c'.repeat(64), handle: '@ada' }]);
      const { message, field } = refusal(await h.gql(CREATE, { input: { handles: [{ channel: 'twitter', handle: '@b' }, { channel: 'c'.repeat(65), handle: '@ada' }] } }));
      expect(field).toBe('handles[1].channel');
      expect(message).toBe('handles[1].channel is 65 characters long; a channel id may have at most 64. Shorten it and send it again.');
    });

    it('refuses a NUL in an email, a phone or a handle', async () => {
      expect(refusal(await h.gql(CREATE, { input: { emails: ['ada\u0000@example.com'] } })).field).toBe('emails[0]');
      expect(refusal(await h.gql(CREATE, { input: { phones: ['+3361234\u00005678'] } })).field).toBe('phones[0]');
      expect(refusal(await h.gql(CREATE, { input: { handles: [{ channel: 'chat', handle: 'v\u0000' }] } })).field).toBe('handles[0].handle');
    });

    it('takes a display name of 256 characters and refuses one of 257', async () => {
      expect((await h.data(CREATE, { input: { displayName: 'n'.repeat(256) } })).createCustomer.displayName).toHaveLength(256);
      const { message, field } = refusal(await h.gql(CREATE, { input: { displayName: 'n'.repeat(257) } }));
      expect(field).toBe('displayName');
      expect(message).toMatch(/at most 256/);
    });
  });

  describe('customers(query:)', () => {
    it('refuses a search text over 200 characters or with a NUL, naming the argument', async () => {
      const long = refusal(await h.gql(SEARCH, { query: 'a'.repeat(60_000) }));
      expect(long).toEqual({ field: 'query', message: 'query is 60000 characters long; a search text may have at most 200. Shorten it and send it again.' });
      expect(refusal(await h.gql(SEARCH, { query: 'ada\u0000' })).field).toBe('query');
      expect((await h.gql(SEARCH, { query: 'a'.repeat(200) })).errors).toBeUndefined();
    });

    it('matches LIKE wildcards as themselves', async () => {
      await h.data(CREATE, { input: { displayName: '100% Wool_Shop' } });
      await h.data(CREATE, { input: { displayName: '100 Woolly Shop' } });
      const names = async (query: string) =>
        (await h.data(SEARCH, { query })).customers.edges.map((edge: { node: { displayName: string } }) => edge.node.displayName);
      expect(await names('0% w')).toEqual(['100% Wool_Shop']);
      expect(await names('wool_')).toEqual(['100% Wool_Shop']);
      expect(await names('%')).toEqual(['100% Wool_Shop']);
    });
  });

  describe('interactions', () => {
    it('stores text, subject and metadata strings without NUL characters', async () => {
      const { recordInteraction } = await h.data(RECORD, {
        input: { email: 'writer@example.com', channel: 'email', direction: 'INBOUND', type: 'message', subject: 'Order\u0000 17', text: 'Where\u0000 is it?', externalId: 'nul-text-1', metadata: { via: 'form\u0000' } },
      });
      expect(recordInteraction).toMatchObject({ subject: 'Order 17', text: 'Where is it?', metadata: { via: 'form' } });
    });

    it('refuses a NUL in an external id, and an over-long channel or type, naming the field', async () => {
      const base = { email: 'refused@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' };
      expect(refusal(await h.gql(RECORD, { input: { ...base, externalId: 'id\u00001' } })).field).toBe('externalId');
      expect(refusal(await h.gql(RECORD, { input: { ...base, channel: 'c'.repeat(65) } })).field).toBe('channel');
      expect(refusal(await h.gql(RECORD, { input: { ...base, type: 't'.repeat(65) } })).field).toBe('type');
      expect(refusal(await h.gql(RECORD, { input: { ...base, externalId: 'e'.repeat(513) } })).field).toBe('externalId');
    });

    it('refuses a bulk import naming the input and field at fault, and records none of it', async () => {
      const input = (externalId: string, channel = 'sms') => ({ phone: '+33612345678', channel, direction: 'INBOUND', type: 'message', text: 'hi', externalId });
      const { message, field } = refusal(await h.gql(BULK, { inputs: [input('bulk-1'), input('bulk-2', 'sm\u0000s')] }));
      expect(field).toBe('inputs[1].channel');
      expect(message).toMatch(/Nothing was recorded/);
      expect(await h.services.interactions.find({ channel: 'sms' })).toEqual([]);
    });
  });

  describe('the domain services, which plugins reach through ctx.customers and ctx.interactions', () => {
    it('applies the same rules', async () => {
      const customer = await h.services.customers.create({ displayName: 'Plugin\u0000 Made', emails: ['plugin.made@example.com'] });
      expect(customer.displayName).toBe('Plugin Made');
      expect((await h.services.customers.setAttributes(customer.id, { score: 'hi\u0000gh' })).attributes).toEqual({ score: 'high' });
      await expect(h.services.customers.find({ text: 'x'.repeat(201) })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
      const refused = h.services.interactions.record({ channel: 'chat', handle: 'visitor\u0000', direction: 'INBOUND', type: 'message' });
      await expect(refused).rejects.toBeInstanceOf(ValidationError);
      await expect(refused).rejects.toMatchObject({ field: 'handle' });
      const recorded = await h.services.interactions.record({ customerId: customer.id, channel: 'chat', direction: 'INBOUND', type: 'message', text: 'a\u0000b' });
      expect(recorded.text).toBe('ab');
    });
  });
});
