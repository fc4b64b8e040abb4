import { describe, expect, it } from 'vitest';
import type { Customer } from '@rapport/sdk';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { payloadOf, RULES, useEvaluationKernels, type EvaluationKernel } from './evaluationHarness.js';

/** Scoring rules and segmentation models evaluated when their trigger events are delivered. */
describe.each(TEST_DATABASES)('scores and segments kept current by trigger events on %s', (kind) => {
  const start = useEvaluationKernels(kind);

  const record = (e: EvaluationKernel, customer: Customer, type: string, extra: Record<string, unknown> = {}) =>
    e.kernel.interactions.record({ customerId: customer.id, channel: 'shop', direction: 'INBOUND', type, ...extra });
  const purchase = (e: EvaluationKernel, customer: Customer, amount: number, channel = 'shop') =>
    record(e, customer, 'purchase', { channel, metadata: { amount, currency: 'EUR' } });
  const eventsOf = (e: EvaluationKernel, type: string) => e.events.filter((event) => event.eventType === type).map(payloadOf);
  const outboxRow = async (e: EvaluationKernel, type: string) => {
    const rows = await e.sql<{ status: string; last_error: string | null }>('select status, last_error from event_outbox where type = ? order by seq', [type]);
    return rows.at(-1);
  };

  it('evaluates a rule for the customer of a trigger event, stores the result, and publishes score.changed only when the value changes', async () => {
    const e = await start();
    const { kernel, clock } = e;
    const ada = await kernel.customers.create({ displayName: 'Ada', emails: ['ada@example.com'] });
    // customer.created is not one of the rule's triggers.
    expect(e.calls('eval-purchases')).toEqual([]);

    // A trigger with nothing to score: evaluated, nothing stored, no event.
    await record(e, ada, 'message', { text: 'Hello' });
    expect(e.calls('eval-purchases')).toMatchObject([{ customerId: ada.id, trigger: 'interaction.recorded' }]);
    expect(await kernel.scores.get(ada.id, 'eval-purchases')).toBeUndefined();
    expect(eventsOf(e, 'score.changed')).toEqual([]);

    await clock.advance('PT1H');
    await purchase(e, ada, 40);
    expect(await kernel.scores.get(ada.id, 'eval-purchases')).toEqual({
      customerId: ada.id,
      rule: 'eval-purchases',
      value: 1,
      label: 'first',
      explanation: '1 purchase(s)',
      computedAt: clock.now(),
    });
    expect(eventsOf(e, 'score.changed')).toEqual([{ eventType: 'score.changed', customerId: ada.id, rule: 'eval-purchases', value: 1, previousValue: null }]);
    expect(e.calls('eval-purchases').at(-1)).toMatchObject({ customerId: ada.id, trigger: 'interaction.recorded', now: clock.now() });

    // The same value again: stored with its new time, but no event.
    await clock.advance('PT1H');
    await record(e, ada, 'message', { text: 'Thanks' });
    expect(e.calls('eval-purchases')).toHaveLength(3);
    expect((await kernel.scores.get(ada.id, 'eval-purchases'))?.computedAt).toEqual(clock.now());
    expect(eventsOf(e, 'score.changed')).toHaveLength(1);

    await purchase(e, ada, 10);
    expect(await kernel.scores.get(ada.id, 'eval-purchases')).toMatchObject({ value: 2, label: 'repeat', explanation: '2 purchase(s)' });
    expect(eventsOf(e, 'score.changed').at(-1)).toEqual({ eventType: 'score.changed', customerId: ada.id, rule: 'eval-purchases', value: 2, previousValue: 1 });

    // customer.updated is a trigger too; "not enough data" removes the score and says so with value null.
    await kernel.customers.setAttributes(ada.id, { noScore: true });
    expect(e.calls('eval-purchases').at(-1)).toMatchObject({ customerId: ada.id, trigger: 'customer.updated' });
    expect(await kernel.scores.get(ada.id, 'eval-purchases')).toBeUndefined();
    expect(await kernel.scores.listFor(ada.id)).toEqual([]);
    expect(eventsOf(e, 'score.changed').at(-1)).toEqual({ eventType: 'score.changed', customerId: ada.id, rule: 'eval-purchases', value: null, previousValue: 2 });

    // Still nothing to score: no score to remove, no event.
    await kernel.customers.setAttributes(ada.id, { note: 'still opted out' });
    expect(e.calls('eval-purchases')).toHaveLength(6);
    expect(eventsOf(e, 'score.changed')).toHaveLength(3);
    // The event is durable: written to the outbox with the score.
    expect(await e.sql('select type from event_outbox where type = ?', ['score.changed'])).toHaveLength(3);
  });

  it('evaluates only the customer named in the event', async () => {
    const e = await start();
    const ada = await e.kernel.customers.create({ emails: ['ada@example.com'] });
    const bob = await e.kernel.customers.create({ emails: ['bob@example.com'] });
    await purchase(e, ada, 5);
    await purchase(e, ada, 5);
    await purchase(e, bob, 5);
    expect(e.calls('eval-purchases').map((call) => call.customerId)).toEqual([ada.id, ada.id, bob.id]);
    expect((await e.kernel.scores.get(ada.id, 'eval-purchases'))?.value).toBe(2);
    expect((await e.kernel.scores.get(bob.id, 'eval-purchases'))?.value).toBe(1);
  });

  it('skips a trigger event that the rule\'s filter rejects, keeping the stored score', async () => {
    const e = await start();
    const ada = await e.kernel.customers.create({ emails: ['ada@example.com'] });
    await purchase(e, ada, 10);
    expect(e.calls('eval-purchases')).toHaveLength(1);
    expect((await e.kernel.scores.get(ada.id, 'eval-purchases'))?.value).toBe(1);

    // The fixture's filter rejects the channel "ignored": not evaluated, though there are two purchases now.
    await purchase(e, ada, 10, 'ignored');
    expect(e.calls('eval-purchases')).toHaveLength(1);
    expect((await e.kernel.scores.get(ada.id, 'eval-purchases'))?.value).toBe(1);
    // The model without a filter saw it.
    expect(e.calls('eval-tier')).toHaveLength(2);

    await purchase(e, ada, 10);
    expect(e.calls('eval-purchases')).toHaveLength(2);
    expect(eventsOf(e, 'score.changed').at(-1)).toMatchObject({ value: 3, previousValue: 1 });
  });

  it('diffs segment memberships into segment.entered and segment.left, and keeps `since` for the segments kept', async () => {
    const e = await start();
    const { kernel, clock } = e;
    const ada = await kernel.customers.create({ emails: ['ada@example.com'] });
    const joinedAt = clock.now();
    await purchase(e, ada, 40);
    expect(await kernel.segments.listFor(ada.id)).toEqual([{ customerId: ada.id, model: 'eval-tier', segment: 'buyer', since: joinedAt }]);
    expect(eventsOf(e, 'segment.entered')).toEqual([{ eventType: 'segment.entered', customerId: ada.id, model: 'eval-tier', segment: 'buyer' }]);

    await clock.advance('P1D');
    const bigAt = clock.now();
    await purchase(e, ada, 70);
    expect(await kernel.segments.listFor(ada.id, 'eval-tier')).toEqual([
      { customerId: ada.id, model: 'eval-tier', segment: 'big-spender', since: bigAt },
      { customerId: ada.id, model: 'eval-tier', segment: 'buyer', since: joinedAt },
    ]);

    // Classified the same: no change, no event.
    await clock.advance('P1D');
    await record(e, ada, 'message', { text: 'Where is it?' });
    expect(e.events.filter((event) => event.eventType.startsWith('segment.'))).toHaveLength(2);

    // A refund brings the total under 100: out of big-spender, still a buyer since the first day.
    await purchase(e, ada, -100);
    expect(await kernel.segments.listFor(ada.id)).toEqual([{ customerId: ada.id, model: 'eval-tier', segment: 'buyer', since: joinedAt }]);
    expect(e.events.filter((event) => event.eventType.startsWith('segment.')).map(payloadOf)).toEqual([
      { eventType: 'segment.entered', customerId: ada.id, model: 'eval-tier', segment: 'buyer' },
      { eventType: 'segment.entered', customerId: ada.id, model: 'eval-tier', segment: 'big-spender' },
      { eventType: 'segment.left', customerId: ada.id, model: 'eval-tier', segment: 'big-spender' },
    ]);
    expect(await e.sql('select type from event_outbox where type like ?', ['segment.%'])).toHaveLength(3);

    // A segment returned twice is one membership.
    const bob = await kernel.customers.create({ emails: ['bob@example.com'], attributes: { twice: true } });
    await purchase(e, bob, 5);
    expect((await kernel.segments.listFor(bob.id)).map((row) => row.segment)).toEqual(['buyer']);
    expect(eventsOf(e, 'segment.entered').filter((event) => event.customerId === bob.id)).toHaveLength(1);
  });

  it('rejects segments that the manifest does not declare: nothing is stored, and the failure counts against the plugin', async () => {
    const e = await start();
    const ada = await e.kernel.customers.create({ emails: ['ada@example.com'], attributes: { undeclared: true } });
    expect(e.status().metrics.failures).toBe(0);
    await purchase(e, ada, 50);
    // Not even the declared "buyer" of the same answer.
    expect(await e.kernel.segments.listFor(ada.id)).toEqual([]);
    expect(e.events.filter((event) => event.eventType.startsWith('segment.'))).toEqual([]);
    const { metrics, state } = e.status();
    expect(state).toBe('ACTIVE');
    expect(metrics.failures).toBe(1);
    expect(metrics.lastError?.message).toContain('"vip"');
    expect(metrics.lastError?.message).toContain('does not declare');
    // The delivery failed for the model alone, and stays in the outbox to be tried again.
    expect(await outboxRow(e, 'interaction.recorded')).toMatchObject({ status: 'pending', last_error: expect.stringContaining('"vip"') });
    expect((await e.kernel.scores.get(ada.id, 'eval-purchases'))?.value).toBe(1);

    // Not a list of segment ids at all: refused the same way.
    const bob = await e.kernel.customers.create({ emails: ['bob@example.com'], attributes: { notAList: true } });
    await purchase(e, bob, 50);
    expect(await e.kernel.segments.listFor(bob.id)).toEqual([]);
    expect(e.status().metrics.failures).toBe(2);
    expect(e.status().metrics.lastError?.message).toContain('must return a list of segment ids');
  });

  it('refuses a score that is not a number and keeps the score it had', async () => {
    const e = await start();
    const ada = await e.kernel.customers.create({ emails: ['ada@example.com'] });
    await purchase(e, ada, 5);
    await e.kernel.customers.setAttributes(ada.id, { badScore: true });
    expect(e.calls('eval-purchases').at(-1)).toMatchObject({ trigger: 'customer.updated' });
    expect(await e.kernel.scores.get(ada.id, 'eval-purchases')).toMatchObject({ value: 1 });
    expect(eventsOf(e, 'score.changed')).toHaveLength(1);
    expect(e.status().metrics.failures).toBe(1);
    expect(e.status().metrics.lastError?.message).toContain('a score needs a finite number as value');
  });

  it('retries a failed evaluation as the event bus retries any plugin handler: after the backoff, with the same event', async () => {
    const e = await start({ settings: { failTimes: 1 } });
    const { kernel, clock } = e;
    const ada = await kernel.customers.create({ emails: ['ada@example.com'] });
    await purchase(e, ada, 5);
    expect(e.calls('eval-purchases')).toHaveLength(1);
    expect(await kernel.scores.get(ada.id, 'eval-purchases')).toBeUndefined();
    expect(await outboxRow(e, 'interaction.recorded')).toMatchObject({ status: 'pending', last_error: expect.stringContaining('failing on purpose (1 of 1)') });
    expect(e.status().metrics.failures).toBe(1);

    // Not before the backoff.
    await kernel.dispatcher.dispatch();
    expect(e.calls('eval-purchases')).toHaveLength(1);
    await clock.advance(1_000);
    await kernel.dispatcher.dispatch();
    const calls = e.calls('eval-purchases');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.eventId).toBe(calls[0]!.eventId);
    expect((await kernel.scores.get(ada.id, 'eval-purchases'))?.value).toBe(1);
    expect(eventsOf(e, 'score.changed')).toMatchObject([{ customerId: ada.id, value: 1, previousValue: null }]);
    expect(await outboxRow(e, 'interaction.recorded')).toMatchObject({ status: 'delivered' });
    // The model, which succeeded the first time, is not called again.
    expect(e.calls('eval-tier')).toHaveLength(1);
  });

  it('gives up on an evaluation that outlasts the handler timeout, and counts it against the plugin', async () => {
    const e = await start({ pluginHost: { handlerTimeoutMs: 150 } });
    const ada = await e.kernel.customers.create({ emails: ['ada@example.com'], attributes: { hang: true } });
    const started = performance.now();
    await purchase(e, ada, 5);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(e.calls('eval-purchases')).toHaveLength(1);
    expect(await e.kernel.scores.get(ada.id, 'eval-purchases')).toBeUndefined();
    expect(e.status().metrics.failures).toBe(1);
    expect(e.status().metrics.lastError?.message).toMatch(/did not finish within 150 ms/);
    expect(await outboxRow(e, 'interaction.recorded')).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/within 150 ms/) });
    // The model of the same event was not held up.
    expect((await e.kernel.segments.listFor(ada.id)).map((row) => row.segment)).toEqual(['buyer']);
  });

  it('trips the plugin\'s circuit breaker after repeated failures, and evaluates nothing more for it', async () => {
    const e = await start();
    const { kernel } = e;
    for (let i = 0; i < 5; i++) {
      const customer = await kernel.customers.create({ emails: [`failing-${i}@example.com`], attributes: { failScore: true } });
      await purchase(e, customer, 5);
    }
    expect(e.calls('eval-purchases')).toHaveLength(5);
    expect(e.status()).toMatchObject({ state: 'DISABLED', error: expect.stringContaining('circuit breaker') });
    expect(e.status().error).toContain('eval-purchases failed on purpose');
    expect(kernel.events.subscriptionCount(RULES)).toBe(0);

    const ada = await kernel.customers.create({ emails: ['ada@example.com'] });
    await purchase(e, ada, 5);
    expect(e.calls()).toHaveLength(10); // 5 of eval-purchases and 5 of eval-tier, all before the breaker tripped
    expect(await kernel.scores.get(ada.id, 'eval-purchases')).toBeUndefined();
    expect(await kernel.segments.listFor(ada.id)).toEqual([]);
  });

  it('stops evaluating a disabled plugin\'s rules, and evaluates them again once it is enabled', async () => {
    const e = await start();
    const { kernel } = e;
    const ada = await kernel.customers.create({ emails: ['ada@example.com'] });
    await purchase(e, ada, 60);
    expect(kernel.events.subscriptionCount(RULES)).toBeGreaterThan(0);
    await kernel.host.setEnabled(RULES, false);
    expect(kernel.events.subscriptionCount(RULES)).toBe(0);
    await purchase(e, ada, 60);
    expect(e.calls()).toHaveLength(2);
    expect((await kernel.scores.get(ada.id, 'eval-purchases'))?.value).toBe(1);
    expect((await kernel.segments.listFor(ada.id)).map((row) => row.segment)).toEqual(['buyer']);

    await kernel.host.setEnabled(RULES, true);
    expect(kernel.host.status(RULES).state).toBe('ACTIVE');
    await purchase(e, ada, 60);
    expect((await kernel.scores.get(ada.id, 'eval-purchases'))?.value).toBe(3);
    expect((await kernel.segments.listFor(ada.id)).map((row) => row.segment)).toEqual(['big-spender', 'buyer']);
    expect(eventsOf(e, 'score.changed').at(-1)).toMatchObject({ value: 3, previousValue: 1 });
  });
});
