import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannelOwnRoute } from '../../src/channels/channelOwnRoutes.js';
import { createChannelRoute } from '../../src/channels/inboundRoute.js';
import { fixtureProbe } from '../plugin-host/fixtures.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';

describe('a channel\'s own routes, /channels/:id/…', () => {
  let h: KernelHarness;
  let base: string;
  afterEach(() => h.close());

  async function serve() {
    h = await createKernelHarness('sqlite', ['scripted-bot-js']);
    const logger = pino({ level: 'silent' });
    base = await h.serve([createChannelRoute(h.kernel.inbound, logger), createChannelOwnRoute(h.kernel.channels, logger, { maxBodyBytes: 1_000 })]);
  }

  it('hands any method and path but inbound to the plugin, query and body included', async () => {
    await serve();
    const hello = await fetch(`${base}/channels/test-chat/hello?name=Ada`);
    expect(hello.status).toBe(200);
    expect(hello.headers.get('content-type')).toBe('text/plain');
    expect(await hello.text()).toBe('hello Ada (GET)');
    const echo = await fetch(`${base}/channels/test-chat/echo`, { method: 'POST', body: '{"a":1}' });
    expect(echo.status).toBe(201);
    expect(echo.headers.get('x-echo')).toBe('yes');
    expect(await echo.json()).toEqual({ a: 1 });
    expect((await fetch(`${base}/channels/test-chat/elsewhere`)).status).toBe(404);
  });

  it('streams server-sent events chunk by chunk until the plugin ends them', async () => {
    await serve();
    const response = await fetch(`${base}/channels/test-chat/stream`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe(': open\n\ndata: tick 1\n\ndata: tick 2\n\ndata: tick 3\n\n');
    expect(fixtureProbe('scripted-bot')?.streamEnded).toBe(true);
  });

  it('answers errors as the webhook route does: unknown channels 404, big bodies 413', async () => {
    await serve();
    const unknown = await fetch(`${base}/channels/nope/hello`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND', error: expect.stringContaining('No plugin contributes channel "nope"') });
    const big = await fetch(`${base}/channels/test-chat/echo`, { method: 'POST', body: 'x'.repeat(2_000) });
    expect(big.status).toBe(413);
    // The webhook path stays the webhook route's: this channel has no parseInbound.
    const inbound = await fetch(`${base}/channels/test-chat/inbound`, { method: 'POST', body: '{}' });
    expect(await inbound.json()).toMatchObject({ code: 'NOT_FOUND', error: expect.stringContaining('has no parseInbound') });
  });
});
