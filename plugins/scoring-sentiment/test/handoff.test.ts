import { RECORDING_CHANNELS_DIR, waitFor, type TestHost } from '@rapport/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { sentimentHost } from './support/sentimentHost.js';

const FAQ = '@rapport/plugin-bot-faq';
const ARTICLES = [{ question: 'How long does shipping take?', answer: 'Delivery takes 2 to 4 working days.', keywords: ['delivery', 'parcel'] }];

/**
 * The core's bot conductor reads `metadata.sentiment` and hands angry customers to people
 * (`botHandoff.angerBelow`, default -0.5): with this plugin the annotation is there before the
 * conductor sees the message, so no bot answers an angry customer.
 */
describe('sentiment and the bot hand-off', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  const chatHost = () =>
    sentimentHost({}, { others: ['../bot-faq', RECORDING_CHANNELS_DIR], settings: { [FAQ]: { articles: ARTICLES } }, bots: { chat: 'faq' } });
  const say = (text: string, handle: string) => host!.interactions.record({ handle, channel: 'chat', direction: 'INBOUND', type: 'message', text });

  it('hands an angry customer to people before the bot answers', async () => {
    host = await chatHost();
    const message = await say('Where is my parcel? This is terrible, I am furious, nobody answers!', 'visitor-angry');
    const handedOff = await waitFor('conversation.handed_off', () => host!.events('conversation.handed_off')[0], 5_000);
    expect(handedOff).toMatchObject({ conversationId: message.conversationId, reason: expect.stringMatching(/^the customer sounds upset \(sentiment -0\.\d+, below -0\.5\)$/) });
    expect((await host.conversations.get(message.conversationId!))!.handler).toBe('HUMAN');
    const outbound = (await host.interactions.list(message.customerId)).filter((interaction) => interaction.direction === 'OUTBOUND');
    expect(outbound.filter((reply) => reply.metadata.article)).toEqual([]);
  });

  it('lets the bot answer a calm or happy customer', async () => {
    host = await chatHost();
    const message = await say('Hi! How long does delivery take? Thanks a lot', 'visitor-calm');
    const reply = await waitFor(
      'the bot\'s reply',
      async () => (await host!.interactions.list(message.customerId)).find((interaction) => interaction.direction === 'OUTBOUND'),
      5_000,
    );
    expect(reply).toMatchObject({ text: ARTICLES[0]!.answer, metadata: { bot: 'faq' } });
    expect(host.events('conversation.handed_off')).toEqual([]);
  });
});
