import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from './support/fakeGraph.js';
import { ACCESS_TOKEN, META, metaHost, PAGE_ID, PHONE_NUMBER_ID, postWebhook } from './support/host.js';
import { waText, whatsappPayload } from './support/payloads.js';

describe('privacy: the records of sends with an idempotency key', () => {
  let graph: FakeGraph;
  let host: TestHost;

  beforeEach(async () => {
    graph = await startFakeGraph({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, pageId: PAGE_ID });
    host = await metaHost(graph);
  });

  afterEach(async () => {
    await host.stop();
    await graph.close();
  });

  async function customer(phone: string): Promise<string> {
    await postWebhook(host, 'whatsapp', whatsappPayload([{ messages: [waText(`wamid.IN${phone}`, phone, 'Hi', host.clock.now())] }]));
    const [found] = await host.customers.find({ phone: `+${phone}` });
    return found!.id;
  }

  it('exports the customer\'s send records and erases them, leaving other customers\' alone', async () => {
    const ada = await customer('4915112345678');
    const bob = await customer('15550100200');
    const sent = await host.send('whatsapp', { customerId: ada, text: 'For Ada' }, { idempotencyKey: 'k-ada' });
    await host.send('whatsapp', { customerId: bob, text: 'For Bob' }, { idempotencyKey: 'k-bob' });

    const exported = await host.exportCustomer(ada);
    expect(exported.plugins[META]).toEqual({ 'sent-messages': { sent: [{ externalId: sent.externalId, sentAt: expect.any(String) }] } });

    await host.eraseCustomer(ada);
    expect((await host.storage(META).keys('')).filter((key) => key.includes(ada))).toEqual([]);
    expect((await host.exportCustomer(bob)).plugins[META]).toMatchObject({ 'sent-messages': { sent: [{ externalId: expect.stringMatching(/^wamid\./) }] } });
  });
});
