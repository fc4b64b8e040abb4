import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '@rapport/sdk';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const SURVEY = '@fixtures/workflow-survey';
const DAY = 86_400_000;

interface Fixture {
  sent: { customerId: string; text: string; idempotencyKey: string; externalId: string }[];
  stepCalls: { prepare: number; outcome: number };
}

describe.each(TEST_DATABASES)('the workflow engine on %s', (kind) => {
  let h: KernelHarness;
  let clock: FakeClock;
  let events: DeliveredEvent[];
  afterEach(() => h.close());

  async function setUp(settings: Record<string, unknown> = {}) {
    clock = new FakeClock('2026-03-02T09:00:00Z');
    h = await createKernelHarness(kind, ['workflow-survey-js'], { settings: { [SURVEY]: settings }, clock });
    events = [];
    for (const type of ['workflow.completed', 'workflow.failed'] as const) h.kernel.events.subscribe(type, (event) => void events.push(event));
  }
  const fixture = () => h.kernel.host.getExports(SURVEY) as Fixture;
  const run = async () => {
    const rows = (await h.kernel.database.orm.em.getConnection().execute('select id from workflow_runs')) as { id: string }[];
    expect(rows).toHaveLength(1);
    return (await h.kernel.workflows.get(rows[0]!.id))!;
  };
  const steps = async (runId: string) =>
    ((await h.kernel.database.orm.em.getConnection().execute('select name, status, attempts from workflow_steps where run_id = ? order by position', [runId])) as {
      name: string;
      status: string;
      attempts: unknown;
    }[]).map((step) => [step.name, step.status, Number(step.attempts)]);

  /** A customer message, then the conversation resolved: the trigger. */
  async function resolveAConversation() {
    const message = await h.kernel.interactions.record({ email: 'ada@example.com', channel: 'sms', direction: 'INBOUND', type: 'message', text: 'Late order' });
    await h.kernel.conversations.resolve(message.conversationId!);
    await h.kernel.workflows.runDue();
    return message;
  }
  async function advance(ms: number) {
    await clock.advance(ms);
    await h.kernel.dispatcher.dispatch();
    await h.kernel.workflows.runDue();
  }

  it('runs a survey after resolution through its timer, its send and the customer\'s answer', async () => {
    await setUp();
    const message = await resolveAConversation();
    let current = await run();
    expect(current).toMatchObject({ workflow: 'survey-after-resolution', plugin: SURVEY, status: 'SLEEPING', customerId: message.customerId });
    expect(current.wakeAt?.toISOString()).toBe('2026-03-05T09:00:00.000Z');
    expect(fixture().sent).toEqual([]);

    await advance(3 * DAY - 1);
    expect(fixture().sent).toEqual([]);
    await advance(1);
    // Sent once, with the run and step as idempotency key, and recorded as an OUTBOUND interaction.
    expect(fixture().sent).toMatchObject([{ customerId: message.customerId, text: 'How did we do? Answer 1 to 5.', idempotencyKey: `${current.id}:survey` }]);
    const timeline = await h.kernel.interactions.list(message.customerId);
    expect(timeline.map((i) => [i.direction, i.externalId])).toEqual([
      ['INBOUND', null],
      ['OUTBOUND', fixture().sent[0]!.externalId],
    ]);
    current = await run();
    expect(current).toMatchObject({ status: 'WAITING', waitingEvent: 'interaction.recorded' });

    // Another customer's answer does not match; this customer's does.
    await h.kernel.interactions.record({ email: 'bob@example.com', channel: 'sms', direction: 'INBOUND', type: 'survey_response', metadata: { csat: 5 } });
    await h.kernel.workflows.runDue();
    expect((await run()).status).toBe('WAITING');
    await advance(DAY);
    await h.kernel.interactions.record({ customerId: message.customerId, channel: 'sms', direction: 'INBOUND', type: 'survey_response', metadata: { csat: 1 } });
    await h.kernel.workflows.runDue();

    current = await run();
    expect(current).toMatchObject({ status: 'COMPLETED', error: null });
    expect(await steps(current.id)).toEqual([
      ['prepare', 'COMPLETED', 1],
      ['delay', 'COMPLETED', 1],
      ['survey', 'COMPLETED', 1],
      ['answer', 'COMPLETED', 1],
      ['outcome', 'COMPLETED', 1],
    ]);
    // Replays never ran a completed step again.
    expect(fixture().stepCalls).toEqual({ prepare: 1, outcome: 1 });
    expect(fixture().sent).toHaveLength(1);
    await h.kernel.dispatcher.dispatch();
    expect(events.map((event) => [event.eventType, (event as { runId?: string }).runId])).toEqual([['workflow.completed', current.id]]);
  });

  it('resumes with null at the wait\'s timeout', async () => {
    await setUp({ delay: 'PT1H', timeout: 'P2D' });
    await resolveAConversation();
    await advance(60 * 60_000);
    expect((await run()).status).toBe('WAITING');
    await advance(2 * DAY);
    const current = await run();
    expect(current.status).toBe('COMPLETED');
    expect(fixture().stepCalls.outcome).toBe(1);
    const log = (await h.kernel.database.orm.em.getConnection().execute("select result from workflow_steps where name = 'outcome'")) as { result: unknown }[];
    expect(typeof log[0]!.result === 'string' ? JSON.parse(log[0]!.result) : log[0]!.result).toEqual({ value: 'silent' });
  });

  it('retries a failing step with backoff, fails the run after the last attempt, and runs it again on retry', async () => {
    await setUp({ delay: 0, timeout: 0, failingStep: true });
    await resolveAConversation();
    let current = await run();
    expect(await steps(current.id)).toContainEqual(['boom', 'RETRYING', 1]);
    // Attempts 2 to 5, one backoff after another (1, 2, 4, 8 s).
    for (const delay of [1_000, 2_000, 4_000]) {
      await advance(delay);
      const now = await run();
      expect(now.status, `${now.error} ${JSON.stringify(await steps(now.id))}`).toBe('RUNNING');
    }
    await advance(8_000);
    current = await run();
    expect(current).toMatchObject({ status: 'FAILED', error: expect.stringContaining('Step "boom" failed after 5 attempts: the survey service is down') });
    await h.kernel.dispatcher.dispatch();
    expect(events.map((event) => event.eventType)).toEqual(['workflow.failed']);
    expect(fixture().sent).toHaveLength(1);

    await h.kernel.workflows.retry(current.id);
    await h.kernel.workflows.runDue();
    expect(await steps(current.id)).toContainEqual(['boom', 'RETRYING', 1]);
    // Steps that had succeeded did not run again, and the survey was not sent twice.
    expect(fixture().stepCalls.prepare).toBe(1);
    expect(fixture().sent).toHaveLength(1);
  });

  it('cancels a sleeping run, which then never wakes', async () => {
    await setUp();
    await resolveAConversation();
    const current = await run();
    await expect(h.kernel.workflows.retry(current.id)).rejects.toThrow('only a FAILED or CANCELLED run can be retried');
    expect((await h.kernel.workflows.cancel(current.id)).status).toBe('CANCELLED');
    await advance(10 * DAY);
    expect((await run()).status).toBe('CANCELLED');
    expect(fixture().sent).toEqual([]);
    await expect(h.kernel.workflows.cancel(current.id)).rejects.toThrow('only a RUNNING, SLEEPING or WAITING run can be cancelled');
  });

  it('starts one run for a trigger event delivered twice', async () => {
    await setUp();
    await resolveAConversation();
    // The outbox delivers at least once: deliver the same event to the engine again.
    const [event] = (await h.kernel.database.orm.em.getConnection().execute("select id from event_outbox where type = 'conversation.resolved'")) as { id: string }[];
    await h.kernel.database.orm.em.getConnection().execute("update event_outbox set status = 'pending', delivered_to = '[]' where id = ?", [event!.id]);
    await h.kernel.dispatcher.dispatch();
    await run(); // exactly one
  });

  it('activates the workflow\'s plugin lazily when a stored run falls due in a new process', async () => {
    await setUp({ delay: 'PT1H' });
    await resolveAConversation();
    const { id } = await run();
    // A second kernel on the same database, as after a restart: the plugin is not loaded code yet.
    const restarted = await createKernelHarness(kind, ['workflow-survey-js'], { settings: { [SURVEY]: { delay: 'PT1H' } }, clock, database: h.testDatabase });
    try {
      expect(restarted.kernel.host.status(SURVEY).state).toBe('INSTALLED');
      await clock.advance('PT1H');
      await restarted.kernel.workflows.runDue();
      expect(restarted.kernel.host.status(SURVEY).state).toBe('ACTIVE');
      expect((await restarted.kernel.workflows.get(id))!.status).toBe('WAITING');
    } finally {
      await restarted.close();
    }
  });

  it('moves a merged customer\'s runs to the survivor', async () => {
    await setUp();
    const message = await resolveAConversation();
    const survivor = await h.kernel.customers.create({ emails: ['ada@work.example'] });
    await h.kernel.merger.merge(survivor.id, message.customerId);
    expect((await run()).customerId).toBe(survivor.id);
  });
});

describe('workflow leases shared by instances on postgresql', () => {
  it('keeps a slow step\'s run leased while it runs, so no other instance runs the step again', async () => {
    const settings = { [SURVEY]: { slowPrepareMs: 600 } };
    const workflows = { leaseMs: 150 };
    const first = await createKernelHarness('postgresql', ['workflow-survey-js'], { settings, workflows });
    const second = await createKernelHarness('postgresql', ['workflow-survey-js'], { settings, workflows, database: first.testDatabase });
    try {
      const message = await first.kernel.interactions.record({ email: 'ada@example.com', channel: 'sms', direction: 'INBOUND', type: 'message', text: 'Late' });
      await first.kernel.conversations.resolve(message.conversationId!);
      // The first instance runs the slow step; the second keeps looking for due runs meanwhile.
      const running = first.kernel.workflows.runDue();
      const deadline = Date.now() + 900;
      while (Date.now() < deadline) {
        await second.kernel.workflows.runDue();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await running;
      const calls = [first, second]
        .filter((h) => h.kernel.host.status(SURVEY).state === 'ACTIVE')
        .map((h) => (h.kernel.host.getExports(SURVEY) as Fixture).stepCalls.prepare);
      expect(calls.reduce((sum, n) => sum + n, 0)).toBe(1);
      const [row] = (await first.kernel.database.orm.em.getConnection().execute('select status from workflow_runs')) as { status: string }[];
      expect(row!.status).toBe('SLEEPING');
    } finally {
      await second.close();
      await first.close();
    }
  });
});
