import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../graphql/graphqlHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createPrivacyHarness, type PrivacyHarness } from './privacyHarness.js';
import { PERSONAL, seedCustomer } from './seedCustomer.js';

const PLUGINS = ['workflow-survey-js', 'privacy-notes-js', 'privacy-fails-js', 'customer-data-js'];

describe.each(TEST_DATABASES)('exportCustomer on %s', (kind) => {
  let h: PrivacyHarness;
  afterEach(() => h.close());

  it('returns one document with everything stored about the customer, every plugin\'s data included', async () => {
    h = await createPrivacyHarness(kind, PLUGINS);
    const seeded = await seedCustomer(h);
    await h.kernel.database.orm.em.getConnection().execute('insert into fixture_purchases (id, customer_id, amount) values (?, ?, ?)', [
      '6f1c5e0e-0000-4000-8000-000000000001',
      seeded.rawId,
      120,
    ]);

    const { exportCustomer: document } = await h.data<{ exportCustomer: Json }>('query ($id: ID!) { exportCustomer(id: $id) }', { id: seeded.id });

    expect(document).toMatchObject({ format: 'rapport.customer-export/1', exportedAt: '2026-03-02T10:00:00.000Z' });
    expect(document.customer).toEqual({
      id: seeded.id,
      rawId: seeded.rawId,
      displayName: PERSONAL.name,
      emails: expect.arrayContaining([PERSONAL.email, PERSONAL.oldEmail]),
      phones: [PERSONAL.phone],
      handles: [],
      attributes: { home: PERSONAL.attribute, tier: 'gold' },
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: expect.any(String),
    });
    expect(document.identities.map((identity: Json) => identity.value).sort()).toEqual([PERSONAL.phone, PERSONAL.email, PERSONAL.oldEmail].sort());
    expect(document.mergedCustomers).toEqual([{ id: seeded.mergedId, rawId: seeded.rawMergedId, mergedAt: '2026-03-02T09:00:00.000Z' }]);

    expect(document.conversations).toEqual([
      expect.objectContaining({ id: seeded.conversationId, status: 'RESOLVED', threadKey: PERSONAL.threadKey, openedChannel: 'fixture-sms', resolvedAt: '2026-03-02T10:00:00.000Z' }),
    ]);
    expect(document.interactions.map((i: Json) => [i.direction, i.type, i.text, i.conversationId])).toEqual([
      ['INBOUND', 'message', PERSONAL.text, seeded.conversationId],
      ['OUTBOUND', 'message', PERSONAL.reply, seeded.conversationId],
      ['INBOUND', 'survey_response', '4', seeded.conversationId],
    ]);
    expect(document.interactions[0]).toMatchObject({
      subject: PERSONAL.subject,
      externalId: PERSONAL.externalId,
      threadKey: PERSONAL.threadKey,
      metadata: { card: PERSONAL.metadata },
      occurredAt: '2026-03-02T09:00:00.000Z',
    });
    expect(document.interactions[0].rawId).toMatch(/^[0-9a-f-]{36}$/);
    expect(document.scores).toEqual([{ rule: 'loyalty', value: 3, label: 'gold', explanation: `${PERSONAL.name} bought a lot`, computedAt: '2026-03-02T10:00:00.000Z' }]);
    expect(document.segments).toEqual([{ model: 'lifecycle', segment: 'active', since: '2026-03-02T10:00:00.000Z' }]);

    // The resolution started the survey workflow; it sleeps, with its first step done.
    expect(document.workflowRuns).toEqual([
      expect.objectContaining({
        workflow: 'survey-after-resolution',
        plugin: '@fixtures/workflow-survey',
        status: 'SLEEPING',
        input: expect.objectContaining({ customerId: seeded.rawId }),
        steps: [
          expect.objectContaining({ name: 'prepare', kind: 'step', status: 'COMPLETED', result: { conversationId: expect.any(String) } }),
          expect.objectContaining({ name: 'delay', kind: 'sleep', status: 'SLEEPING' }),
        ],
      }),
    ]);
    expect(document.events.map((event: Json) => event.type)).toEqual(
      expect.arrayContaining(['customer.created', 'customer.merged', 'interaction.recorded', 'conversation.opened', 'conversation.resolved']),
    );
    expect(document.events.every((event: Json) => event.payload.customerId === seeded.rawId || event.payload.customerId === seeded.rawMergedId)).toBe(true);

    // Plugin storage under keys that name the customer, rows of plugin tables that reference them,
    // and what each plugin's exporter returns, the lazily activated one's included.
    const note = { about: PERSONAL.name, emails: [PERSONAL.email], phones: [PERSONAL.phone] };
    const oldNote = { about: null, emails: [PERSONAL.oldEmail], phones: [] };
    expect(document.pluginStorage).toEqual(
      expect.arrayContaining([
        { namespace: '@fixtures/privacy-notes', key: `note:${seeded.rawId}`, value: note, updatedAt: expect.any(String) },
        { namespace: '@fixtures/privacy-notes', key: `note:${seeded.rawMergedId}`, value: oldNote, updatedAt: expect.any(String) },
      ]),
    );
    expect(document.pluginTables).toEqual({ fixture_purchases: [{ id: '6f1c5e0e-0000-4000-8000-000000000001', customer_id: seeded.rawId, amount: 120 }] });
    expect(document.plugins).toEqual({
      '@fixtures/privacy-notes': {
        notes: { notes: { [seeded.rawId]: note, [seeded.rawMergedId]: oldNote }, emails: expect.arrayContaining([PERSONAL.email, PERSONAL.oldEmail]) },
      },
      '@fixtures/privacy-fails': { archive: { archived: [], about: seeded.rawId } },
    });
  });

  it('follows a merged id to the survivor, and answers NOT_FOUND for an id nobody has', async () => {
    h = await createPrivacyHarness(kind, []);
    const seeded = await seedCustomer(h);
    const viaMerged = await h.data<{ exportCustomer: Json }>('query ($id: ID!) { exportCustomer(id: $id) }', { id: seeded.mergedId });
    expect(viaMerged.exportCustomer.customer.rawId).toBe(seeded.rawId);
    expect(viaMerged.exportCustomer.plugins).toEqual({});

    const unknown = await h.gql('query ($id: ID!) { exportCustomer(id: $id) }', { id: Buffer.from('Customer:00000000-0000-4000-8000-000000000000').toString('base64url') });
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('records the export in the audit log, naming the customer and no personal data', async () => {
    h = await createPrivacyHarness(kind, []);
    const seeded = await seedCustomer(h);
    await h.data('query ($id: ID!) { exportCustomer(id: $id) }', { id: seeded.id });
    const [event] = await h.kernel.audit.list({ action: 'customer.export' }, 10);
    expect(event).toMatchObject({ action: 'customer.export', targetType: 'Customer', targetId: seeded.rawId, actor: { kind: 'API_KEY', id: 'privacy-officer' } });
    expect(JSON.stringify(event)).not.toContain(PERSONAL.name);
    expect(JSON.stringify(event)).not.toContain(PERSONAL.email);
  });
});
