import { afterEach, describe, expect, it } from 'vitest';
import { actAs } from '../../src/actors/acting.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createAuditHarness, type AuditHarness } from './auditHarness.js';

const WRITER = '@fixtures/audit-writer';
const SURVEY = '@fixtures/workflow-survey';

describe.each(TEST_DATABASES)('who the audit log names for plugins\' writes, on %s', (kind) => {
  let h: AuditHarness;
  afterEach(() => h.close());

  it('names the plugin, with the event it handled as the cause, for writes through its context', async () => {
    h = await createAuditHarness(kind, { plugins: ['audit-writer-js'] });
    const customer = await actAs({ actor: { kind: 'API_KEY', id: 'importer' }, requestId: 'req-7' }, () => h.kernel.customers.create({ displayName: 'Ada' }));
    const { handled } = h.kernel.host.getExports(WRITER) as { handled: string[] };
    expect(handled).toHaveLength(1);

    const events = await h.events();
    expect(events.map((event) => [event.action, event.actor.kind, event.actor.id])).toEqual([
      ['customer.create', 'API_KEY', 'importer'],
      ['storage.set', 'PLUGIN', WRITER],
      ['customer.update', 'PLUGIN', WRITER],
    ]);
    expect(events[0]).toMatchObject({ requestId: 'req-7', cause: null });
    for (const event of events.slice(1)) {
      // Delivered from the outbox, not within the request: the event is the cause, the request is not.
      expect(event.cause).toEqual({ kind: 'event', id: handled[0] });
      expect(event.requestId).toBeNull();
    }
    expect(events[1]).toMatchObject({ targetType: 'StorageKey', targetId: `${WRITER}:welcomed:${customer.id}` });
    expect(events[2]).toMatchObject({ targetId: customer.id, changes: { attributes: { before: {}, after: { welcomed: true } } } });
  });

  it('names the workflow\'s plugin for the runs its trigger starts and for what a run sends, with the event and the run as causes', async () => {
    h = await createAuditHarness(kind, { plugins: ['workflow-survey-js'], settings: { [SURVEY]: { delay: 0 } } });
    const message = await h.kernel.interactions.record({ phone: '+14155550100', channel: 'fixture-sms', direction: 'INBOUND', type: 'message', text: 'Late order' });
    await h.kernel.conversations.resolve(message.conversationId!);
    await h.kernel.workflows.runDue();
    const [resolved] = await h.execute("select id from event_outbox where type = 'conversation.resolved'");
    const [run] = await h.execute('select id from workflow_runs');

    const events = await h.events();
    expect(events.map((event) => event.action)).toEqual(['customer.create', 'interaction.record', 'conversation.resolve', 'workflowRun.start', 'message.send']);
    expect(events[3]).toMatchObject({
      actor: { kind: 'PLUGIN', id: SURVEY },
      cause: { kind: 'event', id: resolved!.id },
      targetType: 'WorkflowRun',
      targetId: run!.id,
      customerId: message.customerId,
      changes: { workflow: { before: null, after: 'survey-after-resolution' }, status: { before: null, after: 'RUNNING' }, triggerEventId: { before: null, after: resolved!.id } },
    });
    expect(events[4]).toMatchObject({
      actor: { kind: 'PLUGIN', id: SURVEY },
      cause: { kind: 'workflowRun', id: run!.id },
      targetType: 'Interaction',
      customerId: message.customerId,
      changes: { channel: { before: null, after: 'fixture-sms' }, direction: { before: null, after: 'OUTBOUND' } },
    });

    // The run now waits for an answer: an operator cancels it, and retries it.
    const operator = { actor: { kind: 'USER' as const, id: 'user-ops' }, requestId: 'req-9' };
    await actAs(operator, () => h.kernel.workflows.cancel(String(run!.id)));
    await actAs(operator, () => h.kernel.workflows.retry(String(run!.id)));
    const later = (await h.events()).slice(5);
    expect(later.map((event) => [event.action, event.actor.id, event.requestId, event.targetId, event.changes])).toEqual([
      ['workflowRun.cancel', 'user-ops', 'req-9', run!.id, { status: { before: 'WAITING', after: 'CANCELLED' } }],
      ['workflowRun.retry', 'user-ops', 'req-9', run!.id, { status: { before: 'CANCELLED', after: 'RUNNING' } }],
    ]);
  });
});
