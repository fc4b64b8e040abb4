import { describe, expect, it } from 'vitest';
import type { Interaction } from '@rapport/sdk';
import { FakeClock, type TestHost } from '@rapport/sdk/testing';
import { toGlobalId } from '../../src/graphql/globalIds.js';
import { fixtureProbe, useFixtureHosts } from '../plugin-host/fixtures.js';

const BOT = 'scripted-bot-js';
const PLUGIN = '@fixtures/scripted-bot';

interface Probe {
  sent: { text: string; metadata?: Record<string, unknown> }[];
  turns: { text: string; history: string[]; sentiment?: number }[];
  aborted: number;
}
const probe = () => fixtureProbe('scripted-bot') as unknown as Probe;

describe('bots answer first and hand off to people (fake clock)', () => {
  const start = useFixtureHosts();
  const started = async (host: TestHost) => {
    // The probe exists once the fixture's module ran.
    await host.activate(PLUGIN);
    return host;
  };
  const botHost = async (options: Parameters<typeof start>[1] = {}) => started(await start([BOT], { bots: { 'test-chat': 'scripted' }, ...options }));

  async function say(host: TestHost, text: string, extra: Partial<Parameters<TestHost['interactions']['record']>[0]> = {}): Promise<Interaction> {
    return host.interactions.record({ handle: 'visitor-1', channel: 'test-chat', direction: 'INBOUND', type: 'message', text, ...extra });
  }
  async function conversationOf(host: TestHost, message: Interaction) {
    return (await host.conversations.get(message.conversationId!))!;
  }
  async function thread(host: TestHost, message: Interaction) {
    return (await host.interactions.list(message.customerId)).filter((i) => i.conversationId === message.conversationId);
  }
  const handOffs = (host: TestHost) => host.events('conversation.handed_off');

  it('a confident answer goes out on the customer\'s channel, recorded as the bot\'s', async () => {
    const host = await botHost();
    probe().sent.length = 0;
    const message = await say(host, 'answer We open at nine.');
    expect((await conversationOf(host, message)).handler).toBe('BOT');
    expect(probe().sent.map((m) => m.text)).toEqual(['We open at nine.']);
    const reply = (await thread(host, message)).find((i) => i.direction === 'OUTBOUND')!;
    expect(reply).toMatchObject({ channel: 'test-chat', text: 'We open at nine.', metadata: { bot: 'scripted', answered: true, confidence: 0.9, source: 'script', replyTo: message.id } });
    // The bot saw the conversation so far, ending with the message it answers.
    expect(probe().turns.at(-1)?.history).toEqual(['answer We open at nine.']);
    expect(handOffs(host)).toEqual([]);
  });

  it('a channel without a bot starts with people', async () => {
    const host = await started(await start([BOT]));
    const message = await say(host, 'answer hello');
    expect((await conversationOf(host, message)).handler).toBe('HUMAN');
    expect(probe().turns.some((turn) => turn.text === 'answer hello')).toBe(false);
  });

  it.each([
    ['Can I talk to a human, please?', 'human'],
    ['Ich möchte mit einem Mitarbeiter sprechen', 'mitarbeiter'],
    ['Je veux parler à un conseiller', 'conseiller'],
    ['Quiero hablar con un agente', 'agente'],
  ])('"%s" asks for a person: handed off before the bot is asked', async (text, word) => {
    const host = await botHost();
    const turnsBefore = probe().turns.length;
    const message = await say(host, text);
    expect(probe().turns.length).toBe(turnsBefore);
    const conversation = await conversationOf(host, message);
    expect(conversation.handler).toBe('HUMAN');
    expect(handOffs(host)).toMatchObject([{ conversationId: message.conversationId, customerId: message.customerId, reason: expect.stringContaining(word) }]);
    const messages = await thread(host, message);
    // The customer is told, and the agents get the reason in an INTERNAL note.
    expect(messages.find((i) => i.direction === 'OUTBOUND')?.metadata).toMatchObject({ bot: 'scripted', handoff: true });
    const notes = (await host.interactions.list(message.customerId, { direction: 'INTERNAL' })).filter((i) => i.conversationId === message.conversationId);
    expect(notes).toMatchObject([{ type: 'note', text: expect.stringContaining(word), metadata: { handoff: { bot: 'scripted' } } }]);
  });

  it('a word inside another word does not hand off ("humanitarian")', async () => {
    const host = await botHost();
    const message = await say(host, 'I need a humanitarian visa');
    expect((await conversationOf(host, message)).handler).toBe('BOT');
  });

  it('an answer below the confidence threshold is not sent: people take over', async () => {
    const host = await botHost();
    probe().sent.length = 0;
    const message = await say(host, 'unsure');
    expect(probe().sent.map((m) => m.text)).not.toContain('Maybe this?');
    expect(handOffs(host)).toMatchObject([{ reason: expect.stringContaining('not confident enough (0.20, below 0.5)') }]);
    expect((await conversationOf(host, message)).handler).toBe('HUMAN');
  });

  it('one clarifying question is sent; a second unanswered turn in a row hands off', async () => {
    const host = await botHost();
    probe().sent.length = 0;
    const first = await say(host, 'clarify');
    expect(probe().sent.map((m) => m.text)).toEqual(['Could you say more?']);
    expect((await conversationOf(host, first)).handler).toBe('BOT');
    await say(host, 'clarify');
    expect(handOffs(host)).toMatchObject([{ reason: '2 turns in a row went unanswered' }]);
  });

  it('an answered turn in between starts the count again', async () => {
    const host = await botHost();
    await say(host, 'clarify');
    await say(host, 'answer Sure.');
    const last = await say(host, 'clarify');
    expect(handOffs(host)).toEqual([]);
    expect((await conversationOf(host, last)).handler).toBe('BOT');
  });

  it('an angry customer goes to people when a sentiment score is there; a calm one to the bot, which sees it', async () => {
    const host = await botHost();
    await say(host, 'answer fine', { metadata: { sentiment: -0.2 } });
    expect(probe().turns.at(-1)?.sentiment).toBe(-0.2);
    const angry = await say(host, 'This is the third time it broke!!', { metadata: { sentiment: { score: -0.8 } } });
    expect(handOffs(host)).toMatchObject([{ conversationId: angry.conversationId, reason: expect.stringContaining('sentiment -0.80') }]);
  });

  it.each([
    ['throw', 'the bot failed: the knowledge base is down'],
    ['garbage', 'the bot returned neither a reply nor a hand-off'],
    ['give up', 'the bot handed off: refunds need a person'],
  ])('"%s": the conversation goes to people, with the reason', async (text, reason) => {
    const host = await botHost({ expectFailures: true });
    const message = await say(host, text);
    expect(handOffs(host)).toMatchObject([{ conversationId: message.conversationId, reason }]);
    expect((await conversationOf(host, message)).handler).toBe('HUMAN');
  });

  it('a bot that hangs is cut off at the timeout on the core\'s clock, and people take over', async () => {
    const clock = new FakeClock();
    const host = await botHost({ clock, botHandoff: { timeout: 'PT5S' } });
    const abortedBefore = probe().aborted;
    const recording = say(host, 'hang');
    // The turn waits for the bot; time moves on only when the test moves it.
    while (probe().turns.at(-1)?.text !== 'hang') await new Promise((resolve) => setTimeout(resolve, 5));
    await clock.advance('PT4S');
    expect(handOffs(host)).toEqual([]);
    await clock.advance('PT1S');
    const message = await recording;
    expect(probe().aborted).toBe(abortedBefore + 1);
    expect(handOffs(host)).toMatchObject([{ conversationId: message.conversationId, reason: 'the bot did not answer within 5000 ms' }]);
  });

  it('after a hand-off, and after an agent takes over, the bot is not asked again', async () => {
    const host = await botHost();
    const first = await say(host, 'answer Hi!');
    const taken = await host.graphql<{ takeOverConversation: { handler: string } }>(
      'mutation ($id: ID!) { takeOverConversation(id: $id) { handler } }',
      { id: toGlobalId('Conversation', first.conversationId!) },
    );
    expect(taken.errors).toBeUndefined();
    expect(taken.data?.takeOverConversation.handler).toBe('HUMAN');
    expect(handOffs(host)).toMatchObject([{ reason: expect.stringContaining('taken over by') }]);
    const turns = probe().turns.length;
    const next = await say(host, 'answer Still there?');
    expect(next.conversationId).toBe(first.conversationId);
    expect(probe().turns.length).toBe(turns);
    expect((await thread(host, next)).filter((i) => i.direction === 'OUTBOUND').map((i) => i.text)).toEqual(['Hi!']);
  });

  it('an agent who writes in a bot\'s conversation takes it over', async () => {
    const host = await botHost();
    const message = await say(host, 'answer Hi!');
    const sent = await host.graphql('mutation ($c: ID!) { sendMessage(input: { customerId: $c, channel: "test-chat", text: "Sam here, I will help you." }) { id } }', {
      c: toGlobalId('Customer', message.customerId),
    });
    expect(sent.errors).toBeUndefined();
    expect((await conversationOf(host, message)).handler).toBe('HUMAN');
    expect(handOffs(host)).toMatchObject([{ conversationId: message.conversationId, reason: expect.stringContaining('replied, taking the conversation over') }]);
    const turns = probe().turns.length;
    await say(host, 'answer Thanks');
    expect(probe().turns.length).toBe(turns);
  });

  it('setTyping shows an agent\'s typing on the channel the customer wrote on', async () => {
    const host = await botHost();
    const message = await say(host, 'answer Hello');
    const typed = await host.graphql<{ setTyping: boolean }>('mutation ($id: ID!) { setTyping(conversationId: $id, typing: true) }', { id: toGlobalId('Conversation', message.conversationId!) });
    expect(typed.data?.setTyping).toBe(true);
    expect((fixtureProbe('scripted-bot') as { typing: unknown[] }).typing.at(-1)).toEqual({ customerId: message.customerId, conversationId: message.conversationId, to: 'visitor-1', typing: true });
  });

  it('a reply the channel cannot send hands off instead of failing the turn', async () => {
    const host = await botHost();
    const message = await say(host, 'answer undeliverable');
    expect(handOffs(host)).toMatchObject([{ conversationId: message.conversationId, reason: expect.stringMatching(/^the bot's reply could not be sent: .*the visitor left the page/) }]);
    expect((await conversationOf(host, message)).handler).toBe('HUMAN');
    expect((await thread(host, message)).filter((i) => i.direction === 'OUTBOUND' && i.text === 'undeliverable')).toEqual([]);
  });

  it('a bot whose plugin is disabled hands off: nobody is left talking to no one', async () => {
    const host = await botHost({ expectFailures: true });
    await host.setPluginEnabled(PLUGIN, false);
    const message = await say(host, 'answer hello?');
    expect(handOffs(host)).toMatchObject([{ conversationId: message.conversationId, reason: expect.stringContaining('bot "scripted" is unavailable') }]);
  });
});
