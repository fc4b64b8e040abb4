import { afterEach, describe, expect, it } from 'vitest';
import { CSAT_QUESTION, type Interaction, type OutboundMessage } from '@rapport/sdk';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';
import { CHAT_CHANNEL, CHAT_CHANNEL_DIR, PLUGIN, PLUGIN_DIR } from './paths.js';

/** What the fixture channel keeps of each call to its send(). */
type SentEntry = OutboundMessage & { idempotencyKey: string; externalId: string; repeat: boolean };

const INSTRUCTIONS = 'Reply with a number from 1 (very unsatisfied) to 5 (very satisfied).';

describe('post-resolution-survey', () => {
  let host: TestHost;
  afterEach(() => host?.stop());

  async function start(settings: Record<string, unknown> = {}, clock = new FakeClock('2026-03-02T09:00:00Z')): Promise<TestHost> {
    host = await createTestHost({ plugins: [PLUGIN_DIR, CHAT_CHANNEL_DIR], settings: { [PLUGIN]: settings }, clock });
    return host;
  }

  /** A customer writes on chat, and the team resolves the conversation. */
  async function resolvedChat(handle = 'ada'): Promise<{ customerId: string; conversationId: string }> {
    const message = await host.interactions.record({ handle, channel: 'chat', direction: 'INBOUND', type: 'message', text: 'My order is late' });
    await host.conversations.resolve(message.conversationId!);
    return { customerId: message.customerId, conversationId: message.conversationId! };
  }

  /** Every call to the chat channel's send(), retries included. */
  function sent(): SentEntry[] {
    // The channel activates lazily, on the first send.
    return host.plugin(CHAT_CHANNEL).state === 'ACTIVE' ? host.getExports<{ sent: SentEntry[] }>(CHAT_CHANNEL).sent : [];
  }

  async function answer(customerId: string, csat: number): Promise<Interaction> {
    const response = await host.interactions.record({ customerId, channel: 'chat', direction: 'INBOUND', type: 'survey_response', text: String(csat), metadata: { csat } });
    await host.advance(0);
    return response;
  }

  async function inConversation(customerId: string, conversationId: string): Promise<Interaction[]> {
    return (await host.interactions.list(customerId)).filter((interaction) => interaction.conversationId === conversationId);
  }

  it('sends the survey after the delay, and for a low score leaves a note and re-opens the conversation', async () => {
    await start();
    expect(host.plugin(PLUGIN).state).toBe('INSTALLED');
    const { customerId, conversationId } = await resolvedChat();
    // The resolution activated the plugin lazily and started one sleeping run.
    expect(host.plugin(PLUGIN).state).toBe('ACTIVE');
    const [run] = await host.workflowRuns({ workflow: 'post-resolution-survey' });
    expect(run).toMatchObject({ status: 'SLEEPING', plugin: PLUGIN, customerId, input: { conversationId, customerId } });

    await host.advance('PT59M');
    expect(sent()).toHaveLength(0);
    await host.advance('PT1M');
    expect(sent()).toHaveLength(1);
    const survey = sent()[0]!;
    expect(survey).toMatchObject({
      customerId,
      conversationId,
      to: 'ada',
      subject: 'How did we do?',
      idempotencyKey: `${run!.id}:survey`,
      metadata: { survey: { ...CSAT_QUESTION } },
    });
    expect(survey.text).toContain('How satisfied are you with how we handled your request?');
    expect(survey.text).toContain(INSTRUCTIONS);
    // The core recorded the survey in the conversation, at the end of the delay.
    const [outbound] = (await inConversation(customerId, conversationId)).filter((i) => i.direction === 'OUTBOUND');
    expect(outbound).toMatchObject({ channel: 'chat', externalId: survey.externalId, metadata: { survey: { ...CSAT_QUESTION } } });
    expect(outbound!.occurredAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect((await host.workflowRuns())[0]!.status).toBe('WAITING');

    // Interactions at the same instant have no defined order: the customer answers a bit later.
    await host.advance('PT5M');
    const response = await answer(customerId, 1);

    const [finished] = await host.workflowRuns();
    expect(finished!.status).toBe('COMPLETED');
    expect(finished!.steps.map((step) => step.name)).toEqual(['delay', 'choose-channel', 'survey', 'answer', 'read-answer', 'note', 'reopen', 'answered']);
    const notes = (await inConversation(customerId, conversationId)).filter((i) => i.type === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      direction: 'INTERNAL',
      channel: 'chat',
      text: 'CSAT 1 of 5 after resolution — follow up with the customer',
      metadata: { csat: 1, runId: run!.id, answerInteractionId: response.id },
    });
    expect((await host.conversations.get(conversationId))!.status).toBe('OPEN');
    expect((await inConversation(customerId, conversationId)).map((i) => [i.direction, i.type])).toEqual([
      ['INBOUND', 'message'],
      ['OUTBOUND', 'message'],
      ['INTERNAL', 'note'],
    ]);
    // No reminder for an answered survey, however long we wait.
    await host.advance('P8D');
    expect(sent()).toHaveLength(1);
  });

  it('reminds once after reminderAfter and gives up at giveUpAfter when no answer comes', async () => {
    await start();
    const { customerId, conversationId } = await resolvedChat();
    await host.advance('PT1H');
    expect(sent()).toHaveLength(1);

    await host.advance(2 * 86_400_000 - 1);
    expect(sent()).toHaveLength(1);
    await host.advance(1);
    expect(sent()).toHaveLength(2);
    const reminder = sent()[1]!;
    expect(reminder).toMatchObject({ conversationId, subject: 'How did we do?', metadata: { survey: { ...CSAT_QUESTION } } });
    expect(reminder.text).toContain('A quick reminder');
    expect(reminder.text).toContain(INSTRUCTIONS);
    expect((await host.workflowRuns())[0]!.status).toBe('WAITING');

    // giveUpAfter (7 days) counts from the survey, like reminderAfter.
    await host.advance(5 * 86_400_000 - 1);
    expect((await host.workflowRuns())[0]!.status).toBe('WAITING');
    await host.advance(1);
    const [run] = await host.workflowRuns();
    expect(run!.status).toBe('COMPLETED');
    expect(run!.steps.map((step) => step.name)).toEqual(['delay', 'choose-channel', 'survey', 'answer', 'reminder', 'answer-after-reminder', 'gave-up']);
    expect(host.clock.now().toISOString()).toBe('2026-03-09T10:00:00.000Z');
    expect(host.logs().some((line) => line.plugin === PLUGIN && line.msg.includes('gave up') && line.runId === run!.id)).toBe(true);
    expect(sent()).toHaveLength(2);
    expect((await inConversation(customerId, conversationId)).some((i) => i.type === 'note')).toBe(false);
    expect((await host.conversations.get(conversationId))!.status).toBe('RESOLVED');
  });

  it('takes an answer to the reminder like one to the survey', async () => {
    await start({ reminderAfter: 'P1D', giveUpAfter: 'P3D' });
    const { customerId, conversationId } = await resolvedChat();
    await host.advance('PT1H');
    await host.advance('P1D');
    expect(sent()).toHaveLength(2);
    await answer(customerId, 2);
    const [run] = await host.workflowRuns();
    expect(run!.status).toBe('COMPLETED');
    expect(run!.steps.map((step) => step.name).slice(-4)).toEqual(['read-answer', 'note', 'reopen', 'answered']);
    // 2 is at the default threshold, so it counts as low.
    expect((await inConversation(customerId, conversationId)).find((i) => i.type === 'note')!.text).toBe('CSAT 2 of 5 after resolution — follow up with the customer');
  });

  it('leaves a good score alone: no note, and the conversation stays resolved', async () => {
    await start();
    const { customerId, conversationId } = await resolvedChat();
    await host.advance('PT1H');
    await answer(customerId, 5);
    const [run] = await host.workflowRuns();
    expect(run!.status).toBe('COMPLETED');
    expect(run!.steps.map((step) => step.name)).toEqual(['delay', 'choose-channel', 'survey', 'answer', 'read-answer', 'answered']);
    expect((await inConversation(customerId, conversationId)).some((i) => i.type === 'note')).toBe(false);
    expect((await host.conversations.get(conversationId))!.status).toBe('RESOLVED');
    // Not re-opened even for a moment: the only opening is the customer's first message.
    expect(host.events('conversation.opened').filter((event) => event.conversationId === conversationId)).toHaveLength(1);
    await host.advance('P8D');
    expect(sent()).toHaveLength(1);
  });

  it('follows the lowScoreThreshold setting', async () => {
    await start({ lowScoreThreshold: 3 });
    const { customerId, conversationId } = await resolvedChat();
    await host.advance('PT1H');
    await answer(customerId, 3);
    expect((await inConversation(customerId, conversationId)).find((i) => i.type === 'note')!.metadata).toMatchObject({ csat: 3 });
    expect((await host.conversations.get(conversationId))!.status).toBe('OPEN');
  });

  it('reads a numeric string as the answer, as the CSAT score does', async () => {
    await start({ lowScoreThreshold: 4 });
    const { customerId, conversationId } = await resolvedChat();
    await host.advance('PT1H');
    // Clients and imports often send the answer as text; the csat rule counts it, so must this.
    await host.interactions.record({ customerId, channel: 'chat', direction: 'INBOUND', type: 'survey_response', text: '4', metadata: { csat: '4' } });
    await host.advance(0);
    const [run] = await host.workflowRuns();
    expect(run!.steps.map((step) => step.name).slice(-4)).toEqual(['read-answer', 'note', 'reopen', 'answered']);
    expect(host.logs().some((line) => line.runId === run!.id && line.csat === 4 && line.followUp === true)).toBe(true);
    const note = (await inConversation(customerId, conversationId)).find((i) => i.type === 'note')!;
    expect(note).toMatchObject({ text: 'CSAT 4 of 5 after resolution — follow up with the customer', metadata: { csat: 4 } });
    expect((await host.conversations.get(conversationId))!.status).toBe('OPEN');
  });

  it('ends without a follow-up when the answer carries no CSAT score', async () => {
    await start();
    const { customerId, conversationId } = await resolvedChat();
    await host.advance('PT1H');
    await host.interactions.record({ customerId, channel: 'chat', direction: 'INBOUND', type: 'survey_response', text: '0', metadata: { nps: 0 } });
    await host.advance(0);
    const [run] = await host.workflowRuns();
    expect(run!.status).toBe('COMPLETED');
    expect(run!.steps.map((step) => step.name).slice(-2)).toEqual(['read-answer', 'answered']);
    expect(host.logs().some((line) => line.runId === run!.id && line.csat === null && line.followUp === false)).toBe(true);
    expect((await host.conversations.get(conversationId))!.status).toBe('RESOLVED');
  });

  it('ignores survey answers of other customers', async () => {
    await start();
    const ada = await resolvedChat('ada');
    const bob = await host.interactions.record({ handle: 'bob', channel: 'chat', direction: 'INBOUND', type: 'message', text: 'Hi' });
    await host.advance('PT1H');
    await answer(bob.customerId, 1);
    const [run] = await host.workflowRuns();
    expect(run).toMatchObject({ customerId: ada.customerId, status: 'WAITING' });
    expect((await host.conversations.get(ada.conversationId))!.status).toBe('RESOLVED');
  });

  describe('a conversation resolved more than once', () => {
    it('resolving a resolved conversation again starts no second run', async () => {
      await start();
      const { conversationId } = await resolvedChat();
      await host.conversations.resolve(conversationId);
      expect(host.events('conversation.resolved')).toHaveLength(1);
      const runs = await host.workflowRuns();
      expect(runs).toHaveLength(1);
      await host.advance('P8D');
      // The one run's survey and reminder, nothing more.
      expect(sent().map((entry) => entry.idempotencyKey)).toEqual([`${runs[0]!.id}:survey`, `${runs[0]!.id}:reminder`]);
    });

    it('re-opened and resolved again before the delay is over: one survey, an hour after the last resolution', async () => {
      await start();
      const { conversationId } = await resolvedChat();
      await host.advance('PT10M');
      await host.conversations.reopen(conversationId);
      await host.advance('PT10M');
      await host.conversations.resolve(conversationId);
      const [second, first] = await host.workflowRuns();
      expect(host.events('conversation.resolved')).toHaveLength(2);

      await host.advance('PT50M');
      // The first run's delay is over, but a later resolution supersedes it.
      expect(sent()).toHaveLength(0);
      const firstRun = (await host.workflowRuns()).find((run) => run.id === first!.id)!;
      expect(firstRun.status).toBe('COMPLETED');
      expect(firstRun.steps.map((step) => step.name)).toEqual(['delay', 'choose-channel', 'skipped']);
      expect(host.logs().some((line) => line.runId === first!.id && line.reason === 'resolved-again')).toBe(true);

      await host.advance('PT10M');
      expect(sent()).toHaveLength(1);
      expect(sent()[0]!.idempotencyKey).toBe(`${second!.id}:survey`);
      expect(host.clock.now().toISOString()).toBe('2026-03-02T10:20:00.000Z');
    });

    it('resolved again after the low-score follow-up: no second survey in that conversation', async () => {
      await start();
      const { customerId, conversationId } = await resolvedChat();
      await host.advance('PT1H');
      await answer(customerId, 1);
      expect((await host.conversations.get(conversationId))!.status).toBe('OPEN');

      // The team follows up and resolves the conversation again.
      await host.advance('PT2H');
      await host.conversations.resolve(conversationId);
      await host.advance('P8D');
      expect(sent()).toHaveLength(1);
      const [latest] = await host.workflowRuns();
      expect(latest!.status).toBe('COMPLETED');
      expect(latest!.steps.map((step) => step.name)).toEqual(['delay', 'choose-channel', 'skipped']);
      expect(host.logs().some((line) => line.runId === latest!.id && line.reason === 'already-surveyed')).toBe(true);
    });

    it('re-opened by the time the delay is over: no survey about an open issue', async () => {
      await start();
      const { conversationId } = await resolvedChat();
      await host.advance('PT30M');
      await host.conversations.reopen(conversationId);
      await host.advance('P8D');
      expect(sent()).toHaveLength(0);
      const [run] = await host.workflowRuns();
      expect(run!.steps.at(-1)!.name).toBe('skipped');
      expect(host.logs().some((line) => line.runId === run!.id && line.reason === 'reopened')).toBe(true);
    });
  });

  describe('the survey channel', () => {
    it('is the one the customer last wrote on, within surveyChannels', async () => {
      await start({ surveyChannels: ['chat'] });
      const message = await host.interactions.record({ handle: 'ada', channel: 'chat', direction: 'INBOUND', type: 'message', text: 'Late order' });
      // A later phone call in the same conversation: phone has no channel plugin to send on.
      await host.advance('PT5M');
      await host.interactions.record({ customerId: message.customerId, channel: 'phone', direction: 'INBOUND', type: 'call', text: 'Called about it', conversationId: message.conversationId! });
      await host.conversations.resolve(message.conversationId!);
      await host.advance('PT1H');
      expect(sent()).toHaveLength(1);
      expect((await host.workflowRuns())[0]!.status).toBe('WAITING');
    });

    it('falls back to the conversation\'s channel when the customer never wrote', async () => {
      await start();
      const customer = await host.customers.create({ displayName: 'Ada', handles: [{ channel: 'chat', handle: 'ada' }] });
      const notice = await host.interactions.record({ customerId: customer.id, channel: 'chat', direction: 'OUTBOUND', type: 'message', text: 'Your parcel is delayed' });
      expect(notice.conversationId).not.toBeNull();
      await host.conversations.resolve(notice.conversationId!);
      await host.advance('PT1H');
      expect(sent()).toHaveLength(1);
      expect(sent()[0]).toMatchObject({ to: 'ada', conversationId: notice.conversationId });
    });

    it('skips the survey when no allowed channel was used', async () => {
      await start({ surveyChannels: ['chat'] });
      const call = await host.interactions.record({ phone: '+4930123456', channel: 'phone', direction: 'INBOUND', type: 'call', text: 'Called' });
      await host.conversations.resolve(call.conversationId!);
      await host.advance('PT1H');
      const [run] = await host.workflowRuns();
      expect(run).toMatchObject({ status: 'COMPLETED' });
      expect(run!.steps.at(-1)!.name).toBe('skipped');
      expect(host.logs().some((line) => line.runId === run!.id && line.reason === 'no-channel')).toBe(true);
    });
  });
});
