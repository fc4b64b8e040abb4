import { afterEach, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/graphql/globalIds.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import type { Json } from '../graphql/graphqlHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createPrivacyHarness, type PrivacyHarness } from './privacyHarness.js';
import { PERSONAL, seedCustomer } from './seedCustomer.js';

const KPIS = `query { serviceKpis(from: "2026-03-01T00:00:00Z", to: "2026-03-03T00:00:00Z") {
  conversations resolved resolutionRate averageFirstResponseTimeMs averageResolutionTimeMs } }`;

describe.each(TEST_DATABASES)('eraseCustomer on %s', (kind) => {
  let h: PrivacyHarness;
  afterEach(() => h.close());

  const erase = (id: string) => h.gql<{ eraseCustomer: boolean }>('mutation ($id: ID!) { eraseCustomer(id: $id) }', { id });
  const rows = (sql: string, params: unknown[] = []) => SqlSession.autocommit(h.kernel.database).all(sql, params);

  it('erases the personal data, keeps de-identified rows so the KPIs stay, and the id is NOT_FOUND afterwards', async () => {
    h = await createPrivacyHarness(kind, ['workflow-survey-js', 'privacy-notes-js', 'customer-data-js']);
    const seeded = await seedCustomer(h);
    await rows('insert into fixture_purchases (id, customer_id, amount) values (?, ?, ?)', ['6f1c5e0e-0000-4000-8000-000000000002', seeded.rawId, 80]);
    const kpisBefore = await h.data(KPIS);
    expect(kpisBefore.serviceKpis).toMatchObject({ conversations: 2, resolved: 1 });
    const [running] = await h.kernel.workflows.list({ customerId: seeded.rawId }, 10);
    expect(running?.status).toBe('SLEEPING');

    expect(await erase(seeded.id)).toEqual({ data: { eraseCustomer: true } });

    // Nothing leads to her any more: her id, the id merged into her, and every field that takes one.
    const lookups = await h.data(`query ($id: ID!, $merged: ID!) { customer(id: $id) { id } node(id: $id) { id } merged: customer(id: $merged) { id } }`, {
      id: seeded.id,
      merged: seeded.mergedId,
    });
    expect(lookups).toEqual({ customer: null, node: null, merged: null });
    for (const operation of [
      'query ($id: ID!) { exportCustomer(id: $id) }',
      'mutation ($id: ID!) { eraseCustomer(id: $id) }',
      'mutation ($id: ID!) { updateCustomer(input: { id: $id, displayName: "Back" }) { id } }',
    ]) {
      for (const id of [seeded.id, seeded.mergedId]) {
        expect((await h.gql(operation, { id })).errors?.[0], operation).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
      }
    }
    expect((await h.gql('{ customers(query: "Zephyrine") { totalCount } }')).data).toEqual({ customers: { totalCount: 0 } });

    // The figures are the same: conversations keep their timings, under an anonymous customer.
    expect(await h.data(KPIS)).toEqual(kpisBefore);
    const [conversation] = await rows('select customer_id, thread_key, resolved_at from conversations where id = ?', [seeded.rawConversationId]);
    expect(conversation).toMatchObject({ thread_key: null });
    const remainderId = String(conversation!.customer_id);
    expect(remainderId).not.toBe(seeded.rawId);
    const remainder = await h.data(`query ($id: ID!) { customer(id: $id) { displayName emails phones handles { channel handle } attributes interactions { totalCount } } }`, {
      id: toGlobalId('Customer', remainderId),
    });
    expect(remainder.customer).toEqual({ displayName: null, emails: [], phones: [], handles: [], attributes: {}, interactions: { totalCount: 3 } });
    const interactions = await rows('select direction, type, channel, subject, text, metadata, external_id, thread_key, conversation_id from interactions where customer_id = ? order by occurred_at, id', [remainderId]);
    expect(interactions.map((row) => ({ ...row, metadata: SqlSession.readJson(row.metadata) }))).toEqual([
      { direction: 'INBOUND', type: 'message', channel: 'fixture-sms', subject: null, text: null, metadata: {}, external_id: null, thread_key: null, conversation_id: seeded.rawConversationId },
      { direction: 'OUTBOUND', type: 'message', channel: 'fixture-sms', subject: null, text: null, metadata: {}, external_id: null, thread_key: null, conversation_id: seeded.rawConversationId },
      // A survey answer keeps its figure, so org-wide CSAT stays right; the comment goes.
      { direction: 'INBOUND', type: 'survey_response', channel: 'fixture-sms', subject: null, text: null, metadata: { csat: 4 }, external_id: null, thread_key: null, conversation_id: seeded.rawConversationId },
    ]);
    expect(await rows('select * from scores where customer_id in (?, ?)', [seeded.rawId, remainderId])).toEqual([]);
    expect(await rows('select * from segment_memberships where customer_id in (?, ?)', [seeded.rawId, remainderId])).toEqual([]);
    expect(await rows('select * from customer_merges')).toEqual([]);
    expect(await rows('select type from event_outbox where customer_id in (?, ?)', [seeded.rawId, seeded.rawMergedId])).toEqual([]);
    expect(await rows("select key from plugin_storage where namespace = '@fixtures/privacy-notes'")).toEqual([{ key: `note:${seeded.bystanderId}` }]);
    expect(await rows('select customer_id, amount from fixture_purchases')).toEqual([{ customer_id: remainderId, amount: 80 }]);

    // The survey workflow that slept was cancelled first; the run stays, without its input and results.
    const run = (await h.kernel.workflows.get(running!.id))!;
    expect(run).toMatchObject({ status: 'CANCELLED', customerId: remainderId, input: {}, error: null });
    expect((await h.kernel.workflows.stepsOf([run.id])).map((step) => [step.name, step.result])).toEqual([
      ['prepare', undefined],
      ['delay', undefined],
    ]);

    // Someone else's data is untouched.
    const bystander = await h.kernel.customers.get(seeded.bystanderId);
    expect(bystander?.emails).toEqual(['bystander@example.com']);
    expect((await h.kernel.interactions.list(seeded.bystanderId)).map((interaction) => interaction.text)).toEqual(['Hello']);
  });

  it('records the erasure in the audit log with her id and no personal data, and redacts her earlier events', async () => {
    h = await createPrivacyHarness(kind, []);
    const seeded = await seedCustomer(h);
    expect(await erase(seeded.id)).toEqual({ data: { eraseCustomer: true } });

    const [erasure] = await h.kernel.audit.list({ action: 'customer.erase' }, 10);
    expect(erasure).toMatchObject({ action: 'customer.erase', targetType: 'Customer', targetId: seeded.rawId, actor: { kind: 'API_KEY', id: 'privacy-officer' } });
    const everything = JSON.stringify(await h.kernel.audit.list({}, 1000));
    for (const [what, value] of Object.entries(PERSONAL)) expect(everything, what).not.toContain(value);
    const [created] = await h.kernel.audit.list({ action: 'customer.create', targetId: seeded.rawId }, 1);
    expect(created?.changes).toEqual({ redacted: true });
    expect((await h.kernel.audit.verify()).ok).toBe(true);
  });

  it('fails naming the plugin whose eraser fails, and leaves the core\'s data for a retry', async () => {
    h = await createPrivacyHarness(kind, ['privacy-notes-js', 'privacy-fails-js']);
    const seeded = await seedCustomer(h);

    const result = await erase(seeded.id);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_AVAILABLE' });
    expect(result.errors?.[0]?.message).toMatch(/^Plugin "@fixtures\/privacy-fails" failed in the erase of customer data "archive": the archive is offline\. .*retried/);

    const { exportCustomer } = await h.data<{ exportCustomer: Json }>('query ($id: ID!) { exportCustomer(id: $id) }', { id: seeded.id });
    expect(exportCustomer.customer.displayName).toBe(PERSONAL.name);
    expect(exportCustomer.interactions[0].text).toBe(PERSONAL.text);
    expect((await h.kernel.audit.list({ action: 'customer.erase' }, 10))).toEqual([]);
  });

  it('refuses while a plugin that keeps customer data is disabled, naming it', async () => {
    h = await createPrivacyHarness(kind, ['privacy-notes-js']);
    const seeded = await seedCustomer(h);
    await h.kernel.host.setEnabled('@fixtures/privacy-notes', false);

    for (const operation of ['mutation ($id: ID!) { eraseCustomer(id: $id) }', 'query ($id: ID!) { exportCustomer(id: $id) }']) {
      const result = await h.gql(operation, { id: seeded.id });
      expect(result.errors?.[0]?.extensions, operation).toMatchObject({ code: 'NOT_AVAILABLE' });
      expect(result.errors?.[0]?.message).toContain('plugin "@fixtures/privacy-notes" keeps customer data ("notes") but is unavailable');
    }
    expect((await h.kernel.customers.get(seeded.rawId))?.displayName).toBe(PERSONAL.name);
  });
});
