import { describe, expect, it } from 'vitest';
import { CONTEXT_PERMISSIONS, computeHmac } from '@rapport/sdk';
import { useFixtureHosts } from '../plugin-host/fixtures.js';

const start = useFixtureHosts();

describe('the test host follows the permission table', () => {
  it('offers every data member the table lists, as the core (unchecked) and as one plugin (checked)', async () => {
    const host = await start(['di-tiers-ts']);
    const asPlugin = host.as('@fixtures/di-tiers');
    for (const namespace of ['customers', 'interactions', 'conversations'] as const) {
      for (const member of Object.keys(CONTEXT_PERMISSIONS[namespace]!)) {
        expect(typeof (host[namespace] as unknown as Record<string, unknown>)[member], `host.${namespace}.${member}`).toBe('function');
        expect(typeof (asPlugin[namespace] as unknown as Record<string, unknown>)[member], `as().${namespace}.${member}`).toBe('function');
      }
    }
  });

  it('lets a test do, as a plugin, only what that plugin\'s manifest permits', async () => {
    const host = await start(['di-tiers-ts']);
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const plugin = host.as('@fixtures/di-tiers');
    expect((await plugin.customers.get(ada.id))?.emails).toEqual(['ada@example.com']);
    await expect(plugin.customers.create({ emails: ['bob@example.com'] })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining('needs the "customers:write" permission to call customers.create()'),
    });
    await expect(plugin.storage.set('k', 1)).rejects.toMatchObject({ code: 'PERMISSION_DENIED', permission: 'storage' });
    expect(await host.customers.find({ email: 'bob@example.com' })).toEqual([]);
    expect(() => host.as('@fixtures/nobody')).toThrow(/No plugin named "@fixtures\/nobody" is configured/);
  });

  it("answers a webhook as the HTTP route would: the channel's own response, or the error's status", async () => {
    const host = await start(['signed-webhook-js']);
    const handshake = await host.webhook('signed', { method: 'GET', url: '/channels/signed/inbound?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42', body: '' });
    expect(handshake).toMatchObject({ status: 200, body: '42', interactions: [] });
    const body = JSON.stringify({ id: 'm-1', from: 'u-1', text: 'Hi' });
    const forged = await host.webhook('signed', { body, headers: { 'x-signature-256': 'sha256=00' } });
    expect(forged).toMatchObject({ status: 403, body: 'Bad signature.', interactions: [] });
    const signed = await host.webhook('signed', { body, headers: { 'x-signature-256': `sha256=${computeHmac('sha256', 'app-secret', body, 'hex')}` } });
    expect(signed).toMatchObject({ status: 200, headers: { 'content-type': 'text/xml' }, body: '<Response/>' });
    expect(signed.interactions.map((i) => i.externalId)).toEqual(['m-1']);
    const unknown = await host.webhook('fax', { body: '' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
