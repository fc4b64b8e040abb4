import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';

/** The plugin's package name, as the host knows it. */
const PLUGIN = '{{packageName}}';
/** This package's folder: the test host loads it from disk, manifest and all, as a deployment does. */
const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));
const WORKFLOW = '{{id}}';

let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

/** An in-memory core with this plugin loaded, on a clock the test controls. */
async function start(settings?: Record<string, unknown>): Promise<TestHost> {
  host = await createTestHost({
    plugins: [PLUGIN_DIR],
    clock: new FakeClock('2026-03-02T09:00:00Z'),
    ...(settings && { settings: { [PLUGIN]: settings } }),
  });
  return host;
}

/** A customer writes in, and the team resolves the conversation: the workflow's trigger. */
async function resolvedConversation(test: TestHost) {
  const message = await test.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'My order is late' });
  await test.conversations.resolve(message.conversationId!);
  return { customerId: message.customerId, conversationId: message.conversationId! };
}

describe(`the ${WORKFLOW} workflow`, () => {
  it('starts a run when a conversation is resolved, and adds the follow-up note after the delay', async () => {
    const test = await start();
    // Lazy: nothing has happened yet that needs the plugin.
    expect(test.plugin(PLUGIN).state).toBe('INSTALLED');

    const { customerId, conversationId } = await resolvedConversation(test);
    expect(test.plugin(PLUGIN).state).toBe('ACTIVE');
    expect(await test.workflowRuns({ workflow: WORKFLOW })).toMatchObject([{ status: 'SLEEPING', customerId, input: { conversationId, customerId } }]);

    // advance() moves the clock a day on, firing the run's timer on the way.
    await test.advance('P1D');
    const [run] = await test.workflowRuns({ workflow: WORKFLOW });
    expect(run).toMatchObject({ status: 'COMPLETED', error: null });
    expect(run!.steps.map((step) => step.name)).toEqual(['delay', 'note']);
    const notes = (await test.interactions.list(customerId)).filter((interaction) => interaction.type === 'note');
    expect(notes).toMatchObject([{ direction: 'INTERNAL', conversationId, text: 'Follow up: check with the customer that their request is still solved.' }]);
    expect(notes[0]!.occurredAt.toISOString()).toBe('2026-03-03T09:00:00.000Z');
  });

  it('takes the delay from the settings', async () => {
    const test = await start({ delay: 'PT2H' });
    await resolvedConversation(test);
    await test.advance('PT2H');
    expect(await test.workflowRuns({ workflow: WORKFLOW })).toMatchObject([{ status: 'COMPLETED' }]);
  });

  it('is FAILED, naming the setting, when delay is not a duration', async () => {
    const test = await start({ delay: 'tomorrow' });
    const status = await test.activate(PLUGIN);
    expect(status.state).toBe('FAILED');
    expect(status.error).toContain(`pluginSettings["${PLUGIN}"].delay: must be milliseconds or an ISO-8601 duration`);
  });
});
