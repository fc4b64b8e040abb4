import { Webhook } from 'standardwebhooks';
import { FakeClock } from '@rapport/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { startReceiver, type Receiver } from './receiver.js';
import { createEndpoint, createWebhookHarness, recordMessage, type WebhookHarness } from './webhookHarness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(TEST_DATABASES)('an endpoint failing for five days on %s', (kind) => {
  let h: WebhookHarness | undefined;
  let r: Receiver | undefined;
  afterEach(async () => {
    await h?.close();
    await r?.close();
  });

  it('is disabled, with an audit event, once no delivery succeeded for five days since its first failure', async () => {
    const clock = new FakeClock(new Date());
    r = await startReceiver();
    r.answer = () => 500;
    // Daily retries (±10 % jitter), so the five days pass within one delivery's retries.
    h = await createWebhookHarness(kind, { clock, webhooks: { retryScheduleMs: [DAY, DAY, DAY, DAY, DAY, DAY, DAY] } });
    const { id, secret } = await createEndpoint(h, r.url, ['customer.created']);
    await recordMessage(h, 'failing@example.com', 'hello');
    const worker = h.kernel.webhookWorker;
    const enabled = async () => (await h!.data('query($id: ID!) { webhookEndpoint(id: $id) { enabled disabledReason } }', { id })).webhookEndpoint;

    await worker.deliverDue();
    expect(r.received).toHaveLength(1);
    // Four more failures, the last 4.6 days after the first: not five days yet.
    for (let n = 0; n < 4; n++) {
      await clock.advance(1.15 * DAY);
      await worker.deliverDue();
    }
    expect(r.received).toHaveLength(5);
    expect(await enabled()).toEqual({ enabled: true, disabledReason: null });

    await clock.advance(1.15 * DAY);
    await worker.deliverDue();
    expect(r.received).toHaveLength(6);
    expect(await enabled()).toEqual({ enabled: false, disabledReason: expect.stringContaining('5 days of failures') });
    const { auditEvents } = await h.data('{ auditEvents(action: "webhookEndpoint.disable") { edges { node { actor { kind } changes } } } }');
    expect(auditEvents.edges).toHaveLength(1);
    expect(auditEvents.edges[0].node.actor.kind).toBe('SYSTEM');

    // Disabled: the retries stop, though the delivery still has some left.
    await clock.advance(2 * DAY);
    await worker.deliverDue();
    expect(r.received).toHaveLength(6);
    expect(await worker.nextDueAt()).toBeNull();

    // Every attempt carried the same id, and the reference library's signature (its clock check
    // aside: the fake clock is days ahead of its wall clock).
    const reference = new Webhook(secret);
    for (const request of r.received) {
      expect(request.id).toBe(r.received[0]!.id);
      expect(request.signature).toBe(reference.sign(request.id, new Date(request.timestamp * 1000), request.body));
    }
    // Each retry came about a day after the one before, within the jitter.
    const gaps = r.received.slice(1).map((request, i) => (request.timestamp - r!.received[i]!.timestamp) * 1000);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(0.9 * DAY - 1_000);
  });

  it('a success ends the failure streak', async () => {
    const clock = new FakeClock(new Date());
    r = await startReceiver();
    let fail = true;
    r.answer = () => (fail ? 500 : 200);
    h = await createWebhookHarness(kind, { clock, webhooks: { retryScheduleMs: [DAY, DAY, DAY, DAY, DAY, DAY, DAY] } });
    const { id } = await createEndpoint(h, r.url, ['customer.created']);
    await recordMessage(h, 'a@example.com', 'hello');
    await h.kernel.webhookWorker.deliverDue();
    for (let n = 0; n < 3; n++) {
      await clock.advance(1.15 * DAY);
      await h.kernel.webhookWorker.deliverDue();
    }
    fail = false;
    await clock.advance(1.15 * DAY);
    await h.kernel.webhookWorker.deliverDue();
    fail = true;
    await recordMessage(h, 'b@example.com', 'hello');
    for (let n = 0; n < 3; n++) {
      await h.kernel.webhookWorker.deliverDue();
      await clock.advance(1.15 * DAY);
    }
    const { webhookEndpoint } = await h.data('query($id: ID!) { webhookEndpoint(id: $id) { enabled } }', { id });
    expect(webhookEndpoint.enabled).toBe(true);
    expect(r.received.map((x) => x.status)).toEqual([500, 500, 500, 500, 200, 500, 500, 500]);
  });
});
