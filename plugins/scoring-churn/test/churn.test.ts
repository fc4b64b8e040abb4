import { afterEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import { at, CHURN, churnHost, CSAT, only, scoreOf, SENTIMENT } from './support/churnHost.js';

const NO_SCORES = 'no CSAT or sentiment score (no recent survey answer or message, or their plugins are not loaded), so their weights are spread over the other factors';
const NO_SENTIMENT = 'no sentiment score (no recent message, or the sentiment plugin is not loaded), so its weight is spread over the other factors';
const NO_PURCHASE = 'no purchase yet, so recency does not count';

let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('the churn-risk rule, factor by factor', () => {
  it('recency: 0 within the customer\'s own purchase rhythm, rising each day after it, 100 at overdueAt gaps', async () => {
    host = await churnHost({ weights: only('recency') });
    expect(host.plugin(CHURN).state).toBe('ACTIVE');
    // Purchases 60, 40 and 20 days ago: a median gap of 20 days, and the last one 20 days ago.
    await at(host, 60, { type: 'purchase' });
    await at(host, 40, { type: 'purchase' });
    const { customerId } = await at(host, 20, { type: 'purchase' });
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 0, label: 'low', explanation: '0: no sign of churn in the factors with data' });

    // Nothing is recorded from here on: only the daily re-evaluation moves the score.
    // 40 days since: 2 gaps, (2 - 1) / (4 - 1) = 1/3.
    await host.advance('P20D');
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 33, label: 'low', explanation: '33: no purchase for 40 days (usual gap 20)' });
    // 60 days: (3 - 1) / 3 = 2/3.
    await host.advance('P20D');
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 67, label: 'medium', explanation: '67: no purchase for 60 days (usual gap 20)' });
    // 80 days: 4 gaps, the default overdueAt: full risk, and no further.
    await host.advance('P20D');
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 100, label: 'high', explanation: '100: no purchase for 80 days (usual gap 20)' });
    await host.advance('P20D');
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 100, explanation: '100: no purchase for 100 days (usual gap 20)' });

    // A purchase brings them back.
    await at(host, 0, { type: 'purchase' });
    expect((await scoreOf(host, customerId))!.value).toBe(0);
  });

  it('recency: with one purchase, against defaultPurchaseGap, and says so; with none, says recency does not count', async () => {
    host = await churnHost({ weights: { ...only('recency'), engagement: 1 }, defaultPurchaseGap: 'P20D', overdueAt: 3 });
    // Recency: 45 days against 20, (2.25 - 1) / (3 - 1) = 0.625. Engagement: the purchase is the
    // only inbound interaction, in the window before the last 30 days: 1. (0.625 + 1) / 2, and
    // engagement, the larger contribution, comes first.
    const { customerId } = await at(host, 45, { type: 'purchase' });
    expect(await scoreOf(host, customerId)).toMatchObject({
      value: 81,
      label: 'high',
      explanation: '81: engagement down 100% on the previous 30 days (0 inbound against 1); no purchase for 45 days (usual gap 20, the default with only 1 purchase)',
    });

    const { customerId: bob } = await at(host, 1, { email: 'bob@example.com' });
    expect(await scoreOf(host, bob)).toMatchObject({ value: 0, explanation: `0: no sign of churn in the factors with data; ${NO_PURCHASE}` });
  });

  it('engagement: fewer inbound interactions than in the previous window raise it, more lower it', async () => {
    host = await churnHost({ weights: only('engagement') });
    for (const daysAgo of [50, 48, 46, 44, 42]) await at(host, daysAgo);
    // Our replies are not the customer's engagement.
    await at(host, 41, { direction: 'OUTBOUND', text: 'Sorted, thanks for your patience.' });
    await at(host, 10);
    const { customerId } = await at(host, 5);
    // (5 - 2) / 5.
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 60, explanation: '60: engagement down 60% on the previous 30 days (2 inbound against 5)' });

    await at(host, 0);
    // (5 - 3) / 5.
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 40, explanation: '40: engagement down 40% on the previous 30 days (3 inbound against 5)' });
    await at(host, 0);
    await at(host, 0);
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 0, explanation: '0: no sign of churn in the factors with data' });
  });

  it('unresolved: a customer waiting for an answer raises it by the day, up to openFor; a reply clears it', async () => {
    host = await churnHost({ weights: only('unresolved'), openFor: 'P7D' });
    const { customerId, conversationId } = await at(host, 0, { text: 'Where is my order?' });
    expect((await scoreOf(host, customerId))!.value).toBe(0);
    // A purchase in its own conversation is nobody waiting.
    await host.interactions.record({ customerId, channel: 'web', direction: 'INBOUND', type: 'purchase', threadKey: 'order-1' });

    await host.advance('P3D');
    // 3 of 7 days.
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 43, explanation: '43: waiting 3 days for an answer' });

    await host.interactions.record({ customerId, channel: 'chat', direction: 'INBOUND', type: 'message', text: 'Hello?', threadKey: 'chat-1' });
    await host.advance('P5D');
    // The longest wait is 8 days: full risk.
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 100, explanation: '100: 2 conversations waiting for an answer, the longest for 8 days' });

    await host.interactions.record({ customerId, conversationId: conversationId!, channel: 'email', direction: 'OUTBOUND', type: 'message', text: 'It ships today.' });
    // 5 of 7 days, for the chat.
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 71, explanation: '71: waiting 5 days for an answer' });
    const [chat] = (await host.conversations.list(customerId, { status: 'OPEN' })).filter((conversation) => conversation.channels.includes('chat'));
    await host.conversations.resolve(chat!.id);
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 0, explanation: '0: no sign of churn in the factors with data' });
  });
});

describe('the churn-risk rule with the CSAT and sentiment plugins', () => {
  /** 5 inbound messages 50 to 42 days ago, each answered, then one 5 days ago, answered: engagement 0.6, nobody waiting. */
  async function quieterCustomer(test: TestHost): Promise<string> {
    for (const daysAgo of [50, 48, 46, 44, 42, 5]) {
      await at(test, daysAgo);
      await at(test, daysAgo - 1 / 24, { direction: 'OUTBOUND', text: 'Done.' });
    }
    return (await at(test, 1, { type: 'survey_response', metadata: { csat: 1 } })).customerId;
  }

  it('without them, CSAT and sentiment drop out and their weights are spread over the others', async () => {
    host = await churnHost();
    const customerId = await quieterCustomer(host);
    // Engagement (5 - 2) / 5 = 0.6 at 0.2, nobody waiting (0) at 0.1: 0.12 / 0.3.
    expect(await scoreOf(host, customerId)).toMatchObject({
      value: 40,
      label: 'medium',
      explanation: `40: engagement down 60% on the previous 30 days (2 inbound against 5); ${NO_PURCHASE}; ${NO_SCORES}`,
    });
  });

  it('a low CSAT raises the risk, a high one lowers it, and the explanation names the larger contribution first', async () => {
    host = await churnHost({}, [CSAT]);
    const customerId = await quieterCustomer(host);
    expect(await scoreOf(host, customerId, 'csat')).toMatchObject({ value: 0 });
    // CSAT 0 (risk 1) at 0.2, engagement 0.6 at 0.2, nobody waiting at 0.1: 0.32 / 0.5.
    expect(await scoreOf(host, customerId)).toMatchObject({
      value: 64,
      explanation: `64: CSAT 0; engagement down 60% on the previous 30 days (2 inbound against 5); ${NO_PURCHASE}; ${NO_SENTIMENT}`,
    });

    // Three satisfied answers: CSAT 75, risk 0.25. The CSAT plugin's score.changed re-evaluates churn.
    for (let i = 0; i < 3; i++) await host.interactions.record({ customerId, channel: 'email', direction: 'INBOUND', type: 'survey_response', metadata: { csat: 5 } });
    expect(await scoreOf(host, customerId, 'csat')).toMatchObject({ value: 75 });
    // Engagement is now 5 recent against 5: 0. 0.2 × 0.25 / 0.5.
    expect(await scoreOf(host, customerId)).toMatchObject({ value: 10, explanation: `10: CSAT 75; ${NO_PURCHASE}; ${NO_SENTIMENT}` });
  });

  it('negative sentiment raises the risk, positive sentiment does not', async () => {
    host = await churnHost({}, [SENTIMENT]);
    const angry = await at(host, 0, { text: 'This is the third time I have asked. Terrible service, I am furious and I want a refund now.' });
    const sentiment = (await scoreOf(host, angry.customerId, 'sentiment'))!.value;
    expect(sentiment).toBeLessThan(0);
    // Sentiment -s/100 at 0.15; engagement 0 (one message, none before) at 0.2; waiting 0 hours at 0.1; no CSAT.
    const value = Math.round((100 * 0.15 * (-sentiment / 100)) / 0.45);
    expect(await scoreOf(host, angry.customerId)).toMatchObject({
      value,
      explanation: `${value}: sentiment ${sentiment}; ${NO_PURCHASE}; no CSAT score (no recent survey answer, or the CSAT plugin is not loaded), so its weight is spread over the other factors`,
    });

    const happy = await at(host, 0, { email: 'bob@example.com', text: 'Thank you so much, that was quick and really helpful!' });
    expect((await scoreOf(host, happy.customerId, 'sentiment'))!.value).toBeGreaterThan(0);
    expect((await scoreOf(host, happy.customerId))!.value).toBe(0);
  });

  it('combines every factor: a regular buyer gone quiet, unhappy and angry is high risk', async () => {
    host = await churnHost({}, [CSAT, SENTIMENT]);
    for (const daysAgo of [105, 84, 63]) await at(host, daysAgo, { type: 'purchase' });
    await at(host, 50, { text: 'Where is my order?' });
    await at(host, 49, { direction: 'OUTBOUND', text: 'It is on its way.' });
    await at(host, 45, { type: 'survey_response', metadata: { csat: 2 } });
    const { customerId } = await at(host, 40, { text: 'Still nothing. Terrible service, I am furious.' });
    const sentiment = (await scoreOf(host, customerId, 'sentiment'))!.value;
    // Recency: 63 days against a 21-day gap, (3 - 1) / (4 - 1) = 2/3, at 0.35. Engagement: nothing
    // in the last 30 days against 3 inbound in the 30 before (50, 45 and 40 days ago): 1, at 0.2.
    // CSAT 0 (one answer of 2): 1, at 0.2. Sentiment -s/100 at 0.15. Waiting 40 days: 1, at 0.1.
    // Every factor has data, so the weights sum to 1.
    const risk = 0.35 * (2 / 3) + 0.2 * 1 + 0.2 * 1 + 0.15 * (-sentiment / 100) + 0.1 * 1;
    const value = Math.round(100 * risk);
    expect(value).toBeGreaterThanOrEqual(70);
    expect(await scoreOf(host, customerId)).toMatchObject({
      value,
      label: 'high',
      explanation: `${value}: no purchase for 63 days (usual gap 21); engagement down 100% on the previous 30 days (0 inbound against 3); CSAT 0`,
    });
  });

  it('refuses weights that are all zero, and a zero window, naming the setting', async () => {
    host = await churnHost({ weights: { recency: 0, engagement: 0, unresolved: 0, csat: 0, sentiment: 0 } });
    expect(host.plugin(CHURN)).toMatchObject({ state: 'FAILED', error: expect.stringContaining('weights: must give at least one factor a weight above 0') });
    await host.stop();
    host = await churnHost({ window: 'P0D' });
    expect(host.plugin(CHURN)).toMatchObject({ state: 'FAILED', error: expect.stringContaining('window: must be longer than zero') });
  });
});
