import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, type TestHost } from '@rapport/sdk/testing';
import { PLUGIN, PLUGIN_DIR, SHOP } from './support/chatServer.js';

/**
 * The plugin on the SDK's in-memory test host, as a deployment composes it, without a server:
 * its settings, its sends (no widget is open here, so nothing is DELIVERED) and a bot on chat.
 */
describe('the chat channel on the SDK test host', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  it('sends to a visitor as SENT when no widget is open, and records it; refuses a customer without a chat handle', async () => {
    host = await createTestHost({ plugins: [PLUGIN_DIR], settings: { [PLUGIN]: { allowedOrigins: [SHOP] } } });
    const visitor = await host.customers.create({ handles: [{ channel: 'chat', handle: 'v_test-visitor' }] });
    const sent = await host.send('chat', { customerId: visitor.id, text: 'Hello from support' }, { idempotencyKey: 'k-1' });
    expect(sent).toMatchObject({ externalId: expect.stringMatching(/^out_/), status: 'SENT' });
    // The same key gives the same message, so a retried send shows once in the widget.
    expect((await host.send('chat', { customerId: visitor.id, text: 'Hello from support' }, { idempotencyKey: 'k-1' })).externalId).toBe(sent.externalId);
    const recorded = await host.interactions.list(visitor.id, { channel: 'chat', direction: 'OUTBOUND' });
    expect(recorded.map((i) => i.text)).toEqual(['Hello from support']);

    const emailOnly = await host.customers.create({ emails: ['ada@example.com'] });
    await expect(host.send('chat', { customerId: emailOnly.id, text: 'Hi' })).rejects.toMatchObject({ message: expect.stringContaining('no live-chat visitor') });
  });

  it('fails the plugin with the setting named when an origin is not an origin', async () => {
    host = await createTestHost({ plugins: [PLUGIN_DIR], settings: { [PLUGIN]: { allowedOrigins: ['https://shop.example.com/path'] } }, expectFailures: true });
    const status = await host.activate(PLUGIN).catch(() => host!.plugin(PLUGIN));
    expect(status.state).toBe('FAILED');
    expect(status.error).toContain('allowedOrigins');
  });
});
