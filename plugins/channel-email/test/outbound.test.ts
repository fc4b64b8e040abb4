import { CSAT_QUESTION } from '@rapport/sdk';
import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareId, EMAIL, emailHost, rawEmail, receiveEmail, settingsFor, startSmtpServer, type TestSmtpServer } from './support.js';

describe('sending email over SMTP (a real SMTP server, the real core)', () => {
  let smtp: TestSmtpServer;
  let host: TestHost | undefined;

  beforeEach(async () => {
    smtp = await startSmtpServer();
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await smtp.close();
  });

  it("fills To from the customer's email and name and delivers text and HTML parts", async () => {
    host = await emailHost(smtp);
    const ada = await host.customers.create({ displayName: 'Ada Lovelace', emails: ['ada@example.com'] });
    const result = await host.send('email', { customerId: ada.id, subject: 'Your order', text: 'It ships today.', html: '<p>It ships <b>today</b>.</p>' });

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.envelope).toEqual({ from: 'support@rapport.test', to: ['ada@example.com'] });
    expect(mail!.parsed.to).toMatchObject({ value: [{ name: 'Ada Lovelace', address: 'ada@example.com' }] });
    expect(mail!.parsed.from).toMatchObject({ value: [{ name: 'Acme Support', address: 'support@rapport.test' }] });
    expect(mail!.parsed.subject).toBe('Your order');
    expect(mail!.parsed.text?.trim()).toBe('It ships today.');
    expect(mail!.parsed.html).toBe('<p>It ships <b>today</b>.</p>');
    expect(mail!.raw.toString()).toMatch(/Content-Type: multipart\/alternative/i);
    // The external id is the Message-ID without angle brackets.
    expect(mail!.parsed.messageId).toBe(`<${result.externalId}>`);
    expect(result.externalId).toMatch(/^[0-9a-f]{40}@rapport\.test$/);

    const [sent] = await host.interactions.list(ada.id);
    expect(sent).toMatchObject({ direction: 'OUTBOUND', channel: 'email', externalId: result.externalId, metadata: { subject: 'Your order' } });
  });

  it('gives every message its own Message-ID', async () => {
    host = await emailHost(smtp);
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const results = [];
    for (const text of ['one', 'two', 'three']) results.push(await host.send('email', { customerId: ada.id, text }));
    const ids = smtp.received.map((mail) => bareId(mail.parsed.messageId));
    expect(new Set(ids).size).toBe(3);
    expect(ids).toEqual(results.map((result) => result.externalId));
    // Without a subject and without a thread to reply to, the configured default is used.
    expect(smtp.received[0]!.parsed.subject).toBe('Message from customer support');
  });

  it('threads a reply: In-Reply-To the latest message, References every earlier one, oldest first, "Re:" subject', async () => {
    host = await emailHost(smtp);
    const [question] = await receiveEmail(host, {
      contentType: 'message/rfc822',
      body: rawEmail({ messageId: 'question.1@example.com', subject: 'Blender broken', text: 'It arrived broken.' }),
    });
    // Minutes apart, as in life: the thread's order is the order of occurredAt.
    await host.advance('PT5M');
    const first = await host.send('email', { customerId: question!.customerId, text: 'Sorry! A refund or a replacement?' });
    await host.advance('PT5M');
    const second = await host.send('email', { customerId: question!.customerId, text: 'PS: the replacement ships today.' });

    const [firstMail, secondMail] = smtp.received;
    expect(firstMail!.parsed.inReplyTo).toBe('<question.1@example.com>');
    expect(firstMail!.parsed.references).toBe('<question.1@example.com>');
    expect(firstMail!.parsed.subject).toBe('Re: Blender broken');
    expect(secondMail!.parsed.inReplyTo).toBe(`<${first.externalId}>`);
    expect(secondMail!.parsed.references).toEqual(['<question.1@example.com>', `<${first.externalId}>`]);
    expect(secondMail!.parsed.subject).toBe('Re: Blender broken');

    const interactions = await host.interactions.list(question!.customerId);
    expect(new Set(interactions.map((interaction) => interaction.conversationId))).toEqual(new Set([question!.conversationId]));
    expect(interactions.map((interaction) => interaction.externalId)).toEqual(['question.1@example.com', first.externalId, second.externalId]);
  });

  it('sends once per idempotency key and returns the same external id for a retry', async () => {
    host = await emailHost(smtp);
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const first = await host.send('email', { customerId: ada.id, text: 'Your refund is on its way.' }, { idempotencyKey: 'refund-42' });
    const retry = await host.send('email', { customerId: ada.id, text: 'Your refund is on its way.' }, { idempotencyKey: 'refund-42' });
    const other = await host.send('email', { customerId: ada.id, text: 'Another message.' }, { idempotencyKey: 'refund-43' });

    expect(retry.externalId).toBe(first.externalId);
    expect(other.externalId).not.toBe(first.externalId);
    expect(smtp.received.map((mail) => bareId(mail.parsed.messageId))).toEqual([first.externalId, other.externalId]);
    expect(await host.storage(EMAIL).get(`sent-to:${ada.id}:refund-42`)).toMatchObject({ externalId: first.externalId });
    // Recorded once each (both at the same fake-clock instant, so in no particular order).
    expect((await host.interactions.list(ada.id)).map((interaction) => interaction.externalId).sort()).toEqual([first.externalId, other.externalId].sort());
  });

  it('delivers once when two sends with the same key run at the same time', async () => {
    host = await emailHost(smtp);
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const message = { customerId: ada.id, text: 'Only once, please.' };
    const results = await Promise.all([host.send('email', message, { idempotencyKey: 'race' }), host.send('email', message, { idempotencyKey: 'race' })]);
    expect(results[1].externalId).toBe(results[0].externalId);
    expect(smtp.received).toHaveLength(1);
  });

  it('derives the Message-ID from the key, so a resend after a lost storage write carries the same id', async () => {
    host = await emailHost(smtp);
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const first = await host.send('email', { customerId: ada.id, text: 'Hello' }, { idempotencyKey: 'crash-1' });
    // As if the process had died after the SMTP server accepted the message, before the write.
    await host.storage(EMAIL).delete(`sent-to:${ada.id}:crash-1`);
    const again = await host.send('email', { customerId: ada.id, text: 'Hello' }, { idempotencyKey: 'crash-1' });
    expect(again.externalId).toBe(first.externalId);
    expect(smtp.received.map((mail) => mail.parsed.messageId)).toEqual([`<${first.externalId}>`, `<${first.externalId}>`]);
  });

  it('refuses a customer without an email address with a ValidationError, and sends nothing', async () => {
    host = await emailHost(smtp);
    const caller = await host.customers.create({ displayName: 'Phone only', phones: ['+31612345678'] });
    const error = await host.send('email', { customerId: caller.id, text: 'Hello' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', name: 'ValidationError' });
    expect((error as Error).message).toMatch(new RegExp(`Customer "${caller.id}" has no email address`));
    expect(smtp.received).toHaveLength(0);
    expect(await host.interactions.list(caller.id)).toEqual([]);
  });

  it('reports a message the SMTP server refuses as a failed delivery, records nothing, and sends on a retry', async () => {
    host = await emailHost(smtp);
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    smtp.refuse(true);
    const error = await host.send('email', { customerId: ada.id, text: 'Hello' }, { idempotencyKey: 'flaky' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED' });
    expect((error as Error).message).toMatch(/SMTP server 127\.0\.0\.1:\d+ did not accept the message.*451/);
    expect(await host.interactions.list(ada.id)).toEqual([]);
    expect(await host.storage(EMAIL).get(`sent-to:${ada.id}:flaky`)).toBeUndefined();

    smtp.refuse(false);
    const result = await host.send('email', { customerId: ada.id, text: 'Hello' }, { idempotencyKey: 'flaky' });
    expect(smtp.received.map((mail) => bareId(mail.parsed.messageId))).toEqual([result.externalId]);
  });

  it('remembers which Message-ID asked a survey question', async () => {
    host = await emailHost(smtp);
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const result = await host.send('email', { customerId: ada.id, subject: 'How did we do?', text: 'Reply with 1 to 5.', metadata: { survey: CSAT_QUESTION } });
    expect(await host.storage(EMAIL).get(`survey:${result.externalId}`)).toEqual({ metric: 'csat', min: 1, max: 5 });
  });

  it('refuses a malformed metadata.survey before sending anything', async () => {
    host = await emailHost(smtp);
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const error = await host.send('email', { customerId: ada.id, text: 'Rate us', metadata: { survey: 'csat' } }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((error as Error).message).toMatch(/metadata\.survey must be a survey question/);
    expect(smtp.received).toHaveLength(0);
  });
});

describe('SMTP authentication', () => {
  let smtp: TestSmtpServer;
  let host: TestHost | undefined;

  beforeEach(async () => {
    smtp = await startSmtpServer({ auth: { user: 'rapport', pass: 's3cret' } });
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await smtp.close();
  });

  it('logs in with the configured credentials', async () => {
    host = await emailHost(smtp, { settings: settingsFor(smtp, { smtp: { host: '127.0.0.1', port: smtp.port, auth: { user: 'rapport', pass: 's3cret' } } }) });
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    await host.send('email', { customerId: ada.id, text: 'Hello' });
    expect(smtp.received).toHaveLength(1);
  });

  it('fails the delivery with wrong credentials, without putting the password in the error', async () => {
    host = await emailHost(smtp, { settings: settingsFor(smtp, { smtp: { host: '127.0.0.1', port: smtp.port, auth: { user: 'rapport', pass: 'wrong-pass' } } }) });
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const error = await host.send('email', { customerId: ada.id, text: 'Hello' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED' });
    expect((error as Error).message).toMatch(/Invalid username or password/);
    expect((error as Error).message).not.toContain('wrong-pass');
    expect(smtp.received).toHaveLength(0);
  });
});
