import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';

/** The plugin's package name, as the host knows it. */
const PLUGIN = '{{packageName}}';
/** This package's folder: the test host loads it from disk, manifest and all, as a deployment does. */
const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));
const CHANNEL = '{{id}}';
const SECRET = 'a-test-secret-of-some-length';

/** What the fake provider received: each request's headers and JSON body. */
interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** A fake provider on a free local port: keeps every message POSTed to it and answers with an id. */
let provider: { url: string; received: Received[]; server: Server };
beforeEach(async () => {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(raw) as Record<string, unknown> });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `out-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/outbound`, received, server };
});

let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await new Promise((resolve) => provider.server.close(resolve));
});

/** An in-memory core with this plugin loaded, on a clock the test controls. */
async function start(settings: Record<string, unknown> = {}): Promise<TestHost> {
  host = await createTestHost({
    plugins: [PLUGIN_DIR],
    clock: new FakeClock('2026-03-02T09:00:00Z'),
    settings: { [PLUGIN]: { outboundUrl: provider.url, secret: SECRET, ...settings } },
  });
  return host;
}

/** A webhook call as the provider makes it: `POST /channels/<id>/inbound`. */
function inbound(message: Record<string, unknown>, secret = SECRET) {
  return { method: 'POST', contentType: 'application/json', headers: { authorization: `Bearer ${secret}` }, body: JSON.stringify(message) };
}

describe(`the ${CHANNEL} channel`, () => {
  it('records an inbound message as INBOUND, and a reply sent on the channel as OUTBOUND', async () => {
    const test = await start();
    // Lazy: nothing has used the channel yet.
    expect(test.plugin(PLUGIN).state).toBe('INSTALLED');

    const [received] = await test.receive(CHANNEL, inbound({ id: 'in-1', from: 'ada', name: 'Ada', text: 'Hello' }));
    expect(test.plugin(PLUGIN).state).toBe('ACTIVE');
    expect(received).toMatchObject({ channel: CHANNEL, direction: 'INBOUND', type: 'message', text: 'Hello', externalId: 'in-1' });

    const sent = await test.send(CHANNEL, { customerId: received!.customerId, text: 'Hi Ada, how can we help?' });
    expect(sent.externalId).toBe('out-1');
    expect(provider.received).toMatchObject([{ headers: { authorization: `Bearer ${SECRET}` }, body: { to: 'ada', text: 'Hi Ada, how can we help?' } }]);
    const outbound = (await test.interactions.list(received!.customerId)).filter((interaction) => interaction.direction === 'OUTBOUND');
    expect(outbound).toMatchObject([{ channel: CHANNEL, text: 'Hi Ada, how can we help?', externalId: 'out-1', conversationId: received!.conversationId }]);
  });

  it('refuses an inbound request without the secret, and records nothing', async () => {
    const test = await start();
    await expect(test.receive(CHANNEL, inbound({ id: 'in-1', from: 'ada', text: 'Hello' }, 'a-wrong-secret-of-some-length'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await test.customers.find({ handle: { channel: CHANNEL, handle: 'ada' } })).toEqual([]);
  });

  it('is FAILED, naming the setting, when outboundUrl is not an http(s) URL', async () => {
    const test = await start({ outboundUrl: 'ftp://example.com/outbound' });
    const status = await test.activate(PLUGIN);
    expect(status.state).toBe('FAILED');
    expect(status.error).toContain(`pluginSettings["${PLUGIN}"].outboundUrl: must be an http:// or https:// URL`);
  });
});
