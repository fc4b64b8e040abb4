import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannelRoute } from '../../src/channels/inboundRoute.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

/** The real email channel plugin of the repository, as a deployment would configure it. */
const EMAIL_PLUGIN = path.relative(FIXTURES, path.resolve(FIXTURES, '../../../../plugins/channel-email'));
const INBOUND_SECRET = 'nul-test-inbound-secret-0123456789';
const SETTINGS = {
  '@rapport/plugin-channel-email': {
    from: 'support@rapport.test',
    inboundSecret: INBOUND_SECRET,
    // Never reached: these tests only receive.
    smtp: { host: '127.0.0.1', port: 9, timeoutMs: 1000 },
  },
};

/** A raw RFC 5322 message, CRLF line endings, with NULs wherever the test puts them. */
function rawEmail(lines: string[], body: string): Buffer {
  return Buffer.from([...lines, 'MIME-Version: 1.0', '', body, ''].join('\r\n'), 'utf8');
}

describe.each(TEST_DATABASES)('inbound email with NUL characters, over HTTP, on %s', (kind) => {
  let h: KernelHarness;
  let url: string;
  afterEach(() => h?.close());

  async function start() {
    h = await createKernelHarness(kind, [EMAIL_PLUGIN], { settings: SETTINGS });
    url = await h.serve([createChannelRoute(h.kernel.inbound, h.kernel.logger)]);
  }

  const post = async (body: Buffer) => {
    const response = await fetch(`${url}/channels/email/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${INBOUND_SECRET}` },
      body: new Uint8Array(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('records a message with NULs in its raw text, its subject and its sender, without them', async () => {
    await start();
    const answer = await post(
      rawEmail(
        ['From: Ada\u0000 Lovelace <ada\u0000@example.com>', 'To: support@rapport.test', 'Subject: Order\u0000 17', 'Message-ID: <raw.nul\u0000.1@example.com>', 'Content-Type: text/plain; charset=utf-8'],
        'Where\u0000 is my parcel?\u0000',
      ),
    );
    expect(answer).toMatchObject({ status: 200, body: { received: 1 } });
    const [customer] = await h.kernel.customers.find({ email: 'ada@example.com' });
    expect(customer).toMatchObject({ displayName: 'Ada Lovelace', emails: ['ada@example.com'] });
    const [stored] = await h.kernel.interactions.list(customer!.id);
    expect(stored).toMatchObject({ channel: 'email', subject: 'Order 17', text: 'Where is my parcel?', externalId: 'raw.nul.1@example.com' });
    expect(JSON.stringify(stored!.metadata)).not.toContain('\\u0000');
  });

  it('records a message whose base64 part and encoded-word subject decode to NULs', async () => {
    await start();
    const encodedSubject = `=?utf-8?B?${Buffer.from('Refund\u0000 please', 'utf8').toString('base64')}?=`;
    const answer = await post(
      rawEmail(
        [
          'From: "Grace Hopper" <grace@example.com>',
          'To: support@rapport.test',
          `Subject: ${encodedSubject}`,
          'Message-ID: <base64.nul.1@example.com>',
          'Content-Type: multipart/mixed; boundary="part"',
        ],
        [
          '--part',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from('My order\u0000\u0000 never came.', 'utf8').toString('base64'),
          '--part',
          'Content-Type: application/octet-stream',
          'Content-Disposition: attachment; filename="zeros\u0000.bin"',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.alloc(16).toString('base64'),
          '--part--',
        ].join('\r\n'),
      ),
    );
    expect(answer).toMatchObject({ status: 200, body: { received: 1 } });
    const [customer] = await h.kernel.customers.find({ email: 'grace@example.com' });
    const [stored] = await h.kernel.interactions.list(customer!.id);
    expect(stored).toMatchObject({ subject: 'Refund please', text: 'My order never came.' });
    expect(stored!.metadata.attachments).toEqual([expect.objectContaining({ filename: 'zeros.bin', size: 16 })]);
  });

  it('recognizes the same message with NULs delivered again, and stores it once', async () => {
    await start();
    const message = rawEmail(['From: ada@example.com', 'Subject: Again\u0000', 'Message-ID: <again\u0000@example.com>'], 'Twice\u0000');
    const first = await post(message);
    const second = await post(message);
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    expect(await h.count('interactions')).toBe(1);
  });
});
