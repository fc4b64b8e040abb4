import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import { parseEmail } from '../src/parseEmail.js';
import { withoutNul } from '../src/withoutNul.js';
import { emailHost, receiveEmail, startSmtpServer, type TestSmtpServer } from './support.js';

const NUL = '\u0000';

/** A raw message, CRLF line endings, from header lines and a body. */
function raw(headers: string[], body: string): Buffer {
  return Buffer.from([...headers, '', body, ''].join('\r\n'), 'utf8');
}

/** Every string anywhere in a value, for "no NUL left anywhere". */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object' && !(value instanceof Date)) return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
  return [];
}

describe('NUL characters in inbound email', () => {
  it('are removed from the raw text, the headers and the sender', async () => {
    const email = await parseEmail(
      raw(
        [`From: Ada${NUL} Lovelace <ada${NUL}@example.com>`, `To: support${NUL}@rapport.test`, `Subject: Order${NUL} 17`, `Message-ID: <id${NUL}.1@example.com>`, `In-Reply-To: <earlier${NUL}@rapport.test>`],
        `Where${NUL} is my parcel?`,
      ),
    );
    expect(email).toMatchObject({
      from: { email: 'ada@example.com', name: 'Ada Lovelace' },
      to: ['support@rapport.test'],
      subject: 'Order 17',
      messageId: 'id.1@example.com',
      inReplyTo: 'earlier@rapport.test',
      references: ['earlier@rapport.test'],
      text: 'Where is my parcel?',
    });
    expect(strings(email).filter((value) => value.includes(NUL))).toEqual([]);
  });

  it('are removed from base64 and quoted-printable parts, encoded words and attachment names', async () => {
    const email = await parseEmail(
      raw(
        [
          'From: grace@example.com',
          `Subject: =?utf-8?B?${Buffer.from(`Refund${NUL} please`).toString('base64')}?=`,
          'Message-ID: <parts@example.com>',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="b"',
        ],
        [
          '--b',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from(`It never${NUL}${NUL} came.`).toString('base64'),
          '--b',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          'Second=00 part',
          '--b',
          `Content-Type: application/octet-stream; name="a${NUL}.bin"`,
          'Content-Disposition: attachment; filename="=?utf-8?Q?zeros=00.bin?="',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.alloc(8).toString('base64'),
          '--b--',
        ].join('\r\n'),
      ),
    );
    expect(email.subject).toBe('Refund please');
    expect(email.text).toContain('It never came.');
    expect(strings(email).filter((value) => value.includes(NUL))).toEqual([]);
    // The attachment keeps its size and checksum: only what is shown as text loses its NULs.
    expect(email.attachments.at(-1)).toMatchObject({ size: 8 });
  });

  it('still refuses binary data whose header section is not text', async () => {
    const binary = Buffer.concat([Buffer.from('From: a@b.c\r\n'), Buffer.from([0, 0xff, 0xfe, 0, 1, 2]), Buffer.from('\r\n\r\nbody')]);
    await expect(parseEmail(binary)).rejects.toThrow(/binary data/);
    const utf16 = Buffer.from('From: ada@example.com\r\nSubject: hi\r\n\r\nbody', 'utf16le');
    await expect(parseEmail(utf16)).rejects.toThrow(/binary data|does not start with a header/);
  });

  it('withoutNul leaves dates, numbers and other values as they are', () => {
    const date = new Date('2026-03-02T09:00:00Z');
    expect(withoutNul({ [`k${NUL}`]: [`a${NUL}b`, 3, null, true, date] })).toEqual({ k: ['ab', 3, null, true, date] });
  });
});

describe('an inbound email with NULs, received by the channel', () => {
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

  it('is recorded, without them', async () => {
    const [interaction] = await receiveEmail(host, {
      body: raw([`From: Ada <ada${NUL}@example.com>`, `Subject: Help${NUL}`, `Message-ID: <recorded${NUL}@example.com>`], `Hello${NUL} there`),
      contentType: 'message/rfc822',
    });
    expect(interaction).toMatchObject({ externalId: 'recorded@example.com', subject: 'Help', text: 'Hello there' });
    const [customer] = await host.customers.find({ email: 'ada@example.com' });
    expect(customer?.id).toBe(interaction!.customerId);
  });
});
