import { describe, expect, it } from 'vitest';
import { SHOP, useChatServer, Visitor } from './support/chatServer.js';

describe('limits, and identify without an identity secret', () => {
  const chat = useChatServer({ messagesPerMinute: 3, sessionsPerMinute: 6, maxMessageLength: 50, maxStreamsPerVisitor: 1, identitySecret: undefined });

  it('refuses a message over maxMessageLength with 413 naming the limit', async () => {
    const visitor = await Visitor.start(chat.chat);
    const response = await visitor.call('POST', 'messages', { id: 'long', text: 'x'.repeat(51) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 'MESSAGE_TOO_LONG', error: expect.stringMatching(/at most 50 \(maxMessageLength\)/) });
    expect((await visitor.history()).messages).toEqual([]);
  });

  it('answers 429 with Retry-After past messagesPerMinute, per visitor', async () => {
    const visitor = await Visitor.start(chat.chat);
    for (const text of ['1', '2', '3']) await visitor.say(text);
    const refused = await visitor.call('POST', 'messages', { id: 'four', text: '4' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    const other = await Visitor.start(chat.chat);
    expect((await other.say('still fine')).text).toBe('still fine');
  });

  it('allows one event stream per visitor here (maxStreamsPerVisitor: 1)', async () => {
    const visitor = await Visitor.start(chat.chat);
    const first = await visitor.events();
    expect(first.response.status).toBe(200);
    const second = await visitor.call('GET', 'events');
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ code: 'TOO_MANY_STREAMS' });
    await first.close();
  });

  it('refuses identify with a message that names identitySecret', async () => {
    const visitor = await Visitor.start(chat.chat);
    const response = await visitor.call('POST', 'identify', { token: 'a.b.c' });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ code: 'IDENTIFY_NOT_CONFIGURED', error: expect.stringContaining('identitySecret') });
  });

  // Last: it uses up this address's new visitors for the minute.
  it('answers 429 past sessionsPerMinute new visitors from one address', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 7; i += 1) answers.push((await fetch(`${chat.chat}session`, { method: 'POST', headers: { origin: SHOP } })).status);
    expect(answers).toContain(429);
    const refused = await fetch(`${chat.chat}session`, { method: 'POST', headers: { origin: SHOP } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
