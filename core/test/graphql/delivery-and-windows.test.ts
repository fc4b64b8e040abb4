import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, type TestHost } from '@rapport/sdk/testing';
import { hostWith } from '../plugin-host/fixtures.js';

const SEND = `mutation ($input: SendMessageInput!) {
  sendMessage(input: $input) { id text metadata delivery { status updatedAt error } conversation { id replyWindows { channel closesAt open } } }
}`;

describe('delivery status, reply windows and templates in the GraphQL API', () => {
  let host: TestHost;
  afterEach(() => host.stop());

  it('shows Interaction.delivery as receipts move it, and Conversation.replyWindows', async () => {
    const clock = new FakeClock('2026-05-04T09:00:00.000Z');
    host = await hostWith(['provider-channels-js'], { clock });
    const inbound = await host.webhook('wa', {
      method: 'POST',
      body: JSON.stringify({ messages: [{ externalId: 'wa-in-1', from: { phone: '+442079460958' }, text: 'Where is my order?', metadata: {} }] }),
      contentType: 'application/json',
    });
    expect(inbound.status).toBe(200);
    const customerId = inbound.interactions[0]!.customerId;
    const sent = await host.graphql<{ sendMessage: { id: string; delivery: { status: string }; conversation: { replyWindows: unknown[] } } }>(SEND, {
      input: { customerId: globalId('Customer', customerId), channel: 'wa', text: 'It ships today.' },
    });
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage.delivery).toEqual({ status: 'QUEUED', updatedAt: '2026-05-04T09:00:00.000Z', error: null });
    expect(sent.data!.sendMessage.conversation.replyWindows).toEqual([{ channel: 'wa', closesAt: '2026-05-05T09:00:00.000Z', open: true }]);

    await host.advance('PT10M');
    await host.webhook('wa', { method: 'POST', body: JSON.stringify({ receipts: [{ externalId: 'wa-1', status: 'READ' }] }), contentType: 'application/json' });
    const read = await host.graphql<{ node: { delivery: unknown } }>('query ($id: ID!) { node(id: $id) { ... on Interaction { delivery { status updatedAt error } } } }', {
      id: sent.data!.sendMessage.id,
    });
    expect(read.data!.node.delivery).toEqual({ status: 'READ', updatedAt: '2026-05-04T09:10:00.000Z', error: null });
    expect(host.events('interaction.delivery_changed').map((event) => [event.previousStatus, event.status])).toEqual([['QUEUED', 'READ']]);

    // An inbound message has no delivery status.
    const customer = await host.graphql<{ customer: { interactions: { edges: { node: { direction: string; delivery: unknown } }[] } } }>(
      'query ($id: ID!) { customer(id: $id) { interactions { edges { node { direction delivery { status } } } } } }',
      { id: globalId('Customer', customerId) },
    );
    expect(customer.data!.customer.interactions.edges.map(({ node }) => [node.direction, node.delivery])).toEqual([
      ['INBOUND', null],
      ['OUTBOUND', { status: 'READ' }],
    ]);
  });

  it('answers a closed window with CHANNEL_WINDOW_CLOSED, sends a template, and gives a provider\'s code', async () => {
    const clock = new FakeClock('2026-05-04T09:00:00.000Z');
    host = await hostWith(['provider-channels-js'], { clock });
    const customer = await host.customers.create({ phones: ['+442079460958'] });
    const id = globalId('Customer', customer.id);
    const closed = await host.graphql(SEND, { input: { customerId: id, channel: 'wa', text: 'Hello?' } });
    expect(closed.errors![0]).toMatchObject({ extensions: { code: 'CHANNEL_WINDOW_CLOSED' }, message: expect.stringContaining('template') });

    const template = await host.graphql<{ sendMessage: { text: string; metadata: unknown } }>(SEND, {
      input: { customerId: id, channel: 'wa', template: { name: 'order_update', language: 'en_US', parameters: ['17'] } },
    });
    expect(template.errors).toBeUndefined();
    expect(template.data!.sendMessage.text).toBe('[template order_update (en_US): 17]');

    const noText = await host.graphql(SEND, { input: { customerId: id, channel: 'texts' } });
    expect(noText.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    const badLanguage = await host.graphql(SEND, { input: { customerId: id, channel: 'wa', template: { name: 'x', language: 'English' } } });
    expect(badLanguage.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'template.language' } });

    const refused = await host.graphql(SEND, { input: { customerId: id, channel: 'texts', text: 'REFUSE' } });
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'DELIVERY_FAILED', channel: 'texts', providerCode: '21211' } });
  });
});

function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}
