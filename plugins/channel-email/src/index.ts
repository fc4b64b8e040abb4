/**
 * `@rapport/plugin-channel-email`: the `email` channel. Sends over SMTP with threading headers and
 * idempotency, and receives raw RFC 5322 messages at `POST /channels/email/inbound` from callers
 * that present the `inboundSecret` setting.
 *
 * @packageDocumentation
 */
import { sharedSecretRefusal, verifySharedSecret, type OutboundMessage, type PluginContext } from '@rapport/sdk';
import { CUSTOMER_DATA_ID, emailCustomerData } from './customerData.js';
import { EmailSender } from './emailSender.js';
import { readInbound } from './inbound.js';
import { readSettings } from './settings.js';
import { createSmtpTransport } from './smtpTransport.js';
import { SurveyMemory } from './surveyMemory.js';

export { htmlToText } from './htmlToText.js';
export { parseEmail, type ParsedEmail } from './parseEmail.js';
export { normalizeMessageId, parseMessageIds } from './messageIds.js';
export type { AttachmentInfo } from './attachments.js';
export type { EmailSettings, SmtpSettings } from './settings.js';

/** The channel id, as declared in `contributes.channels`. */
export const CHANNEL_ID = 'email';

/** How many of the customer's recent emails are searched for the subject of a reply's thread. */
const THREAD_SUBJECT_LOOKBACK = 50;

/** Registers the `email` channel, and the export and erasure of what it keeps about customers. */
export async function activate(ctx: PluginContext): Promise<void> {
  const settings = readSettings(ctx.settings);
  const transport = createSmtpTransport(settings.smtp);
  ctx.subscriptions.push({ dispose: () => transport.close() });
  const surveys = new SurveyMemory(ctx.storage);
  const sender = new EmailSender({
    settings,
    transport,
    storage: ctx.storage,
    surveys,
    threadSubject: (message) => threadSubject(ctx, message),
  });
  ctx.subscriptions.push(
    ctx.channels.registerChannel(CHANNEL_ID, {
      send: (message, options) => sender.send(message, options),
      // Checked before the body is even parsed: a caller without the secret learns nothing and costs little.
      parseInbound: async (request) => (verifySharedSecret(request, settings.inboundSecret) ? readInbound(request, { surveys, logger: ctx.logger, linkSignaturePhones: settings.linkSignaturePhones }) : { response: sharedSecretRefusal(CHANNEL_ID) }),
    }),
    // What the plugin keeps about a customer (sent records, survey notes), for exportCustomer and eraseCustomer.
    ctx.privacy.registerCustomerData(
      CUSTOMER_DATA_ID,
      emailCustomerData({ storage: ctx.storage, interactions: ctx.interactions, messageIdDomain: settings.messageIdDomain, channelId: CHANNEL_ID }),
    ),
  );
}

/**
 * The subject of the latest email of the message's conversation that has one, so a reply sent
 * without a subject goes out as `Re: <subject>` (Gmail, for one, threads by subject as well).
 * A failed lookup costs the reply its subject, not its delivery.
 */
async function threadSubject(ctx: PluginContext, message: OutboundMessage): Promise<string | undefined> {
  if (!message.conversationId) return undefined;
  try {
    const recent = await ctx.interactions.list(message.customerId, { channel: CHANNEL_ID, newestFirst: true, limit: THREAD_SUBJECT_LOOKBACK });
    return recent.find((interaction) => interaction.conversationId === message.conversationId && interaction.subject?.trim())?.subject ?? undefined;
  } catch (error) {
    ctx.logger.warn({ err: { message: (error as Error).message }, conversationId: message.conversationId }, 'could not look up the thread subject');
    return undefined;
  }
}
