import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@rapport/sdk/testing';
import { WorkflowWaits } from '../../src/workflows/WorkflowWaits.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const SURVEY = '@fixtures/workflow-survey';
const DAY = 86_400_000;

interface Fixture {
  sent: unknown[];
  stepCalls: { prepare: number; outcome: number };
  hooks: { afterSend?: () => Promise<void> };
}

/**
 * A customer's answer that comes while the run that asked is still executing: before its wait is
 * registered (the channel has delivered, the send is not stored yet), or after the wait looked
 * and before the run is saved WAITING. Either must resume the run at once, not at its timeout.
 */
describe.each(TEST_DATABASES)('an awaited event that comes while the run executes, on %s', (kind) => {
  let h: KernelHarness;
  let clock: FakeClock;
  afterEach(() => h.close());

  async function surveyAboutToBeSent() {
    clock = new FakeClock('2026-03-02T09:00:00Z');
    h = await createKernelHarness(kind, ['workflow-survey-js'], { settings: { [SURVEY]: { delay: 'PT1H', timeout: 'P2D' } }, clock });
    const message = await h.kernel.interactions.record({ email: 'ada@example.com', channel: 'sms', direction: 'INBOUND', type: 'message', text: 'Late order' });
    await h.kernel.conversations.resolve(message.conversationId!);
    await h.kernel.workflows.runDue();
    return message.customerId;
  }
  const fixture = () => h.kernel.host.getExports(SURVEY) as Fixture;
  const answer = (customerId: string) =>
    h.kernel.interactions.record({ customerId, channel: 'sms', direction: 'INBOUND', type: 'survey_response', metadata: { csat: 2 } });
  const query = (sql: string) => h.kernel.database.orm.em.getConnection().execute(sql) as Promise<Record<string, unknown>[]>;
  const runStatus = async () => (await query('select status from workflow_runs')).map((row) => row.status);
  const answerStep = async () => (await query("select status, result from workflow_steps where name = 'answer'"))[0];
  /** The delay's timer fires: the survey goes out and the run reaches its wait, in one execution. */
  async function sendTheSurvey() {
    await clock.advance(60 * 60_000);
    await h.kernel.dispatcher.dispatch();
    await h.kernel.workflows.runDue();
  }

  it('finds an answer committed before the wait was registered, by looking back', async () => {
    const customerId = await surveyAboutToBeSent();
    let answerId: string | undefined;
    fixture().hooks.afterSend = async () => {
      // A moment after the survey went out, before the send is stored.
      await clock.advance(1);
      answerId = (await answer(customerId)).id;
    };
    await sendTheSurvey();
    expect(fixture().sent).toHaveLength(1);
    // Delivered now: no run was registered for it when it was committed, so no inbox holds it.
    await h.kernel.dispatcher.dispatch();
    await h.kernel.workflows.runDue();

    expect(await runStatus()).toEqual(['COMPLETED']);
    const step = await answerStep();
    expect(step?.status).toBe('COMPLETED');
    expect(JSON.stringify(step?.result)).toContain(answerId!);
    expect(fixture().stepCalls.outcome).toBe(1);
  });

  it('wakes at once for an answer delivered after the wait looked and before the run was saved WAITING', async () => {
    const customerId = await surveyAboutToBeSent();
    const waits = h.kernel.container.get(WorkflowWaits);
    const look = waits.eventsSince.bind(waits);
    let answerId: string | undefined;
    let looks = 0;
    waits.eventsSince = async (...args) => {
      const seen = await look(...args);
      // The first look found no answer (only the survey's own OUTBOUND interaction); the answer
      // is committed and delivered right after it.
      if (++looks === 1) {
        expect(seen.events.map((event) => (event as { type?: string }).type)).not.toContain('survey_response');
        answerId = (await answer(customerId)).id;
        await h.kernel.dispatcher.dispatch();
        expect((await query('select event_id from workflow_inbox')).map((row) => row.event_id)).toHaveLength(1);
      }
      return seen;
    };
    await sendTheSurvey();

    // No clock moved: the run was due again as soon as it was saved, and took the answer from its inbox.
    expect(looks).toBe(2);
    expect(await runStatus()).toEqual(['COMPLETED']);
    expect(JSON.stringify((await answerStep())?.result)).toContain(answerId!);
    // What the wait read is consumed; nothing is left to wake the run again.
    expect(await query('select event_id from workflow_inbox')).toEqual([]);
  });

  it('still resumes with null at the timeout when no answer comes', async () => {
    await surveyAboutToBeSent();
    await sendTheSurvey();
    expect(await runStatus()).toEqual(['WAITING']);
    await clock.advance(2 * DAY);
    await h.kernel.dispatcher.dispatch();
    await h.kernel.workflows.runDue();
    expect(await runStatus()).toEqual(['COMPLETED']);
    expect((await answerStep())?.status).toBe('COMPLETED');
  });
});
