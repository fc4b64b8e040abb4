import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CSAT_QUESTION, NPS_QUESTION } from '@rapport/sdk';
import { FakeClock, type TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailHost, rawEmail, receiveEmail, startSmtpServer, type TestSmtpServer } from './support.js';

const MESSAGES = fileURLToPath(new URL('./messages/', import.meta.url));
const RFC822 = 'message/rfc822';

describe('receiving email through the core (POST /channels/email/inbound)', () => {
  let smtp: TestSmtpServer;
  let host: TestHost;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    host = await emailHost(smtp, { clock: new FakeClock('2026-03-02T09:00:00Z') });
  });

  afterEach(async () => {
    await host.stop();
    await smtp.close();
  });

  async function emailInteractions() {
    return host.interactions.find({ channel: 'email' });
  }

  it('creates the customer from the sender and records the message with its metadata', async () => {
    const body = readFileSync(`${MESSAGES}05-nested-multipart.eml`);
    const [interaction] = await receiveEmail(host, { body, contentType: RFC822 });

    const [customer] = await host.customers.find({ email: 'ada@example.com' });
    expect(customer).toMatchObject({ displayName: 'Ada Lovelace', emails: ['ada@example.com'] });
    expect(interaction).toMatchObject({
      customerId: customer!.id,
      channel: 'email',
      direction: 'INBOUND',
      type: 'message',
      subject: 'Broken blender (photo and receipt attached)',
      text: 'Hello,\n\nthe blender arrived broken, see the photo.\n\nReceipt attached.\n\nAda',
      externalId: 'nested.0005@example.com',
      occurredAt: new Date('2026-03-07T14:30:00Z'),
      metadata: {
        messageId: 'nested.0005@example.com',
        references: [],
        to: ['support@rapport.test'],
        cc: [],
        textFromHtml: false,
        attachments: [
          expect.objectContaining({ filename: 'photo.png', contentType: 'image/png', size: 70, contentId: 'photo-1@example.com', inline: true }),
          expect.objectContaining({ filename: 'receipt.pdf', contentType: 'application/pdf', size: 77, inline: false }),
        ],
      },
    });
  });

  it('records every message of the folder', async () => {
    const files = ['01-quoted-printable-utf8.eml', '02-base64-utf8.eml', '03-iso-8859-1-8bit-lf.eml', '04-windows-1252-qp.eml', '07-html-only.eml', '09-mbox-from-line.eml', '11-no-message-id.eml'];
    for (const file of files) await receiveEmail(host, { body: readFileSync(`${MESSAGES}${file}`), contentType: RFC822 });
    const recorded = await emailInteractions();
    expect(recorded).toHaveLength(files.length);
    const byId = new Map(recorded.map((interaction) => [interaction.externalId, interaction]));
    expect(byId.get('cp1252.qp.0004@example.ie')?.text).toContain('I was charged €19.99 twice');
    expect(byId.get('html-only.0007@example.net')).toMatchObject({ metadata: { textFromHtml: true } });
    const [renee] = await host.customers.find({ email: 'renee.mueller@example.fr' });
    expect(renee?.displayName).toBe('Renée Müller');
  });

  it('stores a message posted twice once', async () => {
    const body = rawEmail({ messageId: 'twice.1@example.com', text: 'Hello?' });
    const [first] = await receiveEmail(host, { body, contentType: RFC822 });
    const [second] = await receiveEmail(host, { body, contentType: RFC822 });
    expect(second!.id).toBe(first!.id);
    expect(await emailInteractions()).toHaveLength(1);
  });

  it('stores a message without a Message-ID once as well, by the hash of its bytes', async () => {
    const body = readFileSync(`${MESSAGES}11-no-message-id.eml`);
    await receiveEmail(host, { body, contentType: RFC822 });
    await receiveEmail(host, { body, contentType: RFC822 });
    const recorded = await emailInteractions();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.externalId).toMatch(/@no-message-id\.invalid$/);
  });

  it('joins the conversation of the message a reply refers to, not the most recent one', async () => {
    // Two conversations: the second message comes after the conversation window (3 days), so it
    // opens a new one; a reply to the first message then belongs to the first conversation.
    const [order] = await receiveEmail(host, {
      contentType: RFC822,
      body: rawEmail({ messageId: 'order.1@example.com', subject: 'Order late', date: new Date('2026-03-02T09:00:00Z'), text: 'Where is my order?' }),
    });
    const [invoice] = await receiveEmail(host, {
      contentType: RFC822,
      body: rawEmail({ messageId: 'invoice.1@example.com', subject: 'Invoice', date: new Date('2026-03-09T09:00:00Z'), text: 'The invoice is wrong.' }),
    });
    expect(invoice!.conversationId).not.toBe(order!.conversationId);

    const [reply] = await receiveEmail(host, {
      contentType: RFC822,
      body: rawEmail({
        messageId: 'order.2@example.com',
        subject: 'Re: Order late',
        date: new Date('2026-03-09T10:00:00Z'),
        inReplyTo: 'order.1@example.com',
        references: ['order.1@example.com'],
        text: 'Any news?',
      }),
    });
    expect(reply!.conversationId).toBe(order!.conversationId);
    expect(reply!.metadata).toMatchObject({ inReplyTo: 'order.1@example.com', references: ['order.1@example.com'] });
  });

  it('joins the conversation of a message we sent when the customer replies to it', async () => {
    const ada = await host.customers.create({ displayName: 'Ada', emails: ['ada@example.com'] });
    const sent = await host.send('email', { customerId: ada.id, subject: 'Your order', text: 'It ships today.' });
    const [outbound] = await host.interactions.list(ada.id);
    // Past the conversation window: without the reference the reply would open a new conversation.
    await host.advance('P4D');
    const [reply] = await receiveEmail(host, {
      contentType: RFC822,
      body: rawEmail({ messageId: 'thanks.1@example.com', subject: 'Re: Your order', date: new Date('2026-03-06T10:00:00Z'), inReplyTo: sent.externalId, references: [sent.externalId], text: 'Thanks!' }),
    });
    expect(reply!.conversationId).toBe(outbound!.conversationId);
    expect(reply!.type).toBe('message');
  });

  it('reads a reply to a survey question as a survey_response with the answer', async () => {
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const survey = await host.send('email', { customerId: ada.id, subject: 'How did we do?', text: 'Reply with a number from 1 to 5.', metadata: { survey: CSAT_QUESTION } });
    const [answer] = await receiveEmail(host, {
      contentType: RFC822,
      body: rawEmail({
        messageId: 'answer.1@example.com',
        subject: 'Re: How did we do?',
        inReplyTo: survey.externalId,
        references: [survey.externalId],
        text: `4\n\nOn Mon, 2 Mar 2026, Acme Support <support@rapport.test> wrote:\n> Reply with a number from 1 to 5.`,
      }),
    });
    expect(answer).toMatchObject({ type: 'survey_response', metadata: { csat: 4, survey: { metric: 'csat', messageId: survey.externalId } } });
    const [sent] = await host.interactions.list(ada.id, { direction: 'OUTBOUND' });
    expect(answer!.conversationId).toBe(sent!.conversationId);
  });

  it('keeps a reply to a survey that holds no answer on the scale an ordinary message', async () => {
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const survey = await host.send('email', { customerId: ada.id, text: 'From 1 to 5?', metadata: { survey: CSAT_QUESTION } });
    const replies = ['Thanks, but I have another question.', '7'];
    for (const [index, text] of replies.entries()) {
      const [reply] = await receiveEmail(host, {
        contentType: RFC822,
        body: rawEmail({ messageId: `no-answer.${index}@example.com`, inReplyTo: survey.externalId, text }),
      });
      expect(reply!.type).toBe('message');
      expect(reply!.metadata).not.toHaveProperty('csat');
    }
  });

  it('reads an NPS answer from an HTML-only reply, skipping the quoted question', async () => {
    const ada = await host.customers.create({ emails: ['ada@example.com'] });
    const survey = await host.send('email', { customerId: ada.id, text: 'How likely are you to recommend us, 0 to 10?', metadata: { survey: NPS_QUESTION } });
    const html = `<div>9 &ndash; great service</div><blockquote>On Monday you wrote:<br>How likely are you to recommend us, 0 to 10?</blockquote>`;
    const body = [
      'From: Ada <ada@example.com>',
      'To: support@rapport.test',
      'Subject: Re: survey',
      'Message-ID: <nps.1@example.com>',
      `In-Reply-To: <${survey.externalId}>`,
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
    ].join('\r\n');
    const [answer] = await receiveEmail(host, { body, contentType: RFC822 });
    expect(answer).toMatchObject({ type: 'survey_response', text: expect.stringMatching(/^9 – great service/), metadata: { nps: 9, textFromHtml: true } });
  });

  describe('refusals: 400 and nothing written', () => {
    async function refusal(request: { body: string | Uint8Array; contentType?: string }): Promise<Error & { code?: string }> {
      const before = await emailInteractions();
      const customersBefore = await host.graphql<{ customers: { totalCount: number } }>('{ customers { totalCount } }');
      const error = await receiveEmail(host, request).then(
        () => undefined,
        (thrown: unknown) => thrown as Error & { code?: string },
      );
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', name: 'ValidationError' });
      expect(await emailInteractions()).toEqual(before);
      expect(await host.graphql('{ customers { totalCount } }')).toEqual(customersBefore);
      return error!;
    }

    it('refuses another content type and says to send message/rfc822', async () => {
      const error = await refusal({ body: rawEmail({ messageId: 'json.1@example.com', text: 'hi' }), contentType: 'application/json' });
      expect(error.message).toMatch(/takes the raw message as message\/rfc822, but the request has Content-Type application\/json/);
    });

    it('refuses garbage', async () => {
      const error = await refusal({ body: new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x0a]), contentType: RFC822 });
      expect(error.message).toMatch(/not an email message/);
    });

    it('refuses JSON sent as message/rfc822', async () => {
      const error = await refusal({ body: JSON.stringify({ from: 'ada@example.com', text: 'hi' }), contentType: RFC822 });
      expect(error.message).toMatch(/is JSON, not an email message/);
    });

    it('refuses a message without a sender', async () => {
      const error = await refusal({ body: 'Subject: who am I\r\nMessage-ID: <nosender@example.com>\r\n\r\nhello', contentType: RFC822 });
      expect(error.message).toMatch(/has no From address/);
    });
  });
});
