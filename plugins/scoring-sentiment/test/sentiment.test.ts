import { afterEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import { ANALYZER } from '../src/index.js';
import { SENTIMENT, sentimentHost, sentimentScore } from './support/sentimentHost.js';

const ANGRY = 'This is the third time I have written. Terrible service, I am furious and I want a refund now.';
const HAPPY = 'Thank you so much, that was quick and really helpful!';

describe('the sentiment annotator', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });
  const from = (text?: string, extra: Record<string, unknown> = {}) =>
    host!.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', ...(text !== undefined && { text }), ...extra });

  it('puts metadata.sentiment on each inbound message with text, as it is stored', async () => {
    host = await sentimentHost();
    expect(host.plugin(SENTIMENT).state).toBe('ACTIVE');
    const angry = await from(ANGRY);
    const happy = await from(HAPPY);
    expect(angry.metadata.sentiment).toEqual({ score: expect.any(Number), analyzer: ANALYZER });
    expect((angry.metadata.sentiment as { score: number }).score).toBeLessThan(-0.5);
    expect((happy.metadata.sentiment as { score: number }).score).toBeGreaterThan(0.5);
    // Stored, not added on the way out.
    expect((await host.interactions.get(angry.id))!.metadata).toEqual(angry.metadata);
    // Negation: "not happy" is negative, "no problem" is not.
    expect(((await from('I am not happy with this.')).metadata.sentiment as { score: number }).score).toBeLessThan(0);
    expect(((await from('No problem, thanks!')).metadata.sentiment as { score: number }).score).toBeGreaterThan(0);
  });

  it('leaves outbound messages, messages without text and other interactions alone', async () => {
    host = await sentimentHost();
    const { customerId } = await from(HAPPY);
    const reply = await host.interactions.record({ customerId, channel: 'email', direction: 'OUTBOUND', type: 'message', text: 'Terrible news: we are furious too.' });
    const empty = await from(undefined, { metadata: { attachment: 'photo.jpg' } });
    const purchase = await host.interactions.record({ customerId, channel: 'web', direction: 'INBOUND', type: 'purchase', text: 'awful order', metadata: { amount: 5 } });
    expect([reply, empty, purchase].map((interaction) => interaction.metadata)).toEqual([{}, { attachment: 'photo.jpg' }, { amount: 5 }]);
  });
});

describe('the sentiment rule', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });
  const write = (text: string, email = 'ada@example.com') => host!.interactions.record({ email, channel: 'chat', direction: 'INBOUND', type: 'message', text });

  it('scores the mean sentiment of recent messages, -100..100, and quotes the most negative', async () => {
    host = await sentimentHost();
    const angry = await write(ANGRY);
    const angryScore = (angry.metadata.sentiment as { score: number }).score;
    expect(await sentimentScore(host, angry.customerId)).toMatchObject({
      value: Math.round(angryScore * 100),
      label: 'negative',
      explanation: `mean sentiment of 1 message in the last 90 days; most negative (${angryScore.toFixed(2)}): "${ANGRY}"`,
    });

    const happy = await write(HAPPY);
    const happyScore = (happy.metadata.sentiment as { score: number }).score;
    const mean = Math.round(((angryScore + happyScore) / 2) * 100);
    expect(await sentimentScore(host, angry.customerId)).toMatchObject({
      value: mean,
      explanation: `mean sentiment of 2 messages in the last 90 days; most negative (${angryScore.toFixed(2)}): "${ANGRY}"`,
    });

    const other = await write(HAPPY, 'bob@example.com');
    expect(await sentimentScore(host, other.customerId)).toMatchObject({
      value: Math.round(happyScore * 100),
      label: 'positive',
      explanation: 'mean sentiment of 1 message in the last 90 days; none of them negative',
    });
  });

  it('cuts a long quote at a word, on one line', async () => {
    host = await sentimentHost();
    const long = `I am very disappointed.\n${'The parcel was late again and nobody answered my emails for weeks. '.repeat(4)}`;
    const { customerId } = await write(long);
    const { explanation } = (await sentimentScore(host, customerId))!;
    const quote = explanation!.slice(explanation!.indexOf('"') + 1, -1);
    expect(quote.endsWith('…')).toBe(true);
    expect(quote.length).toBeLessThanOrEqual(121);
    expect(quote).not.toContain('\n');
    expect(long.replace(/\s+/g, ' ').startsWith(quote.slice(0, -1))).toBe(true);
  });

  it('counts only the last `messages` messages within `window`, and drops the score when none is left', async () => {
    host = await sentimentHost({ messages: 2, window: 'P30D' });
    const first = await write(ANGRY);
    await host.advance('P1D');
    await write(HAPPY);
    await write('Great, it works perfectly now.');
    const score = await sentimentScore(host, first.customerId);
    expect(score).toMatchObject({ label: 'positive', explanation: 'mean sentiment of 2 messages in the last 30 days; none of them negative' });

    // 31 days on, the daily re-evaluation finds nothing in the window.
    await host.advance('P31D');
    expect(await sentimentScore(host, first.customerId)).toBeUndefined();
  });

  it('scores messages stored before the plugin was installed from their text', async () => {
    host = await sentimentHost();
    const old = await host.interactions.record({ email: 'cy@example.com', channel: 'chat', direction: 'INBOUND', type: 'message', text: HAPPY, metadata: { sentiment: 'unknown' } });
    // The channel's own (unusable) key is kept; the rule scores the text instead.
    expect(old.metadata.sentiment).toBe('unknown');
    expect(await sentimentScore(host, old.customerId)).toMatchObject({ label: 'positive' });
  });

  it('refuses a zero window, naming the setting', async () => {
    host = await sentimentHost({ window: 'P0D' });
    expect(host.plugin(SENTIMENT)).toMatchObject({ state: 'FAILED', error: expect.stringContaining('window: must be longer than zero') });
  });
});
