import { isSurveyQuestion, ValidationError, type KeyValueStorage, type OutboundMessage, type SendOptions, type SendResult } from '@rapport/sdk';
import type { SendMailOptions } from 'nodemailer';
import { composeEmail } from './composeEmail.js';
import { messageIdForKey, randomMessageId } from './messageIds.js';
import { LEGACY_SENT_PREFIX, sentKey } from './sentRecords.js';
import type { EmailSettings } from './settings.js';
import { subjectFor } from './subject.js';
import type { SurveyMemory } from './surveyMemory.js';

/** The part of a nodemailer transporter the sender uses (an SMTP transport in production). */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<{ response?: string }>;
}

/** What the plugin keeps per customer and idempotency key (see sentRecords.ts) once a message was accepted. */
export interface SentRecord {
  externalId: string;
  subject: string;
  /** When the server accepted it, so old keys can be told apart. */
  sentAt: string;
  [key: string]: string;
}

/** What {@link EmailSender} works with. */
export interface EmailSenderOptions {
  settings: EmailSettings;
  transport: MailTransport;
  storage: KeyValueStorage;
  surveys: SurveyMemory;
  /** The subject of the conversation's latest email, for a reply sent without a subject. */
  threadSubject(message: OutboundMessage): Promise<string | undefined>;
}

/**
 * Sends outbound messages over SMTP, at most once per idempotency key.
 *
 * A key is remembered in storage (`sent-to:<customer>:<key>` → the external id) once the server
 * accepted the message; a retry with the same key returns the remembered id without sending. The Message-ID is
 * derived from the key, so if the process dies between the server's acceptance and that write, the
 * retry sends a second copy with the same Message-ID, which mail clients show once. Two calls with
 * the same key at the same time in this process share one delivery.
 */
export class EmailSender {
  private readonly inFlight = new Map<string, Promise<SendResult>>();

  constructor(private readonly options: EmailSenderOptions) {}

  /** Delivers `message` (the `ChannelProvider.send` of the email channel). */
  send(message: OutboundMessage, { idempotencyKey }: SendOptions = {}): Promise<SendResult> {
    if (!idempotencyKey) return this.deliver(message, randomMessageId(this.options.settings.messageIdDomain));
    const running = this.inFlight.get(idempotencyKey);
    if (running) return running;
    const sending = this.sendOnce(message, idempotencyKey).finally(() => this.inFlight.delete(idempotencyKey));
    this.inFlight.set(idempotencyKey, sending);
    return sending;
  }

  private async sendOnce(message: OutboundMessage, idempotencyKey: string): Promise<SendResult> {
    const key = sentKey(message.customerId, idempotencyKey);
    const { storage } = this.options;
    const sent = (await storage.get<SentRecord>(key)) ?? (await storage.get<SentRecord>(`${LEGACY_SENT_PREFIX}${idempotencyKey}`));
    // Accepted by the server the first time; a bounce may have moved it on since, but the core
    // never moves a status back, so SENT is always true to report here.
    if (sent) return { externalId: sent.externalId, status: 'SENT', metadata: { subject: sent.subject } };
    const result = await this.deliver(message, messageIdForKey(idempotencyKey, this.options.settings.messageIdDomain));
    await storage.set(key, { externalId: result.externalId, subject: String(result.metadata?.subject ?? ''), sentAt: new Date().toISOString() });
    return result;
  }

  private async deliver(message: OutboundMessage, messageId: string): Promise<SendResult> {
    const { settings, transport, surveys } = this.options;
    const survey = message.metadata?.survey;
    if (survey !== undefined && !isSurveyQuestion(survey)) {
      throw new ValidationError(
        `metadata.survey must be a survey question { metric, min, max } such as CSAT_QUESTION from @rapport/sdk ({ "metric": "csat", "min": 1, "max": 5 }); got ${JSON.stringify(survey)}.`,
        'metadata.survey',
      );
    }
    const isReply = (message.references?.length ?? 0) > 0;
    const subject = subjectFor(message.subject, isReply && !message.subject?.trim() ? await this.options.threadSubject(message) : undefined, settings.defaultSubject);
    const mail = composeEmail(message, settings, { messageId, subject });
    // Remembered before sending: a reply can come back within seconds, and a note about a message
    // that then failed to send is harmless (nobody can reply to it).
    if (survey !== undefined) await surveys.remember(messageId, survey);
    let info: { response?: string };
    try {
      info = await transport.sendMail(mail);
    } catch (error) {
      throw new Error(`The SMTP server ${settings.smtp.host}:${settings.smtp.port} did not accept the message: ${(error as Error).message}`, { cause: error });
    }
    // The SMTP server's accept is all email ever confirms: there are no delivery or read receipts
    // to wait for, only a bounce that may come back later (see bounces.ts).
    return { externalId: messageId, status: 'SENT', metadata: { subject, ...(info.response && { smtpResponse: info.response }) } };
  }
}
