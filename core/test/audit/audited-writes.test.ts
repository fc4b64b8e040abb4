import { afterEach, describe, expect, it } from 'vitest';
import { actAs, actAsWithin } from '../../src/actors/acting.js';
import { pluginActor, type Actor } from '../../src/actors/Actor.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createAuditHarness, refuseOutboxEvents, type AuditHarness } from './auditHarness.js';

const ADA: Actor = { kind: 'USER', id: 'user-ada', name: 'ada@ops.example' };
const message = (externalId: string, minutes: number) => ({
  email: 'grace@example.com',
  channel: 'email',
  direction: 'INBOUND' as const,
  type: 'message',
  text: `text of ${externalId}`,
  externalId,
  occurredAt: new Date(Date.UTC(2026, 2, 2, 9, minutes)),
});

describe.each(TEST_DATABASES)('audited writes on %s', (kind) => {
  let h: AuditHarness;
  afterEach(() => h.close());

  it('audits a customer created and updated, with the actor, the request and the fields before and after', async () => {
    h = await createAuditHarness(kind);
    const created = await actAs({ actor: ADA, requestId: 'req-1' }, () => h.kernel.customers.create({ displayName: 'Ada', emails: ['Ada@Example.com'] }));
    await h.kernel.customers.update(created.id, { displayName: 'Ada L.', phones: ['+1 415 555 0100'] });

    const events = await h.events();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      action: 'customer.create',
      actor: ADA,
      requestId: 'req-1',
      cause: null,
      targetType: 'Customer',
      targetId: created.id,
      customerId: created.id,
      changes: { displayName: { before: null, after: 'Ada' }, emails: { before: [], after: ['ada@example.com'] } },
    });
    expect(events[1]).toMatchObject({
      action: 'customer.update',
      actor: { kind: 'SYSTEM', id: 'system' },
      requestId: null,
      targetId: created.id,
      changes: { displayName: { before: 'Ada', after: 'Ada L.' }, phones: { before: [], after: ['+14155550100'] } },
    });
    // Only what changed: the e-mails stayed.
    expect(Object.keys(events[1]!.changes as object).sort()).toEqual(['displayName', 'phones']);
  });

  it('leaves no event when the write rolls back after its event was written', async () => {
    h = await createAuditHarness(kind);
    await refuseOutboxEvents(h, kind, 'customer.created');
    await expect(h.kernel.customers.create({ displayName: 'Nobody' })).rejects.toThrow('refused by the test');
    // The ingest path creates a customer too, in its own statements.
    await expect(h.kernel.interactions.record(message('m-1', 0))).rejects.toThrow('refused by the test');
    expect(await h.events()).toEqual([]);
    expect(await h.execute('select id from customers')).toEqual([]);
  });

  it('leaves no event when a recorded interaction rolls back, on the one-statement path too', async () => {
    h = await createAuditHarness(kind);
    await h.kernel.interactions.record(message('m-1', 0));
    const before = await h.events();
    await refuseOutboxEvents(h, kind, 'interaction.recorded');
    // A known customer's open conversation: the path that is one statement on PostgreSQL.
    await expect(h.kernel.interactions.record(message('m-2', 5))).rejects.toThrow('refused by the test');
    expect(await h.events()).toEqual(before);
  });

  it('audits the customer an identity creates and each interaction recorded, once', async () => {
    h = await createAuditHarness(kind);
    const first = await h.kernel.interactions.record({ ...message('m-1', 0), displayName: 'Grace' });
    const second = await h.kernel.interactions.record(message('m-2', 5));
    await h.kernel.interactions.record(message('m-1', 0)); // a repeat changes nothing

    const events = await h.events();
    expect(events.map((event) => event.action)).toEqual(['customer.create', 'interaction.record', 'interaction.record']);
    expect(events[0]).toMatchObject({
      targetType: 'Customer',
      targetId: first.customerId,
      changes: { displayName: { before: null, after: 'Grace' }, emails: { before: [], after: ['grace@example.com'] } },
    });
    for (const [event, interaction] of [
      [events[1]!, first],
      [events[2]!, second],
    ] as const) {
      expect(event).toMatchObject({
        targetType: 'Interaction',
        targetId: interaction.id,
        customerId: first.customerId,
        actor: { kind: 'SYSTEM' },
        changes: {
          channel: { before: null, after: 'email' },
          direction: { before: null, after: 'INBOUND' },
          type: { before: null, after: 'message' },
          externalId: { before: null, after: interaction.externalId },
        },
      });
      // What the message said stays in the interaction, not in a second copy here.
      expect(JSON.stringify(event.changes)).not.toContain('text of');
    }
  });

  it('audits merges, and resolving and re-opening a conversation when they change something', async () => {
    h = await createAuditHarness(kind);
    const target = await h.kernel.customers.create({ emails: ['target@example.com'] });
    const source = await h.kernel.customers.create({ displayName: 'Source', emails: ['source@example.com'] });
    await h.kernel.merger.merge(target.id, source.id);
    const recorded = await h.kernel.interactions.record({ customerId: target.id, channel: 'email', direction: 'INBOUND', type: 'message', text: 'hi' });
    await h.kernel.conversations.resolve(recorded.conversationId!);
    await h.kernel.conversations.resolve(recorded.conversationId!); // already resolved: no change
    await h.kernel.conversations.reopen(recorded.conversationId!);

    const events = (await h.events()).slice(2);
    expect(events.map((event) => event.action)).toEqual(['customer.merge', 'interaction.record', 'conversation.resolve', 'conversation.reopen']);
    expect(events[0]).toMatchObject({
      targetId: target.id,
      changes: { mergedCustomerId: { before: null, after: source.id }, displayName: { before: null, after: 'Source' } },
    });
    expect(events[2]).toMatchObject({
      targetType: 'Conversation',
      targetId: recorded.conversationId,
      customerId: target.id,
      changes: { status: { before: 'OPEN', after: 'RESOLVED' }, resolvedAt: { before: null, after: '2026-03-02T09:00:00.000Z' } },
    });
    expect(events[3]!.changes).toEqual({ status: { before: 'RESOLVED', after: 'OPEN' }, resolvedAt: { before: '2026-03-02T09:00:00.000Z', after: null } });
  });

  it('audits stored scores and segment memberships that change, as the acting plugin', async () => {
    h = await createAuditHarness(kind);
    const customer = await h.kernel.customers.create({ displayName: 'Ada' });
    const now = h.clock.now();
    await actAsWithin(pluginActor('@acme/csat'), async () => {
      await h.kernel.scores.apply(customer.id, 'csat', { value: 4, label: 'good', explanation: 'one answer' }, now);
      await h.kernel.scores.apply(customer.id, 'csat', { value: 4, label: 'good', explanation: 'the same, explained again' }, now);
      await h.kernel.scores.apply(customer.id, 'csat', { value: 2, label: 'poor', explanation: 'a second answer' }, now);
      await h.kernel.scores.apply(customer.id, 'csat', undefined, now);
      await h.kernel.segments.apply(customer.id, 'lifecycle', ['new', 'engaged'], now);
      await h.kernel.segments.apply(customer.id, 'lifecycle', ['engaged', 'loyal'], now);
    });

    const events = (await h.events()).slice(1);
    expect(events.every((event) => event.actor.kind === 'PLUGIN' && event.actor.id === '@acme/csat' && event.targetId === customer.id)).toBe(true);
    expect(events.map((event) => [event.action, event.changes])).toEqual([
      ['score.set', { 'scores.csat': { before: null, after: { value: 4, label: 'good' } } }],
      ['score.set', { 'scores.csat': { before: { value: 4, label: 'good' }, after: { value: 2, label: 'poor' } } }],
      ['score.set', { 'scores.csat': { before: { value: 2, label: 'poor' }, after: null } }],
      ['segment.enter', { membership: { before: null, after: { model: 'lifecycle', segment: 'new' } } }],
      ['segment.enter', { membership: { before: null, after: { model: 'lifecycle', segment: 'engaged' } } }],
      ['segment.leave', { membership: { before: { model: 'lifecycle', segment: 'new' }, after: null } }],
      ['segment.enter', { membership: { before: null, after: { model: 'lifecycle', segment: 'loyal' } } }],
    ]);
  });

  it('audits key-value writes with the value before and after, and an operator\'s plugin choice as what it is', async () => {
    h = await createAuditHarness(kind, { plugins: ['good-js'] });
    const storage = h.kernel.storage.forNamespace('@acme/loyalty');
    await storage.set('tiers', { gold: 1000 });
    await storage.set('tiers', { gold: 2000 });
    await storage.delete('tiers');
    await storage.delete('tiers'); // nothing to delete: nothing written
    await actAs({ actor: ADA }, () => h.kernel.host.setEnabled('@fixtures/good', false));
    await actAs({ actor: ADA }, () => h.kernel.host.setEnabled('@fixtures/good', true));

    const events = await h.events();
    expect(events.map((event) => [event.action, event.targetType, event.targetId, event.changes])).toEqual([
      ['storage.set', 'StorageKey', '@acme/loyalty:tiers', { valueBytes: { before: null, after: 13 } }],
      ['storage.set', 'StorageKey', '@acme/loyalty:tiers', { valueBytes: { before: 13, after: 13 } }],
      ['storage.delete', 'StorageKey', '@acme/loyalty:tiers', { valueBytes: { before: 13, after: null } }],
      // One event each, though each also writes the core's own key-value state.
      ['plugin.disable', 'Plugin', '@fixtures/good', { enabled: { before: true, after: false } }],
      ['plugin.enable', 'Plugin', '@fixtures/good', { enabled: { before: false, after: true } }],
    ]);
    expect(events.slice(3).every((event) => event.actor.id === ADA.id)).toBe(true);
  });
});
