import { describe, expect, it } from 'vitest';
import type { Interaction } from '@rapport/sdk';
import { fixtureProbe, useFixtureHosts } from '../plugin-host/fixtures.js';

const ANNOTATOR = '@fixtures/annotator';
const probe = () => fixtureProbe('annotator') as { seen: { text: string; channel: string; frozen: boolean }[] };

describe('annotators add metadata to inbound messages before they are stored', () => {
  const start = useFixtureHosts();
  const annotating = (mode = 'ok', options: Parameters<typeof start>[1] = {}) =>
    start(['annotator-js', 'inbound-webhook-js'], { settings: { [ANNOTATOR]: { mode } }, ...options });
  const message = { email: 'ada@example.com', channel: 'email', type: 'message' } as const;

  it('annotates an inbound message with text, merging in declaration order and keeping the channel\'s own keys', async () => {
    const host = await annotating();
    const recorded = await host.interactions.record({ ...message, direction: 'INBOUND', text: 'Hello!', metadata: { channelTag: 'from the channel' } });
    // `length` is declared first, so its `mood` wins over `moody`'s; the channel's key wins over both.
    expect(recorded.metadata).toEqual({ channelTag: 'from the channel', length: 6, mood: 'from length' });
    // What was stored is what the first interaction.recorded subscriber reads.
    expect((await host.interactions.get(recorded.id))?.metadata).toEqual(recorded.metadata);
    expect(probe().seen).toEqual([{ text: 'Hello!', channel: 'email', frozen: true }]);
    expect(host.plugin(ANNOTATOR).metrics).toMatchObject({ handlerCalls: 2, failures: 0 });
  });

  it('leaves outbound messages, internal notes, messages without text and other types alone', async () => {
    const host = await annotating();
    const customerId = (await host.interactions.record({ ...message, direction: 'INBOUND', text: 'first' })).customerId;
    probe().seen.length = 0;
    const others: Interaction[] = [
      await host.interactions.record({ customerId, channel: 'email', type: 'message', direction: 'OUTBOUND', text: 'Our reply' }),
      await host.interactions.record({ customerId, channel: 'email', type: 'note', direction: 'INTERNAL', text: 'A note' }),
      await host.interactions.record({ customerId, channel: 'email', type: 'message', direction: 'INBOUND', text: '   ' }),
      await host.interactions.record({ customerId, channel: 'email', type: 'message', direction: 'INBOUND' }),
      await host.interactions.record({ customerId, channel: 'web', type: 'purchase', direction: 'INBOUND', text: 'order #1', metadata: { amount: 10 } }),
    ];
    expect(others.map((interaction) => interaction.metadata)).toEqual([{}, {}, {}, {}, { amount: 10 }]);
    expect(probe().seen).toEqual([]);
  });

  it('annotates on every path: a channel webhook and recordInteractions', async () => {
    const host = await annotating();
    const [fromWebhook] = await host.receive('webhook', {
      headers: { 'x-webhook-secret': 's3cret' },
      body: JSON.stringify({ messages: [{ externalId: 'w-1', from: { email: 'bob@example.com' }, text: 'Hi there', metadata: {} }] }),
    });
    expect(fromWebhook!.metadata).toMatchObject({ length: 8 });

    const result = await host.graphql<{ recordInteractions: { metadata: Record<string, unknown> }[] }>(
      'mutation ($inputs: [RecordInteractionInput!]!) { recordInteractions(inputs: $inputs) { metadata } }',
      { inputs: [{ email: 'cy@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'Two words' }, { email: 'cy@example.com', channel: 'email', direction: 'OUTBOUND', type: 'message', text: 'Reply' }] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordInteractions.map((interaction) => interaction.metadata)).toEqual([{ length: 9, mood: 'from length', channelTag: 'kept from the channel?' }, {}]);
  });

  it.each([
    ['throw', 'cannot read "Where is my order?"'],
    ['bad', 'the annotation of annotator "moody" must be a JSON object'],
  ])('stores the message without the annotation of an annotator that fails (%s), and charges its plugin', async (mode, error) => {
    const host = await annotating(mode, { expectFailures: true });
    const recorded = await host.interactions.record({ ...message, direction: 'INBOUND', text: 'Where is my order?' });
    expect(recorded.metadata).toEqual({ length: 18, mood: 'from length' });
    expect(host.failures()).toEqual([{ plugin: ANNOTATOR, where: 'annotator "moody"', message: expect.stringContaining(error) }]);
    expect(host.plugin(ANNOTATOR).metrics).toMatchObject({ failures: 1 });
  });

  it('stores the message without the annotation of an annotator that takes longer than its budget', async () => {
    const host = await annotating('slow', { expectFailures: true, limits: { handlerTimeoutMs: 200 } });
    const started = Date.now();
    const recorded = await host.interactions.record({ ...message, direction: 'INBOUND', text: 'Anyone there?' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(recorded.metadata).toEqual({ length: 13, mood: 'from length' });
    expect(host.failures()).toEqual([{ plugin: ANNOTATOR, where: 'annotator "moody"', message: expect.stringContaining('did not finish within 200 ms') }]);
  });

  it('keeps storing messages once a failing annotator\'s plugin is disabled by its circuit breaker', async () => {
    const host = await annotating('throw', { expectFailures: true, limits: { circuitBreakerThreshold: 2 } });
    for (const text of ['one', 'two', 'three']) await host.interactions.record({ ...message, direction: 'INBOUND', text });
    expect(host.plugin(ANNOTATOR).state).toBe('DISABLED');
    const after = await host.interactions.record({ ...message, direction: 'INBOUND', text: 'four' });
    expect(after.metadata).toEqual({});
    expect(host.failures()).toHaveLength(2);
  });
});
