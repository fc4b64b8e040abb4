import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@rapport/sdk/testing';
import type { Kernel } from '../../src/kernel/createKernel.js';
import { fromGlobalId } from '../../src/graphql/globalIds.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from './graphqlHarness.js';

const DEFINE = 'mutation ($input: DefineSegmentInput!) { defineSegment(input: $input) { id name memberCount refreshedAt } }';
const UNHAPPY = { field: 'score.csat', op: 'lt', value: 40 };
const SCORES = { ada: 20, bo: 35, cy: 80, dee: 39, eve: 60 } as const;

describe.each(TEST_DATABASES)('segments defined by rule trees on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const kernel = () => h.services as unknown as Kernel;
  const execute = (sql: string, params: unknown[] = []) => h.services.database.orm.em.getConnection().execute(sql, params);
  async function seed(): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const [name, csat] of Object.entries(SCORES)) {
      const { createCustomer } = await h.data<Json>('mutation ($n: String) { createCustomer(input: { displayName: $n }) { id } }', { n: name });
      ids.set(name, fromGlobalId(createCustomer.id).id);
      await h.seedScore(ids.get(name)!, 'csat', csat);
    }
    return ids;
  }
  const members = async (segment: string) =>
    (await h.data<Json>('query ($s: ID) { customers(segment: $s, first: 100) { edges { node { displayName } } } }', { s: `rules:${segment}` })).customers.edges
      .map((edge: Json) => edge.node.displayName)
      .sort();
  const outbox = async (type: string, segment: string) =>
    (await execute('select payload from event_outbox where type = ?', [type]))
      .map((row: { payload: unknown }) => (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload))
      .filter((payload: { model: string; segment: string }) => payload.model === 'rules' && payload.segment === segment);
  const expectedUnhappy = () => Object.entries(SCORES).filter(([, csat]) => csat < 40).map(([name]) => name).sort();

  it('defines a segment: its members at once, one segment.entered each, listed with its count', async () => {
    h = await createGraphQLHarness(kind);
    await seed();
    const { defineSegment } = await h.data<Json>(DEFINE, { input: { id: 'unhappy', name: 'Unhappy customers', rules: UNHAPPY } });
    expect(defineSegment).toMatchObject({ id: 'unhappy', name: 'Unhappy customers', memberCount: expectedUnhappy().length, refreshedAt: expect.any(String) });
    expect(await members('unhappy')).toEqual(expectedUnhappy());
    expect((await outbox('segment.entered', 'unhappy')).length).toBe(expectedUnhappy().length);
    const { segmentDefinitions } = await h.data<Json>('{ segmentDefinitions { id rules memberCount } }');
    expect(segmentDefinitions).toEqual([{ id: 'unhappy', rules: UNHAPPY, memberCount: expectedUnhappy().length }]);
  });

  it('a refresh moves exactly those who changed, and a second refresh at once is skipped by the lease', async () => {
    h = await createGraphQLHarness(kind);
    const ids = await seed();
    await h.data(DEFINE, { input: { id: 'unhappy', name: 'Unhappy', rules: UNHAPPY } });
    await execute('update scores set value = ? where customer_id = ? and rule = ?', [90, ids.get('ada'), 'csat']);
    await execute('update scores set value = ? where customer_id = ? and rule = ?', [10, ids.get('eve'), 'csat']);
    // Two at once: one runs while the other is skipped or runs after it; either way each change moves once.
    const results = (await Promise.all([kernel().segmentDefinitions.refresh('unhappy'), kernel().segmentDefinitions.refresh('unhappy')])).filter((r) => r !== undefined);
    expect(results.reduce((sum, r) => sum + r!.entered, 0)).toBe(1);
    expect(results.reduce((sum, r) => sum + r!.left, 0)).toBe(1);
    expect(await members('unhappy')).toEqual(['bo', 'dee', 'eve']);
    expect((await outbox('segment.left', 'unhappy')).map((p: { customerId: string }) => p.customerId)).toEqual([ids.get('ada')]);
    expect((await outbox('segment.entered', 'unhappy')).filter((p: { customerId: string }) => p.customerId === ids.get('eve'))).toHaveLength(1);
    // Nothing changed since: nothing moves.
    expect(await kernel().segmentDefinitions.refresh('unhappy')).toEqual({ entered: 0, left: 0, members: 3 });
    // While another instance holds the lease, a refresh is skipped.
    const later = kind === 'postgresql' ? new Date(h.clock.now().getTime() + 60_000) : h.clock.now().getTime() + 60_000;
    await execute('update segment_definitions set lease_until = ? where id = ?', [later, 'unhappy']);
    expect(await kernel().segmentDefinitions.refresh('unhappy')).toBeUndefined();
  });

  it('refreshes by itself after the events that can change membership, coalesced', async () => {
    h = await createGraphQLHarness(kind);
    const ids = await seed();
    await h.data(DEFINE, { input: { id: 'quiet', name: 'Quiet', rules: { field: 'interactions.count', op: 'eq', value: 0 } } });
    expect(await members('quiet')).toEqual(Object.keys(SCORES).sort());
    kernel().segmentSchedule.start();
    try {
      await h.data('mutation ($c: ID!) { recordInteraction(input: { customerId: $c, channel: "email", direction: INBOUND, type: "message", text: "hi" }) { id } }', {
        c: Buffer.from(`Customer:${ids.get('cy')}`).toString('base64url'),
      });
      await h.clock.advance(5_000);
      await waitFor('the coalesced refresh', async () => ((await members('quiet')).includes('cy') ? undefined : true), 10_000);
      expect(await members('quiet')).toEqual(['ada', 'bo', 'dee', 'eve']);
    } finally {
      await kernel().segmentSchedule.stop();
    }
  });

  it('answers a definition with what a later read finds, and a redefinition moves the members in the same request', async () => {
    h = await createGraphQLHarness(kind);
    await seed();
    const FIELDS = '{ id name rules memberCount refreshedAt createdAt updatedAt }';
    const define = async (input: Json) => (await h.data<Json>(`mutation ($input: DefineSegmentInput!) { defineSegment(input: $input) ${FIELDS} }`, { input })).defineSegment;
    const read = async () => (await h.data<Json>(`{ segmentDefinitions ${FIELDS} }`)).segmentDefinitions;
    const first = await define({ id: 'unhappy', name: 'Unhappy', rules: UNHAPPY });
    expect(await read()).toEqual([first]);
    const stricter = { field: 'score.csat', op: 'lt', value: 30 };
    const again = await define({ id: 'unhappy', name: 'Very unhappy', rules: stricter });
    expect(again).toMatchObject({ name: 'Very unhappy', rules: stricter, memberCount: 1, createdAt: first.createdAt });
    expect(await read()).toEqual([again]);
    expect(await members('unhappy')).toEqual(['ada']);
    const actions = (await execute("select action from audit_pending union all select action from audit_events")).map((row: { action: string }) => row.action);
    expect(actions.filter((action: string) => action.startsWith('segment.')).sort()).toEqual(['segment.define', 'segment.redefine', 'segment.refresh', 'segment.refresh']);
  });

  it('stores a redefinition while another instance refreshes the segment, and leaves its members to the next refresh', async () => {
    h = await createGraphQLHarness(kind);
    await seed();
    await h.data(DEFINE, { input: { id: 'unhappy', name: 'Unhappy', rules: UNHAPPY } });
    const later = new Date(Date.now() + 60_000);
    await execute('update segment_definitions set lease_until = ? where id = ?', [kind === 'postgresql' ? later : later.getTime(), 'unhappy']);
    const { defineSegment } = await h.data<Json>(DEFINE, { input: { id: 'unhappy', name: 'Unhappy', rules: { field: 'score.csat', op: 'lt', value: 30 } } });
    expect(defineSegment.memberCount).toBe(expectedUnhappy().length);
    expect(await members('unhappy')).toEqual(expectedUnhappy());
    await execute('update segment_definitions set lease_until = null where id = ?', ['unhappy']);
    expect(await kernel().segmentDefinitions.refresh('unhappy')).toMatchObject({ left: expectedUnhappy().length - 1, members: 1 });
    expect(await members('unhappy')).toEqual(['ada']);
  });

  it('stores no definition whose first refresh fails', async () => {
    h = await createGraphQLHarness(kind);
    await seed();
    if (kind === 'postgresql') {
      await execute("create function refuse_membership() returns trigger language plpgsql as $$ begin raise exception 'refused on purpose'; end $$");
      await execute('create trigger refuse_membership before insert on segment_memberships for each row execute function refuse_membership()');
    } else {
      await execute("create trigger refuse_membership before insert on segment_memberships begin select raise(abort, 'refused on purpose'); end");
    }
    expect((await h.gql(DEFINE, { input: { id: 'unhappy', name: 'Unhappy', rules: UNHAPPY } })).errors).toHaveLength(1);
    expect((await h.data<Json>('{ segmentDefinitions { id } }')).segmentDefinitions).toEqual([]);
    expect(await execute("select action from audit_pending where action like 'segment.%'")).toEqual([]);
    expect(await outbox('segment.entered', 'unhappy')).toEqual([]);
  });

  it('refuses bad ids, names and rules, naming the field; deleting lets every member leave', async () => {
    h = await createGraphQLHarness(kind);
    await seed();
    const bad = async (input: Record<string, unknown>) => (await h.gql(DEFINE, { input: { id: 'ok', name: 'Ok', rules: UNHAPPY, ...input } })).errors?.[0];
    expect(await bad({ id: 'Not OK!' })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
    expect(await bad({ name: '  ' })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'name' } });
    expect(await bad({ rules: { all: [{ field: 'score.csat', op: 'lt' }] } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('rules.all[0]') });
    expect((await h.data<Json>('{ segmentDefinitions { id } }')).segmentDefinitions).toEqual([]);

    await h.data(DEFINE, { input: { id: 'unhappy', name: 'Unhappy', rules: UNHAPPY } });
    expect((await h.data<Json>('mutation { deleteSegment(id: "unhappy") }')).deleteSegment).toBe(true);
    expect(await members('unhappy')).toEqual([]);
    expect((await outbox('segment.left', 'unhappy')).length).toBe(expectedUnhappy().length);
    expect((await h.data<Json>('mutation { deleteSegment(id: "unhappy") }')).deleteSegment).toBe(false);
  });
});
