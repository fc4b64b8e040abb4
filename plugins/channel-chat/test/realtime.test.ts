import { waitFor } from '@rapport/sdk/testing';
import { describe, expect, it } from 'vitest';
import { customerByHandle, useChatServer, Visitor } from './support/chatServer.js';

const SEND = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id externalId delivery { status } } }`;

describe('real time: agent replies, catch-up, read receipts', () => {
  const chat = useChatServer({ catchUpInterval: 'PT1S', heartbeatInterval: 'PT1S' });

  const reply = async (customerId: string, text: string) =>
    (await chat.server.graphql<{ sendMessage: { id: string; externalId: string; delivery: { status: string } } }>(SEND, { input: { customerId, channel: 'chat', text } })).sendMessage;

  it("pushes an agent's sendMessage to the visitor's open event stream at once, as DELIVERED", async () => {
    const visitor = await Visitor.start(chat.chat);
    await visitor.say('Hello?');
    const customer = await customerByHandle(chat.server, visitor.handle);
    const stream = await visitor.events();
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await waitFor('the replayed history', () => (stream.messages().some((m) => m.text === 'Hello?') ? true : undefined));
    const sent = await reply(customer!.id, 'Hi, how can I help?');
    expect(sent.delivery.status).toBe('DELIVERED');
    const pushed = await waitFor('the reply on the stream', () => stream.messages().find((m) => m.text === 'Hi, how can I help?'));
    expect(pushed).toMatchObject({ direction: 'agent', channel: 'chat', id: `chat:${sent.externalId}` });
    expect(await waitFor('a heartbeat', () => stream.received.find((e) => e.event === 'ping'))).toBeDefined();
    await stream.close();
    // The catch-up from the database brings the same message again only as a cursor, never twice.
    expect(stream.messages().filter((m) => m.text === 'Hi, how can I help?')).toHaveLength(1);
  });

  it('records a reply to a visitor without an open stream as SENT, and a reconnect with the cursor fetches it', async () => {
    const visitor = await Visitor.start(chat.chat);
    const mine = await visitor.say('Anyone there?');
    const customer = await customerByHandle(chat.server, visitor.handle);
    const sent = await reply(customer!.id, 'Yes, sorry for the wait.');
    expect(sent.delivery.status).toBe('SENT');
    const stream = await visitor.events(mine.cursor);
    const missed = await waitFor('the missed reply', () => stream.messages().find((m) => m.text === 'Yes, sorry for the wait.'));
    expect(missed.direction).toBe('agent');
    expect(stream.messages().map((m) => m.text)).not.toContain('Anyone there?');
    await stream.close();
  });

  it("brings a message recorded behind the stream's back (another instance) on the next catch-up", async () => {
    const visitor = await Visitor.start(chat.chat);
    await visitor.say('first');
    const customer = await customerByHandle(chat.server, visitor.handle);
    const stream = await visitor.events();
    await waitFor('the replay', () => (stream.messages().length === 1 ? true : undefined));
    // Recorded straight through the API, as a send on another instance would be: nothing pushed here.
    await chat.server.graphql(`mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`, {
      input: { customerId: customer!.id, channel: 'chat', direction: 'OUTBOUND', type: 'message', text: 'from elsewhere', externalId: 'elsewhere-1' },
    });
    const arrived = await waitFor('the catch-up', () => stream.messages().find((m) => m.text === 'from elsewhere'));
    expect(arrived).toMatchObject({ id: 'chat:elsewhere-1', direction: 'agent' });
    await stream.close();
  });

  it('never shows internal notes, and marks the reply READ when the widget reports it read', async () => {
    const visitor = await Visitor.start(chat.chat);
    await visitor.say('Is it shipped?');
    const customer = await customerByHandle(chat.server, visitor.handle);
    const sent = await reply(customer!.id, 'It shipped today.');
    await chat.server.graphql(`mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`, {
      input: { customerId: customer!.id, channel: 'chat', direction: 'INTERNAL', type: 'note', text: 'VIP, be nice' },
    });
    const history = (await visitor.history()).messages;
    expect(history.map((m) => [m.direction, m.text])).toEqual([
      ['visitor', 'Is it shipped?'],
      ['agent', 'It shipped today.'],
    ]);
    const read = await visitor.call('POST', 'read', { messageId: history[1]!.id });
    expect(read.status).toBe(200);
    const after = await customerByHandle(chat.server, visitor.handle);
    const interaction = after!.interactions.edges.map((e) => e.node).find((node) => node.externalId === sent.externalId);
    expect(interaction!.delivery!.status).toBe('READ');
  });

  it("refuses a read receipt for a message that is not in the visitor's chat", async () => {
    const visitor = await Visitor.start(chat.chat);
    const response = await visitor.call('POST', 'read', { messageId: 'chat:out_someone-else' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to send on chat to a customer who never chatted', async () => {
    const created = await chat.server.graphql<{ createCustomer: { id: string } }>(`mutation { createCustomer(input: { displayName: "Mail Only", emails: ["mail@example.com"] }) { id } }`);
    await expect(reply(created.createCustomer.id, 'hello')).rejects.toThrow(/no live-chat visitor/);
  });
});
