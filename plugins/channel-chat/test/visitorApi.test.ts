import { describe, expect, it } from 'vitest';
import { customerByHandle, SHOP, useChatServer, Visitor } from './support/chatServer.js';

describe('the visitor API over real HTTP', () => {
  const chat = useChatServer();

  it('answers preflights and requests from an allowed origin with CORS headers', async () => {
    const preflight = await fetch(`${chat.chat}messages`, {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const session = await fetch(`${chat.chat}session`, { method: 'POST', headers: { origin: SHOP } });
    expect(session.status).toBe(201);
    expect(session.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  it('refuses another origin with 403 and a JSON error that names the setting, preflight included', async () => {
    for (const method of ['OPTIONS', 'POST']) {
      const response = await fetch(`${chat.chat}session`, { method, headers: { origin: 'https://evil.example.net' } });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await response.json()).toEqual({ code: 'ORIGIN_NOT_ALLOWED', error: expect.stringContaining('allowedOrigins') });
    }
  });

  it('records a visitor message as an INBOUND chat message of the customer with that handle, once per client id', async () => {
    const visitor = await Visitor.start(chat.chat);
    expect(visitor.handle).toMatch(/^v_[A-Za-z0-9_-]{22}$/);
    const first = await visitor.say('Where is my order?', 'client-1');
    const again = await visitor.say('Where is my order?', 'client-1');
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ direction: 'visitor', channel: 'chat', text: 'Where is my order?' });
    const customer = await customerByHandle(chat.server, visitor.handle);
    const messages = customer!.interactions.edges.map((edge) => edge.node);
    expect(messages).toEqual([expect.objectContaining({ channel: 'chat', direction: 'INBOUND', type: 'message', text: 'Where is my order?' })]);
  });

  it('returns the history oldest first, and only what came after a cursor', async () => {
    const visitor = await Visitor.start(chat.chat);
    expect((await visitor.history()).messages).toEqual([]);
    await visitor.say('one');
    const two = await visitor.say('two');
    await visitor.say('three');
    const all = await visitor.history();
    expect(all.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    expect(all.cursor).toBe(all.messages[2]!.cursor);
    expect((await visitor.history(two.cursor)).messages.map((m) => m.text)).toEqual(['three']);
    expect((await visitor.history(all.cursor!)).messages).toEqual([]);
    const bad = await visitor.call('GET', 'messages?after=yesterday');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_REQUEST', error: expect.stringContaining('cursor') });
  });

  it('never shows one visitor the history of another, and refuses a tampered or missing token', async () => {
    const alice = await Visitor.start(chat.chat);
    const bob = await Visitor.start(chat.chat);
    await alice.say('alice secret');
    await bob.say('bob hello');
    expect((await bob.history()).messages.map((m) => m.text)).toEqual(['bob hello']);
    // Bob's token with Alice's handle swapped into the payload: the signature no longer matches.
    const [header, payload, signature] = bob.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, sub: alice.handle })).toString('base64url'), signature].join('.');
    for (const token of [forged, 'not-a-token', '']) {
      const response = await bob.call('GET', 'messages', undefined, token);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'INVALID_VISITOR_TOKEN' });
    }
  });

  it('renews the token of a returning visitor without making a new one', async () => {
    const visitor = await Visitor.start(chat.chat);
    const renewed = await visitor.call('POST', 'session');
    expect(renewed.status).toBe(200);
    const body = (await renewed.json()) as { handle: string; token: string; widget: { title: string; greeting: string; maxMessageLength: number } };
    expect(body.handle).toBe(visitor.handle);
    expect(body.widget).toEqual({ title: 'Chat with us', greeting: 'Hi! How can we help you today?', maxMessageLength: 2000 });
  });

  it('refuses bad message bodies with a 400 that says what to send', async () => {
    const visitor = await Visitor.start(chat.chat);
    for (const body of [{ text: 'no id' }, { id: 'x1', text: '   ' }, { id: 'has spaces', text: 'hi' }]) {
      const response = await visitor.call('POST', 'messages', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'BAD_REQUEST' });
    }
  });
});
