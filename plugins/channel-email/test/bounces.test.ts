import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBounce } from '../src/bounces.js';
import { messageIdForKey } from '../src/messageIds.js';
import { readMessage } from '../src/parseEmail.js';
import { BOUNCED_KEYS, rawEmail } from './support.js';

const BOUNCES = fileURLToPath(new URL('./bounces/', import.meta.url));

const idOf = (key: string) => messageIdForKey(key, 'rapport.test');

async function bounceIn(file: string) {
  return readBounce((await readMessage(readFileSync(`${BOUNCES}${file}`))).mail);
}

async function bounceOf(raw: string) {
  return readBounce((await readMessage(Buffer.from(raw))).mail);
}

describe('recognising bounces (readBounce)', () => {
  it('reads a Postfix DSN: Status and Diagnostic-Code as the error, the original from its message/rfc822 part', async () => {
    expect(await bounceIn('01-postfix-dsn.eml')).toEqual({
      format: 'dsn',
      failed: true,
      originalMessageId: idOf(BOUNCED_KEYS.postfix),
      error: '5.1.1 smtp; 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
      actions: ['failed'],
      occurredAt: new Date('2026-03-02T09:01:12Z'),
    });
  });

  it('reads an Exchange DSN whose original comes back as text/rfc822-headers, with a folded Message-ID', async () => {
    expect(await bounceIn('02-exchange-dsn-rfc822-headers.eml')).toMatchObject({
      format: 'dsn',
      failed: true,
      originalMessageId: idOf(BOUNCED_KEYS.exchange),
      error: '5.1.10 smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    });
  });

  it("reads a non-standard MAILER-DAEMON bounce: the quoted headers' Message-ID, the server's reply as the error", async () => {
    const bounce = await bounceIn('03-exim-mailer-daemon.eml');
    expect(bounce).toMatchObject({
      format: 'non-standard',
      failed: true,
      // Not the In-Reply-To of the quoted message, which names the customer's question.
      originalMessageId: idOf(BOUNCED_KEYS.exim),
      error: '550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown',
    });
  });

  it('reads a delayed DSN as no failure, with the message it is about', async () => {
    expect(await bounceIn('04-postfix-delayed-dsn.eml')).toMatchObject({ format: 'dsn', failed: false, actions: ['delayed'], originalMessageId: idOf(BOUNCED_KEYS.delayed) });
    expect((await bounceIn('04-postfix-delayed-dsn.eml'))?.error).toBeUndefined();
  });

  it('falls back to In-Reply-To for a DSN that returns neither the message nor its headers (Gmail)', async () => {
    const bounce = await bounceIn('05-gmail-dsn-in-reply-to.eml');
    expect(bounce).toMatchObject({ format: 'dsn', failed: true, originalMessageId: idOf(BOUNCED_KEYS.gmail) });
    expect(bounce?.error).toMatch(/^5\.1\.1 smtp; 550-5\.1\.1 The email account that you tried to reach does not exist\. .* gsmtp$/);
  });

  it('reads a failure whose original cannot be found as a failure without an original', async () => {
    const bounce = await bounceIn('06-mailer-daemon-without-original.eml');
    expect(bounce).toEqual({ format: 'non-standard', failed: true, error: 'Sorry, no mailbox here by that name. (#5.1.1)', actions: [], occurredAt: new Date('2026-03-02T09:30:00Z') });
  });

  it('names every failed recipient of a DSN that reports several', async () => {
    const dsn = [
      'From: MAILER-DAEMON@mail.rapport.test',
      'Subject: Undelivered Mail Returned to Sender',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Two recipients failed.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mail.rapport.test',
      '',
      'Final-Recipient: rfc822; a@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '',
      'Final-Recipient: rfc822; b@example.com',
      'Action: delivered',
      'Status: 2.0.0',
      '',
      'Final-Recipient: rfc822; c@example.com',
      'Action: failed',
      'Status: 5.2.2',
      'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full',
      '',
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      'Message-ID: <several@rapport.test>',
      '',
      '--b--',
      '',
    ].join('\r\n');
    expect(await bounceOf(dsn)).toMatchObject({
      failed: true,
      originalMessageId: 'several@rapport.test',
      error: 'a@example.com: 5.1.1; c@example.com: 5.2.2 smtp; 552 5.2.2 Mailbox full',
      actions: ['failed', 'delivered', 'failed'],
    });
  });

  it('takes a DSN reporting only successful delivery for no failure', async () => {
    const dsn = [
      'From: postmaster@example.com',
      'Subject: Delivered: Your order',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; a@example.com',
      'Action: delivered',
      'Status: 2.0.0',
      '',
      '--b--',
      '',
    ].join('\r\n');
    expect(await bounceOf(dsn)).toMatchObject({ format: 'dsn', failed: false, actions: ['delivered'] });
  });

  it('takes a MAILER-DAEMON delay warning for no failure', async () => {
    const warning = rawEmail({
      from: 'Mail Delivery System <Mailer-Daemon@example.org>',
      subject: 'Warning: message 1vXa2b-000Abc-1Z delayed 24 hours',
      text: 'This message was created automatically by mail delivery software.\n\nA message that you sent has not yet been delivered to one or more of its recipients after more than 24 hours on the queue.\n\nNo action is required on your part. Delivery attempts will continue for some time.\n\nMessage-ID: <late@rapport.test>',
    });
    expect(await bounceOf(warning)).toMatchObject({ format: 'non-standard', failed: false, originalMessageId: 'late@rapport.test' });
  });

  it('leaves customers\' email alone, even when it quotes a bounce or mentions delivery', async () => {
    const customer = rawEmail({ subject: 'Fwd: Undelivered Mail Returned to Sender', text: 'Your email bounced, see below.\n\n> Message-ID: <c48dd@rapport.test>' });
    expect(await bounceOf(customer)).toBeUndefined();
    expect(await bounceOf(rawEmail({ subject: 'Delivery failed?', text: 'My parcel was not delivered.' }))).toBeUndefined();
    expect(await bounceOf(rawEmail({ text: 'Hello' }))).toBeUndefined();
  });

  it('takes a delivery-status part for a report only in a multipart/report or in mail a machine sent', async () => {
    const withStatusPart = (headers: string[]) =>
      [
        ...headers,
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'My email to my sister bounced, is that your fault? The report is attached.',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; sister@example.com',
        'Action: failed',
        'Status: 5.1.1',
        '',
        '--b--',
        '',
      ].join('\r\n');
    const customer = withStatusPart(['From: Ada <ada@example.com>', 'Subject: Bounce?', 'In-Reply-To: <ours.1@rapport.test>']);
    expect(await bounceOf(customer)).toBeUndefined();
    const wrappedByAServer = withStatusPart(['From: Mail System <mail@relay.example.com>', 'Subject: Report', 'Auto-Submitted: auto-replied', 'In-Reply-To: <ours.1@rapport.test>']);
    expect(await bounceOf(wrappedByAServer)).toMatchObject({ format: 'dsn', failed: true, originalMessageId: 'ours.1@rapport.test', error: '5.1.1' });
  });
});

describe('bounces by subject alone', () => {
  it('are bounces only when a machine sent them (Auto-Submitted, or the null sender)', async () => {
    const bounce = (headers: string) => `${headers}From: Mail System <mail@relay.example.com>\r\nSubject: Undeliverable: Your order\r\nMessage-ID: <ndr.1@relay.example.com>\r\n\r\nDelivery has failed.\r\n\r\nMessage-ID: <order.1@rapport.test>\r\n`;
    expect(await bounceOf(bounce('Auto-Submitted: auto-generated\r\n'))).toMatchObject({ failed: true, originalMessageId: 'order.1@rapport.test' });
    expect(await bounceOf(bounce('Return-Path: <>\r\n'))).toMatchObject({ failed: true, originalMessageId: 'order.1@rapport.test' });
    expect(await bounceOf(bounce('Return-Path: <mail@relay.example.com>\r\nAuto-Submitted: no\r\n'))).toBeUndefined();
  });
});
