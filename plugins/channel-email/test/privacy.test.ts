import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSAT_QUESTION } from '@rapport/sdk';
import type { TestHost } from '@rapport/sdk/testing';
import { messageIdForKey } from '../src/messageIds.js';
import { EMAIL, emailHost, rawEmail, receiveEmail, startSmtpServer, type TestSmtpServer } from './support.js';

describe('the email channel in privacy requests', () => {
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

  /** Ada wrote in; the team answered twice, once with a survey; Bob got an email too. */
  async function conversationWithAda(test: TestHost) {
    const [question] = await receiveEmail(test, { body: rawEmail({ subject: 'Blender broken', messageId: 'question.1@example.com', text: 'It stopped.' }), contentType: 'message/rfc822' });
    const customerId = question!.customerId;
    const reply = await test.send('email', { customerId, subject: 'About your blender', text: 'A replacement ships today.' }, { idempotencyKey: 'replacement-7' });
    const survey = await test.send('email', { customerId, subject: 'How did we do?', text: 'Reply with 1 to 5.', metadata: { survey: CSAT_QUESTION } });
    const bob = await test.customers.create({ emails: ['bob@example.com'] });
    await test.send('email', { customerId: bob.id, subject: 'Your invoice', text: 'Attached.' }, { idempotencyKey: 'invoice-1' });
    return { customerId, bobId: bob.id, reply, survey };
  }

  it('exports the subjects it sent to the customer and the survey questions it asked them', async () => {
    host = await emailHost(smtp);
    const { customerId, reply, survey } = await conversationWithAda(host);

    const document = await host.exportCustomer(customerId);

    const { sent, surveys } = document.plugins[EMAIL]!['sent-emails'] as { sent: unknown[]; surveys: unknown[] };
    // The core passes every send an idempotency key, so both are on record; Bob's is not.
    expect(sent).toHaveLength(2);
    expect(sent).toEqual(
      expect.arrayContaining([
        { messageId: reply.externalId, subject: 'About your blender', sentAt: expect.any(String) },
        { messageId: survey.externalId, subject: 'How did we do?', sentAt: expect.any(String) },
      ]),
    );
    expect(surveys).toEqual([{ messageId: survey.externalId, question: { metric: 'csat', min: 1, max: 5 } }]);
  });

  it('erases them, and keeps what it keeps about other customers', async () => {
    host = await emailHost(smtp);
    const { customerId, bobId, survey } = await conversationWithAda(host);
    // A record 1.x wrote, under the idempotency key alone, for a message to Ada.
    const legacyKey = 'legacy-9';
    const legacyMessageId = messageIdForKey(legacyKey, 'rapport.test');
    await host.storage(EMAIL).set(`sent:${legacyKey}`, { externalId: legacyMessageId, subject: 'Old subject about the blender', sentAt: '2025-01-01T00:00:00.000Z' });
    await host.interactions.record({ customerId, channel: 'email', direction: 'OUTBOUND', type: 'message', text: 'Old reply', externalId: legacyMessageId });
    const before = (await host.exportCustomer(customerId)).plugins[EMAIL]!['sent-emails'] as { sent: { subject: string }[] };
    expect(before.sent.map((record) => record.subject).sort()).toEqual(['About your blender', 'How did we do?', 'Old subject about the blender']);

    await host.eraseCustomer(customerId);

    const storage = host.storage(EMAIL);
    expect(await storage.keys()).toEqual([`sent-to:${bobId}:invoice-1`]);
    expect(await storage.get(`survey:${survey.externalId}`)).toBeUndefined();
    expect(await storage.get(`sent-to:${customerId}:replacement-7`)).toBeUndefined();
    expect(await host.customers.get(customerId)).toBeUndefined();
    await expect(host.exportCustomer(customerId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
