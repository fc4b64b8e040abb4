import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';
import { FIXTURES } from '../plugin-host/fixtures.js';

const SURVEY = '@fixtures/workflow-survey';

describe('workflows in the SDK test host', () => {
  let host: TestHost;
  afterEach(() => host.stop());

  it('drives a 7-day workflow with the fake clock, stopping at each timer on the way', async () => {
    const clock = new FakeClock('2026-03-02T09:00:00Z');
    host = await createTestHost({ plugins: ['./workflow-survey-js'], baseDir: FIXTURES, clock, settings: { [SURVEY]: { delay: 'P3D', timeout: 'P4D' } } });
    const message = await host.interactions.record({ email: 'ada@example.com', channel: 'sms', direction: 'INBOUND', type: 'message', text: 'Late' });
    await host.publish('conversation.resolved', { conversationId: message.conversationId!, customerId: message.customerId });
    expect((await host.workflowRuns()).map((run) => run.status)).toEqual(['SLEEPING']);

    // One call covers the whole week: the survey goes out on day 3, the wait times out on day 7.
    await host.advance('P7D');
    const [run] = await host.workflowRuns();
    expect(run).toMatchObject({ workflow: 'survey-after-resolution', plugin: SURVEY, status: 'COMPLETED', customerId: message.customerId, error: null });
    expect(run!.steps.map((step) => [step.name, step.status])).toEqual([
      ['prepare', 'COMPLETED'],
      ['delay', 'COMPLETED'],
      ['survey', 'COMPLETED'],
      ['answer', 'COMPLETED'],
      ['outcome', 'COMPLETED'],
    ]);
    const sent = (await host.interactions.list(message.customerId)).filter((i) => i.direction === 'OUTBOUND');
    expect(sent.map((i) => i.occurredAt.toISOString())).toEqual(['2026-03-05T09:00:00.000Z']);
    expect(host.getExports<{ stepCalls: { outcome: number } }>(SURVEY).stepCalls.outcome).toBe(1);
    expect(clock.now().toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('resumes a waiting run on the customer\'s answer', async () => {
    host = await createTestHost({ plugins: ['./workflow-survey-js'], baseDir: FIXTURES, settings: { [SURVEY]: { delay: 'PT1H' } } });
    const message = await host.interactions.record({ email: 'ada@example.com', channel: 'sms', direction: 'INBOUND', type: 'message', text: 'Late' });
    await host.publish('conversation.resolved', { conversationId: message.conversationId!, customerId: message.customerId });
    await host.advance('PT2H');
    expect((await host.workflowRuns())[0]!.status).toBe('WAITING');
    await host.interactions.record({ customerId: message.customerId, channel: 'sms', direction: 'INBOUND', type: 'survey_response', metadata: { csat: 2 } });
    await host.advance(0);
    expect((await host.workflowRuns({ status: 'COMPLETED' })).map((run) => run.steps.at(-1)!.name)).toEqual(['outcome']);
  });
});
