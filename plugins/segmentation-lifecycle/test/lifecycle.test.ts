import { afterEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import { graphqlId, lifecycle, moves, PLUGIN, purchase, record, START, startHost } from './host.js';

const ADA = 'ada@example.com';

describe('lifecycle segments in the test host', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  it('is active from startup, because the model refreshes only while registered', async () => {
    host = await startHost();
    expect(host.plugin(PLUGIN).state).toBe('ACTIVE');
  });

  it('puts a customer with a first message in new, and publishes segment.entered', async () => {
    host = await startHost();
    const customerId = await record(host, ADA);
    expect(await host.segments(customerId)).toEqual([{ model: 'lifecycle', segment: 'new', since: new Date(START) }]);
    expect(host.events('segment.entered')).toEqual([
      expect.objectContaining({ eventType: 'segment.entered', customerId, model: 'lifecycle', segment: 'new' }),
    ]);
    expect(host.events('segment.left')).toEqual([]);
  });

  it('gives a customer without interactions no segment', async () => {
    host = await startHost();
    const customer = await host.customers.create({ emails: ['quiet@example.com'] });
    await host.advance('P2D');
    expect(await host.segments(customer.id)).toEqual([]);
    expect(host.events('segment.entered')).toEqual([]);
  });

  it('moves a first purchase to onboarding, and leaves new', async () => {
    host = await startHost();
    const customerId = await record(host, ADA);
    await host.advance('P1D');
    await purchase(host, ADA);
    expect(await lifecycle(host, customerId)).toEqual(['onboarding']);
    expect(moves(host, customerId)).toEqual([
      ['entered', 'new'],
      ['left', 'new'],
      ['entered', 'onboarding'],
    ]);
    expect(host.events('segment.left')).toEqual([
      expect.objectContaining({ customerId, model: 'lifecycle', segment: 'new' }),
    ]);
  });

  it('moves a new customer who does not buy to active when newFor has passed, with no event of theirs', async () => {
    host = await startHost();
    const customerId = await record(host, ADA);
    await host.advance('P13D');
    expect(await lifecycle(host, customerId)).toEqual(['new']);
    await host.advance('P1D');
    expect(await lifecycle(host, customerId)).toEqual(['active']);
    const [since] = (await host.segments(customerId)).map((membership) => membership.since.toISOString());
    expect(since).toBe('2026-03-16T09:00:00.000Z');
  });

  it('makes a customer loyal with the third purchase', async () => {
    host = await startHost();
    const customerId = await purchase(host, ADA);
    await host.advance('P10D');
    await purchase(host, ADA);
    expect(await lifecycle(host, customerId)).toEqual(['onboarding']);
    await host.advance('P10D');
    await purchase(host, ADA);
    expect(await lifecycle(host, customerId)).toEqual(['loyal']);
    expect(moves(host, customerId)).toEqual([
      ['entered', 'onboarding'],
      ['left', 'onboarding'],
      ['entered', 'loyal'],
    ]);
  });

  it('moves a quiet customer to at-risk and then churned by the daily refresh alone, and a new message brings them back', async () => {
    host = await startHost();
    const customerId = await purchase(host, ADA);
    await host.advance('P30D');
    await record(host, ADA);
    const eventsBefore = host.events().filter((event) => !event.eventType.startsWith('segment.')).length;

    await host.advance('P44D');
    expect(await lifecycle(host, customerId)).toEqual(['active']);
    await host.advance('P1D');
    expect(await lifecycle(host, customerId)).toEqual(['at-risk']);
    // Nothing but the clock moved: no interaction, no customer event, only segment events.
    expect(host.events().filter((event) => !event.eventType.startsWith('segment.')).length).toBe(eventsBefore);
    expect(host.events('segment.entered').at(-1)).toMatchObject({ customerId, model: 'lifecycle', segment: 'at-risk' });
    expect(host.events('segment.left').at(-1)).toMatchObject({ customerId, model: 'lifecycle', segment: 'active' });

    await host.advance('P74D');
    expect(await lifecycle(host, customerId)).toEqual(['at-risk']);
    await host.advance('P1D');
    expect(await lifecycle(host, customerId)).toEqual(['churned']);
    expect(host.events('segment.entered').at(-1)).toMatchObject({ customerId, model: 'lifecycle', segment: 'churned' });

    await record(host, ADA);
    expect(await lifecycle(host, customerId)).toEqual(['active']);
    expect(moves(host, customerId)).toEqual([
      ['entered', 'onboarding'],
      ['left', 'onboarding'],
      ['entered', 'active'],
      ['left', 'active'],
      ['entered', 'at-risk'],
      ['left', 'at-risk'],
      ['entered', 'churned'],
      ['left', 'churned'],
      ['entered', 'active'],
    ]);
  });

  it('does not count messages sent to a customer as activity', async () => {
    host = await startHost();
    const customerId = await record(host, ADA);
    await host.advance('P40D');
    await record(host, ADA, { direction: 'OUTBOUND' });
    await host.advance('P5D');
    expect(await lifecycle(host, customerId)).toEqual(['at-risk']);
  });

  it('keeps one lifecycle segment per customer, each moving on their own', async () => {
    host = await startHost();
    const ada = await purchase(host, ADA);
    const bob = await record(host, 'bob@example.com');
    await host.advance('P20D');
    const cy = await record(host, 'cy@example.com');
    expect(await lifecycle(host, ada)).toEqual(['onboarding']);
    expect(await lifecycle(host, bob)).toEqual(['active']);
    expect(await lifecycle(host, cy)).toEqual(['new']);
  });

  it('lists the members of a segment through GraphQL, with their memberships', async () => {
    host = await startHost();
    await record(host, ADA);
    await host.advance('P40D');
    await record(host, 'bob@example.com');
    await host.advance('P5D');
    const result = await host.graphql<{
      customers: { totalCount: number; edges: { node: { id: string; segments: { model: string; segment: string; since: string }[] } }[] };
    }>('{ customers(segment: "lifecycle:at-risk") { totalCount edges { node { id segments { model segment since } } } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers).toEqual({
      totalCount: 1,
      edges: [{ node: { id: await graphqlId(host, ADA), segments: [{ model: 'lifecycle', segment: 'at-risk', since: '2026-04-16T09:00:00.000Z' }] } }],
    });
    const bob = await host.graphql<{ customer: { segments: { segment: string }[] } }>(`{ customer(id: "${await graphqlId(host, 'bob@example.com')}") { segments { segment } } }`);
    expect(bob.data!.customer.segments).toEqual([{ segment: 'new' }]);
  });

  it('classifies the survivor of a merge from both histories', async () => {
    host = await startHost();
    const survivor = await record(host, ADA);
    await purchase(host, 'ada.work@example.com');
    await host.advance('P1D');
    expect(await lifecycle(host, survivor)).toEqual(['new']);
    const merged = await host.graphql('mutation ($targetId: ID!, $sourceId: ID!) { mergeCustomers(input: { targetId: $targetId, sourceId: $sourceId }) { id } }', {
      targetId: await graphqlId(host, ADA),
      sourceId: await graphqlId(host, 'ada.work@example.com'),
    });
    expect(merged.errors).toBeUndefined();
    await host.advance(0);
    expect(await lifecycle(host, survivor)).toEqual(['onboarding']);
  });

  it('counts an interaction dated in the future at once, as the rule language does (1.1.0)', async () => {
    host = await startHost();
    const customerId = await record(host, ADA);
    await host.advance('P50D');
    expect(await lifecycle(host, customerId)).toEqual(['at-risk']);
    // Dated ten days ahead: its purchase is the customer's first, "newer than 60 days".
    await record(host, ADA, { type: 'purchase', metadata: { amount: 10, currency: 'EUR' }, occurredAt: new Date(Date.parse(START) + 60 * 86_400_000) });
    expect(await lifecycle(host, customerId)).toEqual(['onboarding']);
    await host.advance('P10D');
    expect(await lifecycle(host, customerId)).toEqual(['onboarding']);
  });
});
