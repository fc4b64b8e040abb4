import { waitFor, type TestHost } from '@rapport/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SHOP_ARTICLES } from './support/articles.js';
import { ChatCustomer, FAQ, faqHost } from './support/faqHost.js';

const CLARIFYING = 'Could you tell me a bit more, so I can find the right answer?';

describe('the faq bot on a chat channel', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  async function customer(handle = 'visitor-1'): Promise<ChatCustomer> {
    host = await faqHost();
    return new ChatCustomer(host, handle);
  }

  it('answers a question it knows through the channel, recorded as the bot\'s OUTBOUND reply', async () => {
    const sam = await customer();
    const question = await sam.write('I forgot my password and cannot log in');

    const [reply] = await sam.received(1);
    expect(reply).toMatchObject({ customerId: question.customerId, conversationId: question.conversationId, text: SHOP_ARTICLES[0]!.answer });

    const outbound = await waitFor('the recorded reply', async () => (await sam.interactions(question.customerId, 'OUTBOUND'))[0], 5_000);
    expect(outbound).toMatchObject({ channel: 'chat', conversationId: question.conversationId, text: SHOP_ARTICLES[0]!.answer });
    expect(outbound.metadata).toMatchObject({ bot: 'faq', article: 'How do I reset my password?' });
    expect((await sam.conversation(question.customerId)).handler).toBe('BOT');
    expect(host!.plugin(FAQ).state).toBe('ACTIVE');
  });

  it('asks a clarifying question when unsure, and keeps the conversation', async () => {
    const sam = await customer();
    const question = await sam.write('I want to cancel');

    const [reply] = await sam.received(1);
    expect(reply!.text).toBe(`${CLARIFYING} Did you mean "How do I cancel an order?"?`);
    const outbound = await waitFor('the recorded question', async () => (await sam.interactions(question.customerId, 'OUTBOUND'))[0], 5_000);
    expect(outbound.metadata).toMatchObject({ bot: 'faq', clarifying: true });
    expect((await sam.conversation(question.customerId)).handler).toBe('BOT');
    expect(host!.events('conversation.handed_off')).toEqual([]);
  });

  it('answers after its clarifying question when the two messages together are clear', async () => {
    const sam = await customer();
    await sam.write('I want to cancel');
    await sam.received(1);
    await sam.write('my monthly plan');

    const [, answer] = await sam.received(2);
    expect(answer!.text).toBe(SHOP_ARTICLES[5]!.answer);
  });

  it('hands the conversation to people when still no article matches after its clarifying question', async () => {
    const sam = await customer();
    const first = await sam.write('I want to cancel');
    await sam.received(1);
    await sam.write('my cat is sick');

    const handedOff = await waitFor('conversation.handed_off', () => host!.events('conversation.handed_off')[0], 5_000);
    expect(handedOff).toMatchObject({ conversationId: first.conversationId, customerId: first.customerId, reason: expect.stringContaining("No FAQ article matched the customer's question, even after a clarifying question") });
    expect((await sam.conversation(first.customerId)).handler).toBe('HUMAN');
    const notes = await sam.interactions(first.customerId, 'INTERNAL');
    expect(notes.map((note) => note.text)).toEqual([expect.stringContaining('No FAQ article matched')]);
    // The bot neither answered nor asked again (the core may tell the customer a person is coming).
    const outbound = await sam.interactions(first.customerId, 'OUTBOUND');
    expect(outbound.filter((reply) => reply.metadata.clarifying)).toHaveLength(1);
    expect(outbound.filter((reply) => reply.metadata.article)).toEqual([]);
  });
});
