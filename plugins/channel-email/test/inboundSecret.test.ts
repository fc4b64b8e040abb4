import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRapport, type RapportProcess, type TestHost } from '@rapport/sdk/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMAIL, emailHost, INBOUND_SECRET, PLUGIN_DIR, rawEmail, settingsFor, startSmtpServer, type TestSmtpServer } from './support.js';

const RFC822 = 'message/rfc822';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

describe('who may post email (inboundSecret)', () => {
  let smtp: TestSmtpServer;
  let host: TestHost;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    host = await emailHost(smtp);
  });

  afterEach(async () => {
    await host.stop();
    await smtp.close();
  });

  const post = (messageId: string, authorization?: string) =>
    host.webhook('email', {
      body: rawEmail({ messageId, text: 'Hello' }),
      contentType: RFC822,
      headers: authorization === undefined ? {} : { authorization },
    });

  const refusals: [string, string | undefined][] = [
    ['no Authorization header', undefined],
    ['a wrong Bearer secret', 'Bearer wrong-secret-0123456789'],
    ['the secret with one character missing', `Bearer ${INBOUND_SECRET.slice(0, -1)}`],
    ['the secret as the Basic user name instead of the password', basic(INBOUND_SECRET, 'x')],
    ['a wrong Basic password', basic('rapport', 'wrong-secret-0123456789')],
    ['the secret under another scheme', `Token ${INBOUND_SECRET}`],
  ];

  it.each(refusals)('answers 401 to %s and writes nothing', async (_, authorization) => {
    const answer = await post('refused.1@example.com', authorization);
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="rapport-email", Basic realm="rapport-email"');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'UNAUTHENTICATED', error: expect.stringMatching(/inboundSecret/) });
    expect(answer.interactions).toEqual([]);
    expect(await host.interactions.find({ channel: 'email' })).toEqual([]);
    expect(await host.customers.find({ email: 'ada@example.com' })).toEqual([]);
  });

  it('records the message for the right secret as a Bearer token', async () => {
    const answer = await post('bearer.1@example.com', `Bearer ${INBOUND_SECRET}`);
    expect(answer.status).toBe(200);
    expect(answer.interactions).toEqual([expect.objectContaining({ externalId: 'bearer.1@example.com', channel: 'email' })]);
  });

  it('records the message for the right secret as the password of HTTP Basic, whatever the user name', async () => {
    for (const [index, user] of ['rapport', 'mailgun', ''].entries()) {
      const answer = await post(`basic.${index}@example.com`, basic(user, INBOUND_SECRET));
      expect(answer.status).toBe(200);
      expect(answer.interactions).toEqual([expect.objectContaining({ externalId: `basic.${index}@example.com` })]);
    }
    expect(await host.interactions.find({ channel: 'email' })).toHaveLength(3);
  });
});

describe('who may post email, over real HTTP to rapport start', () => {
  let smtp: TestSmtpServer;
  let server: RapportProcess;
  let dir: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    dir = mkdtempSync(path.join(tmpdir(), 'rapport-email-secret-'));
    const configFile = path.join(dir, 'rapport.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        server: { host: '127.0.0.1', port: 0 },
        database: { url: `sqlite:${path.join(dir, 'rapport.db')}` },
        plugins: [PLUGIN_DIR],
        pluginSettings: { [EMAIL]: settingsFor(smtp) },
      }),
    );
    server = await startRapport(configFile);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = (messageId: string, authorization?: string) =>
    fetch(`${server.url}/channels/email/inbound`, {
      method: 'POST',
      headers: { 'content-type': RFC822, ...(authorization && { authorization }) },
      body: rawEmail({ messageId, text: 'Hello over HTTP' }),
    });

  it('answers 401 without the secret or with a wrong one, and stores nothing', async () => {
    for (const authorization of [undefined, 'Bearer wrong-secret-0123456789', basic('rapport', 'wrong-secret-0123456789')]) {
      const response = await post('http-refused.1@example.com', authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="rapport-email", Basic realm="rapport-email"$/);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const { customers } = await server.graphql<{ customers: { totalCount: number } }>('{ customers { totalCount } }');
    expect(customers.totalCount).toBe(0);
  });

  it('records the message with the right secret, as a Bearer token and as HTTP Basic', async () => {
    const bearer = await post('http-bearer.1@example.com', `Bearer ${INBOUND_SECRET}`);
    expect(bearer.status).toBe(200);
    expect(await bearer.json()).toMatchObject({ received: 1 });
    const viaBasic = await post('http-basic.1@example.com', basic('relay', INBOUND_SECRET));
    expect(viaBasic.status).toBe(200);
    expect(await viaBasic.json()).toMatchObject({ received: 1 });
  });
});
