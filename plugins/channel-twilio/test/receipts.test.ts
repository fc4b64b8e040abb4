import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_TWIML } from '../src/twiml.js';
import { startFakeTwilio, type FakeTwilio } from './support/fakeTwilio.js';
import { ACCOUNT_SID, AUTH_TOKEN, interactionsOn, postToWebhook, twilioHost } from './support/twilioHost.js';

interface DeliveryData {
  customer: { interactions: { edges: { node: { externalId: string; direction: string; delivery: { status: string; error: string | null; updatedAt: string } | null } }[] } };
}

describe('status callbacks on POST /channels/sms/inbound: delivery receipts', () => {
  let twilio: FakeTwilio;
  let host: TestHost;
  let customerId: string;
  let sid: string;
  beforeEach(async () => {
    twilio = await startFakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
    host = await twilioHost(twilio);
    const created = await host.graphql<{ createCustomer: { id: string } }>('mutation { createCustomer(input: { phones: ["+31612345678"] }) { id } }');
    customerId = created.data!.createCustomer.id;
    const sent = await host.graphql<{ sendMessage: { externalId: string } }>('mutation ($input: SendMessageInput!) { sendMessage(input: $input) { externalId } }', {
      input: { customerId, channel: 'sms', text: 'Your parcel ships today.' },
    });
    expect(sent.errors).toBeUndefined();
    sid = sent.data!.sendMessage.externalId;
  });
  afterEach(async () => {
    await host.stop();
    await twilio.close();
  });

  /** Posts Twilio's status callbacks for the message, each answered with empty TwiML and recording no interaction. */
  async function callback(...statuses: (string | Record<string, string>)[]) {
    for (const status of statuses) {
      const fields = typeof status === 'string' ? { MessageStatus: status } : status;
      const answer = await postToWebhook(host, 'sms', { MessageSid: sid, AccountSid: ACCOUNT_SID, From: '+14155550100', To: '+31612345678', SmsStatus: fields.MessageStatus!, ...fields });
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(EMPTY_TWIML);
      expect(answer.interactions).toEqual([]);
    }
  }

  async function delivery() {
    const result = await host.graphql<DeliveryData>('query ($id: ID!) { customer(id: $id) { interactions(channel: "sms") { edges { node { externalId direction delivery { status error updatedAt } } } } } }', { id: customerId });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.customer.interactions.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(1);
    return nodes[0]!.delivery;
  }

  it('starts QUEUED, as Twilio answered the send', async () => {
    expect(await delivery()).toMatchObject({ status: 'QUEUED', error: null });
  });

  it('moves forward through sent and delivered', async () => {
    await callback('sending', 'sent', 'delivered');
    expect(await delivery()).toMatchObject({ status: 'DELIVERED', error: null });
  });

  it('keeps the furthest status when receipts arrive out of order or twice', async () => {
    await callback('delivered', 'sent', 'queued');
    expect(await delivery()).toMatchObject({ status: 'DELIVERED' });
    await callback('read', 'read', 'delivered');
    expect(await delivery()).toMatchObject({ status: 'READ' });
    // One interaction only: receipts record nothing of their own.
    expect(await interactionsOn(host, 'sms')).toHaveLength(1);
    const changes = host.events('interaction.delivery_changed').map((event) => event.status);
    expect(changes).toEqual(['DELIVERED', 'READ']);
  });

  it("records an undelivered message as FAILED with Twilio's error code and what it means", async () => {
    await callback('sent', { MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect(await delivery()).toMatchObject({ status: 'FAILED', error: '30003: Unreachable destination handset' });
  });

  it('a late failure does not undo a delivery', async () => {
    await callback('delivered', { MessageStatus: 'failed', ErrorCode: '30008' });
    expect(await delivery()).toMatchObject({ status: 'DELIVERED', error: null });
  });
});
