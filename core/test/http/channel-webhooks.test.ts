import { afterEach, describe, expect, it } from 'vitest';
import { computeHmac } from '@rapport/sdk';
import { createChannelRoute, type ChannelRouteOptions } from '../../src/channels/inboundRoute.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

/** What a provider's webhook needs from the channels' route: handshakes, raw bodies, its own answers, the public URL. */
describe.each(TEST_DATABASES)('a provider webhook on %s', (kind) => {
  let h: KernelHarness;
  let url: string;
  afterEach(() => h.close());

  async function start(options: Partial<ChannelRouteOptions> = {}) {
    h = await createKernelHarness(kind, ['signed-webhook-js']);
    url = await h.serve([createChannelRoute(h.kernel.inbound, h.kernel.logger, options)]);
  }

  const body = JSON.stringify({ id: 'wamid.1', from: 'page-user-7', text: 'Hello there' });
  const signed = (payload: string, secret = 'app-secret') => `sha256=${computeHmac('sha256', secret, payload, 'hex')}`;
  const post = (payload: string, headers: Record<string, string>) =>
    fetch(`${url}/channels/signed/inbound?x=1`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });

  it('answers the verification handshake with the challenge, and refuses a wrong token', async () => {
    await start();
    const ok = await fetch(`${url}/channels/signed/inbound?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await ok.text()).toBe('1158201444');
    const refused = await fetch(`${url}/channels/signed/inbound?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`);
    expect(refused.status).toBe(403);
    expect(await h.count('interactions')).toBe(0);
  });

  it('records a message signed over its raw body and answers as the channel says; a bad signature is 403 and writes nothing', async () => {
    await start();
    const forged = await post(body, { 'x-signature-256': signed(body, 'not-the-secret') });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toBe('Bad signature.');
    // The same JSON re-serialized with other whitespace is not what was signed.
    const reformatted = await post(JSON.stringify(JSON.parse(body), null, 2), { 'x-signature-256': signed(body) });
    expect(reformatted.status).toBe(403);
    expect(await h.count('interactions')).toBe(0);
    expect(await h.count('customers')).toBe(0);

    const accepted = await post(body, { 'x-signature-256': signed(body) });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('content-type')).toBe('text/xml');
    expect(await accepted.text()).toBe('<Response/>');
    const [interaction] = await h.kernel.interactions.find({ channel: 'signed' });
    expect(interaction).toMatchObject({ externalId: 'wamid.1', direction: 'INBOUND', text: 'Hello there' });
  });

  it('gives the channel the URL the provider called: from the proxy headers, or from server.publicUrl', async () => {
    await start();
    await post(body, { 'x-signature-256': signed(body), 'x-forwarded-proto': 'https', 'x-forwarded-host': 'crm.example.com' });
    const [viaProxy] = await h.kernel.interactions.find({ channel: 'signed' });
    expect(viaProxy!.metadata.calledUrl).toBe('https://crm.example.com/channels/signed/inbound?x=1');
    await h.close();

    await start({ publicUrl: 'https://support.example.org/rapport' });
    await post(body, { 'x-signature-256': signed(body), 'x-forwarded-host': 'ignored.example.com' });
    const [configured] = await h.kernel.interactions.find({ channel: 'signed' });
    expect(configured!.metadata.calledUrl).toBe('https://support.example.org/rapport/channels/signed/inbound?x=1');
  });

  it('refuses a body over channels.maxBodyBytes with 413 before the channel sees it', async () => {
    await start({ maxBodyBytes: 64 });
    const response = await post(JSON.stringify({ id: 'big', from: 'x', text: 'y'.repeat(200) }), { 'x-signature-256': 'sha256=00' });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toContain('channels.maxBodyBytes');
    expect(h.kernel.host.status('@fixtures/signed-webhook').state).toBe('INSTALLED');
  });
});
