import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOUNCED_KEYS, EMAIL, emailHost, postEmail, startSmtpServer, type TestSmtpServer } from './support.js';

const BOUNCES = fileURLToPath(new URL('./bounces/', import.meta.url));

interface DeliveryView {
  status: string;
  error: string | null;
  updatedAt: string;
}

interface EmailView {
  externalId: string;
  direction: string;
  delivery: DeliveryView | null;
}

describe('delivery status of email (a real SMTP server, the real core)', () => {
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

  /** A customer made through the API: its GraphQL id, and the id the host's send takes. */
  async function customer(email: string): Promise<{ id: string; gid: string }> {
    const created = await host.graphql<{ createCustomer: { id: string } }>('mutation ($email: String!) { createCustomer(input: { emails: [$email] }) { id } }', { email });
    expect(created.errors).toBeUndefined();
    const [found] = await host.customers.find({ email });
    return { id: found!.id, gid: created.data!.createCustomer.id };
  }

  /** The customer's emails as API clients see them, delivery included. */
  async function emailsOf(gid: string): Promise<EmailView[]> {
    const result = await host.graphql<{ customer: { interactions: { edges: { node: EmailView }[] } } }>(
      'query ($id: ID!) { customer(id: $id) { interactions(channel: "email") { edges { node { externalId direction delivery { status error updatedAt } } } } } }',
      { id: gid },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.customer.interactions.edges.map((edge) => edge.node);
  }

  async function customerCount(): Promise<number> {
    return (await host.graphql<{ customers: { totalCount: number } }>('{ customers { totalCount } }')).data!.customers.totalCount;
  }

  function bounce(file: string): Buffer {
    return readFileSync(`${BOUNCES}${file}`);
  }

  it('is SENT once the SMTP server accepted the message, and a resend under the same key keeps it SENT', async () => {
    const ada = await customer('ada@example.com');
    const first = await host.send('email', { customerId: ada.id, text: 'Your refund is on its way.' }, { idempotencyKey: 'refund-7' });
    const again = await host.send('email', { customerId: ada.id, text: 'Your refund is on its way.' }, { idempotencyKey: 'refund-7' });

    expect(first.status).toBe('SENT');
    expect(again).toMatchObject({ externalId: first.externalId, status: 'SENT' });
    expect(smtp.received).toHaveLength(1);
    expect(await emailsOf(ada.gid)).toEqual([{ externalId: first.externalId, direction: 'OUTBOUND', delivery: { status: 'SENT', error: null, updatedAt: expect.any(String) } }]);
  });

  const failures = [
    { kind: 'a Postfix DSN', file: '01-postfix-dsn.eml', key: BOUNCED_KEYS.postfix, error: '5.1.1 smtp; 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table' },
    { kind: 'an Exchange DSN with text/rfc822-headers', file: '02-exchange-dsn-rfc822-headers.eml', key: BOUNCED_KEYS.exchange, error: '5.1.10 smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' },
    { kind: 'a non-standard MAILER-DAEMON bounce', file: '03-exim-mailer-daemon.eml', key: BOUNCED_KEYS.exim, error: '550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown' },
    { kind: 'a Gmail DSN naming the original in In-Reply-To', file: '05-gmail-dsn-in-reply-to.eml', key: BOUNCED_KEYS.gmail, error: expect.stringMatching(/^5\.1\.1 smtp; 550-5\.1\.1 The email account that you tried to reach does not exist\./) },
  ];

  for (const { kind, file, key, error } of failures) {
    it(`turns the message ${kind} returns FAILED with the diagnostic, and records no message`, async () => {
      const ada = await customer('ada@example.com');
      const sent = await host.send('email', { customerId: ada.id, subject: 'Your order', text: 'It ships today.' }, { idempotencyKey: key });
      const customersBefore = await customerCount();

      const answer = await postEmail(host, bounce(file));

      expect(answer.status).toBe(200);
      expect(answer.interactions).toEqual([]);
      expect(await emailsOf(ada.gid)).toEqual([{ externalId: sent.externalId, direction: 'OUTBOUND', delivery: { status: 'FAILED', error, updatedAt: expect.any(String) } }]);
      // Nothing recorded for the mailer daemon: no message, no customer.
      expect(await host.interactions.find({ channel: 'email' })).toHaveLength(1);
      expect(await customerCount()).toBe(customersBefore);
      expect(host.events('interaction.delivery_changed')).toEqual([
        expect.objectContaining({ customerId: ada.id, channel: 'email', status: 'FAILED', previousStatus: 'SENT' }),
      ]);
    });
  }

  it('changes nothing for a delayed DSN (Action: delayed, 4.x.x)', async () => {
    const ada = await customer('ada@example.com');
    const sent = await host.send('email', { customerId: ada.id, text: 'See you Thursday.' }, { idempotencyKey: BOUNCED_KEYS.delayed });

    const answer = await postEmail(host, bounce('04-postfix-delayed-dsn.eml'));

    expect(answer.status).toBe(200);
    expect(answer.interactions).toEqual([]);
    expect(await emailsOf(ada.gid)).toEqual([{ externalId: sent.externalId, direction: 'OUTBOUND', delivery: expect.objectContaining({ status: 'SENT', error: null }) }]);
    expect(await host.interactions.find({ channel: 'email' })).toHaveLength(1);
    expect(host.events('interaction.delivery_changed')).toEqual([]);
  });

  it('records nothing for a bounce about a Message-ID it never sent, and answers 200', async () => {
    const answer = await postEmail(host, bounce('01-postfix-dsn.eml'));

    expect(answer.status).toBe(200);
    expect(answer.interactions).toEqual([]);
    expect(await host.interactions.find({ channel: 'email' })).toEqual([]);
    expect(await customerCount()).toBe(0);
    expect(host.events('interaction.delivery_changed')).toEqual([]);
  });

  it('applies a bounce that arrives before its message is recorded once the message is', async () => {
    expect((await postEmail(host, bounce('01-postfix-dsn.eml'))).status).toBe(200);
    const ada = await customer('ada@example.com');
    const sent = await host.send('email', { customerId: ada.id, text: 'It ships today.' }, { idempotencyKey: BOUNCED_KEYS.postfix });

    expect(await emailsOf(ada.gid)).toEqual([{ externalId: sent.externalId, direction: 'OUTBOUND', delivery: expect.objectContaining({ status: 'FAILED', error: expect.stringMatching(/^5\.1\.1 smtp; 550 5\.1\.1/) }) }]);
  });

  it('logs a bounce whose original cannot be found at info, records nothing, and answers 200', async () => {
    const answer = await postEmail(host, bounce('06-mailer-daemon-without-original.eml'));

    expect(answer.status).toBe(200);
    expect(await host.interactions.find({ channel: 'email' })).toEqual([]);
    expect(await customerCount()).toBe(0);
    const logged = host.logs().filter((line) => line.plugin === EMAIL && /bounce without the Message-ID of the message it returns/.test(line.msg));
    expect(logged).toEqual([expect.objectContaining({ level: 30, bounceMessageId: '1772443800.31415.qmail@relay.example.com', error: 'Sorry, no mailbox here by that name. (#5.1.1)' })]);
  });

  it('takes a bounce posted twice once', async () => {
    const ada = await customer('ada@example.com');
    const sent = await host.send('email', { customerId: ada.id, text: 'It ships today.' }, { idempotencyKey: BOUNCED_KEYS.postfix });

    const answers = [await postEmail(host, bounce('01-postfix-dsn.eml')), await postEmail(host, bounce('01-postfix-dsn.eml'))];

    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(await emailsOf(ada.gid)).toEqual([{ externalId: sent.externalId, direction: 'OUTBOUND', delivery: expect.objectContaining({ status: 'FAILED' }) }]);
    expect(host.events('interaction.delivery_changed')).toHaveLength(1);
  });

  it('takes a bounce only from a caller with the inbound secret', async () => {
    const ada = await customer('ada@example.com');
    await host.send('email', { customerId: ada.id, text: 'It ships today.' }, { idempotencyKey: BOUNCED_KEYS.postfix });

    const answer = await host.webhook('email', { contentType: 'message/rfc822', body: bounce('01-postfix-dsn.eml') });

    expect(answer.status).toBe(401);
    expect((await emailsOf(ada.gid))[0]?.delivery).toMatchObject({ status: 'SENT' });
  });
});
