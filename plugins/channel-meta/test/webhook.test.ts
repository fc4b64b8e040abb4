import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from './support/fakeGraph.js';
import { allInteractions, metaHost, postWebhook, signature, VERIFY_TOKEN } from './support/host.js';
import { messengerPayload, mMessage, waText, whatsappPayload } from './support/payloads.js';

describe('webhook security (handshake, X-Hub-Signature-256, payload shape)', () => {
  let graph: FakeGraph;
  let host: TestHost;

  beforeEach(async () => {
    graph = await startFakeGraph({ accessToken: 'unused', phoneNumberId: '1', pageId: '2' });
    host = await metaHost(graph);
  });

  afterEach(async () => {
    await host.stop();
    await graph.close();
  });

  function handshake(channel: 'whatsapp' | 'messenger', query: string) {
    return host.webhook(channel, { method: 'GET', url: `/channels/${channel}/inbound?${query}`, body: '' });
  }

  it.each(['whatsapp', 'messenger'] as const)('answers Meta\'s %s verification with the challenge as text when the token matches', async (channel) => {
    const answer = await handshake(channel, `hub.mode=subscribe&hub.verify_token=${encodeURIComponent(VERIFY_TOKEN)}&hub.challenge=1158201444`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    expect(answer.body).toBe('1158201444');
  });

  it('refuses a verification with the wrong token, a token of another length, or another mode (403)', async () => {
    for (const query of [
      'hub.mode=subscribe&hub.verify_token=verify-me-pleasE&hub.challenge=42',
      'hub.mode=subscribe&hub.verify_token=x&hub.challenge=42',
      'hub.mode=subscribe&hub.challenge=42',
      `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`,
    ]) {
      const answer = await handshake('whatsapp', query);
      expect(answer.status, query).toBe(403);
      expect(answer.body, query).not.toContain('42');
    }
  });

  it('records a message whose signature is over the exact bytes, escapes and non-ASCII included', async () => {
    // \u00e9 and the raw é, a slash escape and odd whitespace: JSON.stringify(JSON.parse(body))
    // would give other bytes, and so another HMAC. Only a check over the raw body passes.
    const body =
      '{ "object":"whatsapp_business_account",\n\t"entry": [ {"id":"W1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",' +
      '"contacts":[{"profile":{"name":"Ren\\u00e9e Café"},"wa_id":"33612345678"}],' +
      '"messages":[{"from":"33612345678","id":"wamid.RAW1","timestamp":"1767225600","type":"text","text":{"body":"Caf\\u00e9 ou thé ?  \\/ 🍵"}}]}}]} ]  }\r\n';
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
    const answer = await postWebhook(host, 'whatsapp', body, { signature: signature(Buffer.from(body, 'utf8')) });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('EVENT_RECEIVED');
    const [recorded] = await allInteractions(host);
    expect(recorded).toMatchObject({ channel: 'whatsapp', direction: 'INBOUND', externalId: 'wamid.RAW1', text: 'Café ou thé ?  / 🍵' });
    const [customer] = await host.customers.find({ phone: '+33612345678' });
    expect(customer?.displayName).toBe('Renée Café');

    // The same document re-serialized, signed as the raw bytes were: refused.
    const reserialized = JSON.stringify(JSON.parse(body));
    const forged = await postWebhook(host, 'whatsapp', reserialized, { signature: signature(body) });
    expect(forged.status).toBe(403);
  });

  it('refuses a bad, missing or differently-keyed signature with 403 and records nothing', async () => {
    const payload = JSON.stringify(whatsappPayload([{ messages: [waText('wamid.SIG', '15551230000', 'hello', new Date())] }]));
    const attempts = [
      { signature: null },
      { signature: '' },
      { signature: signature(payload).replace('sha256=', '') },
      { signature: signature(payload, 'another-app-secret-000000000000') },
      { signature: signature(`${payload} `) },
      { signature: `sha1=${signature(payload).slice('sha256='.length)}` },
    ];
    for (const attempt of attempts) {
      const answer = await postWebhook(host, 'whatsapp', payload, attempt);
      expect(answer.status, JSON.stringify(attempt)).toBe(403);
      expect(answer.interactions).toEqual([]);
    }
    const messenger = await postWebhook(host, 'messenger', messengerPayload(mMessage('9001', { mid: 'm_SIG', text: 'hi' }, new Date())), { signature: null });
    expect(messenger.status).toBe(403);
    expect(await allInteractions(host)).toEqual([]);
    expect(await host.customers.find({})).toEqual([]);
  });

  it('answers 400 and writes nothing for signed bodies that are not JSON or not the channel\'s payload', async () => {
    const good = waText('wamid.OK', '15551230000', 'fine', new Date());
    const bodies: [string, string][] = [
      ['not JSON', '{"object": "whatsapp_business_account", "entry": ['],
      ['an array', '[]'],
      ['another product', JSON.stringify({ object: 'instagram', entry: [] })],
      ['entry not an array', JSON.stringify({ object: 'whatsapp_business_account', entry: { id: '1' } })],
      ['changes not an array', JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: 'x' }] })],
      // A good message beside a broken one: all or nothing.
      ['a message without an id', JSON.stringify(whatsappPayload([{ messages: [good, { from: '15551230000', type: 'text', text: { body: 'no id' } }] }]))],
      ['invalid UTF-8', '\u0000'],
    ];
    for (const [what, body] of bodies) {
      const raw = what === 'invalid UTF-8' ? Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) : Buffer.from(body, 'utf8');
      const answer = await host.webhook('whatsapp', {
        method: 'POST',
        url: '/channels/whatsapp/inbound',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(raw) },
        contentType: 'application/json',
        body: new Uint8Array(raw),
      });
      expect(answer.status, what).toBe(400);
      expect(answer.interactions, what).toEqual([]);
    }
    // A WhatsApp payload posted to the Messenger webhook is refused as well.
    const crossed = await postWebhook(host, 'messenger', whatsappPayload([{ messages: [good] }]));
    expect(crossed.status).toBe(400);
    expect(JSON.parse(crossed.body)).toMatchObject({ code: 'BAD_USER_INPUT', error: expect.stringContaining('expected "page"') });
    expect(await allInteractions(host)).toEqual([]);
  });

  it('accepts signed payloads with nothing to record (other fields, empty entries)', async () => {
    const answer = await postWebhook(host, 'whatsapp', {
      object: 'whatsapp_business_account',
      entry: [{ id: 'W', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_name: 'order_update' } }] }, { id: 'X' }],
    });
    expect(answer.status).toBe(200);
    expect(await allInteractions(host)).toEqual([]);
  });
});
