import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { customerByHandle, IDENTITY_SECRET, useChatServer, Visitor } from './support/chatServer.js';

const key = (secret: string) => new TextEncoder().encode(secret);
const identityToken = (claims: Record<string, unknown>, { secret = IDENTITY_SECRET, expiresIn = '5m' as string | number } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('user-42').setIssuedAt().setExpirationTime(expiresIn).sign(key(secret));

describe('identify: identity tokens signed by the business', () => {
  const chat = useChatServer();

  const identify = (visitor: Visitor, token: string) => visitor.call('POST', 'identify', { token });

  it('merges a visitor who wrote into the known customer, so the chat and their email share one conversation', async () => {
    await chat.server.graphql(`mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`, {
      input: { email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', subject: 'Order 1001', text: 'My parcel is late.', externalId: 'mail-1@example.com' },
    });
    const visitor = await Visitor.start(chat.chat);
    await visitor.say('Hi, I emailed about my parcel');
    const response = await identify(visitor, await identityToken({ email: 'Ada@Example.com', name: 'Ada Lovelace' }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; handle: string; customer: { email: string } };
    expect(body).toMatchObject({ handle: visitor.handle, customer: { email: 'ada@example.com' } });
    visitor.token = body.token;
    const customer = await customerByHandle(chat.server, visitor.handle);
    expect(customer!.emails).toEqual(['ada@example.com']);
    const history = (await visitor.history()).messages;
    expect(history.map((m) => [m.channel, m.text])).toEqual([
      ['email', 'My parcel is late.'],
      ['chat', 'Hi, I emailed about my parcel'],
    ]);
  });

  it('adds the email and name to an anonymous visitor who wrote when nobody has that email', async () => {
    const visitor = await Visitor.start(chat.chat);
    await visitor.say('hello');
    expect((await identify(visitor, await identityToken({ email: 'grace@example.com', name: 'Grace Hopper' }))).status).toBe(200);
    expect(await customerByHandle(chat.server, visitor.handle)).toMatchObject({ emails: ['grace@example.com'], displayName: 'Grace Hopper' });
  });

  it('gives the handle to the customer with the email (or a new one) when the visitor has not written yet', async () => {
    const visitor = await Visitor.start(chat.chat);
    expect((await identify(visitor, await identityToken({ email: 'new@example.com', name: 'New Person' }))).status).toBe(200);
    expect(await customerByHandle(chat.server, visitor.handle)).toMatchObject({ emails: ['new@example.com'], displayName: 'New Person' });
  });

  it('starts a new visitor when the browser was already someone else, so neither sees the other', async () => {
    const visitor = await Visitor.start(chat.chat);
    await visitor.say('I am Ada');
    await identify(visitor, await identityToken({ email: 'first@example.com', name: 'First' }));
    const response = await identify(visitor, await identityToken({ email: 'second@example.com', name: 'Second' }));
    const body = (await response.json()) as { token: string; handle: string };
    expect(body.handle).not.toBe(visitor.handle);
    visitor.token = body.token;
    expect((await visitor.history()).messages).toEqual([]);
  });

  const refusals: [string, () => Promise<string>, RegExp][] = [
    ['an expired token', () => identityToken({ email: 'eve@example.com', name: 'Eve' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }), /expired/],
    ['a token signed with another key', () => identityToken({ email: 'eve@example.com', name: 'Eve' }, { secret: 'another-secret-0123456789-abcdefghijklmn' }), /signature/],
    ['an unsigned token (alg none)', async () => new UnsecuredJWT({ email: 'eve@example.com', name: 'Eve' }).setSubject('x').setExpirationTime('5m').encode(), /HS256/],
    ['a token without a name', () => identityToken({ email: 'eve@example.com' }), /name/],
  ];

  it.each(refusals)('refuses %s with 401 and changes nothing', async (_, token, reason) => {
    const visitor = await Visitor.start(chat.chat);
    await visitor.say('who am I');
    const response = await identify(visitor, await token());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'INVALID_IDENTITY_TOKEN', error: expect.stringMatching(reason) });
    expect(await customerByHandle(chat.server, visitor.handle)).toMatchObject({ emails: [] });
  });
});
