/**
 * `@rapport/plugin-channel-meta`: the `whatsapp` and `messenger` channels over Meta's Graph API.
 * Sends through the Cloud API and the Send API; receives messages and delivery receipts at
 * `GET`/`POST /channels/whatsapp/inbound` and `/channels/messenger/inbound`, signed with the app
 * secret.
 *
 * @packageDocumentation
 */
import { sendOnce } from '@rapport/lib-provider-http';
import { PendingSurveys } from '@rapport/lib-survey-replies';
import { isSurveyQuestion, type ChannelProvider, type InboundMessage, type InboundRequest, type InboundResult, type OutboundMessage, type PluginContext, type SendResult } from '@rapport/sdk';
import { CUSTOMER_DATA_ID, metaCustomerData } from './customerData.js';
import { readMessengerPayload } from './messengerInbound.js';
import { sendMessenger } from './messengerSender.js';
import { readSettings, type MetaSettings } from './settings.js';
import { answerHandshake, readSignedPayload, RECEIVED, type MetaChannel, type WebhookPayload } from './webhook.js';
import { readWhatsAppPayload } from './whatsappInbound.js';
import { sendWhatsApp } from './whatsappSender.js';

export { whatsappContent, type MessageContent } from './whatsappContent.js';
export { messengerContent } from './messengerContent.js';
export { whatsappRequest } from './whatsappSender.js';
export { messagingTypeFor } from './messengerSender.js';
export type { MetaSettings, RetrySettings } from './settings.js';

/** The channel ids, as declared in `contributes.channels`. */
export const CHANNELS = { whatsapp: 'whatsapp', messenger: 'messenger' } as const;

/** How many of a customer's latest Messenger messages a read receipt is matched against. */
const READ_RECEIPT_LOOKBACK = 200;

/** Message kinds whose text the customer typed or picked, and so may answer a survey (not a reaction, a location or media). */
const ANSWER_KINDS = new Set(['text', 'button', 'button_reply', 'list_reply', 'postback']);

/** Registers both channels, and the export and erasure of the send records. */
export async function activate(ctx: PluginContext): Promise<void> {
  const settings = readSettings(ctx.settings);
  const surveys = new PendingSurveys(ctx.storage);
  ctx.subscriptions.push(
    ctx.channels.registerChannel(CHANNELS.whatsapp, channel(ctx, settings, surveys, 'whatsapp', (message) => sendWhatsApp(settings, message), (payload) => readWhatsAppPayload(payload))),
    ctx.channels.registerChannel(
      CHANNELS.messenger,
      channel(ctx, settings, surveys, 'messenger', (message) => sendMessenger(settings, message), (payload) =>
        readMessengerPayload(payload, { pageId: settings.pageId, outboundUpTo: (psid, watermark) => outboundUpTo(ctx, psid, watermark) }),
      ),
    ),
    ctx.privacy.registerCustomerData(CUSTOMER_DATA_ID, metaCustomerData(ctx.storage, surveys)),
  );
}

type Reader = (payload: WebhookPayload) => Pick<InboundResult, 'messages' | 'receipts'> | Promise<Pick<InboundResult, 'messages' | 'receipts'>>;

/**
 * One channel: sends once per idempotency key; webhooks verified (handshake, signature) before
 * anything is read. A chat has no reply threading, so a survey sent to a customer is remembered
 * by their address, and their next message with a number on its scale is the answer.
 */
function channel(ctx: PluginContext, settings: MetaSettings, surveys: PendingSurveys, id: MetaChannel, deliver: (message: OutboundMessage) => Promise<SendResult>, read: Reader): ChannelProvider {
  return {
    async send(message, { idempotencyKey }) {
      const sent = await sendOnce(ctx.storage, message.customerId, idempotencyKey, () => deliver(withDates(message)));
      const survey = message.metadata?.survey;
      if (isSurveyQuestion(survey) && message.to) await surveys.asked(id, message.to, { messageId: sent.externalId, question: survey });
      return sent;
    },
    async parseInbound(request: InboundRequest): Promise<InboundResult> {
      if (request.method.toUpperCase() === 'GET') return { response: answerHandshake(request, settings.verifyToken) };
      const signed = readSignedPayload(request, settings.appSecret, id);
      if ('refused' in signed) {
        ctx.logger.warn({ channel: id }, 'refused a webhook call with a missing or invalid X-Hub-Signature-256');
        return { response: signed.refused };
      }
      const { messages = [], receipts = [] } = await read(signed.payload);
      // One after another: of two answers in one payload, only the first answers the survey.
      const recorded: InboundMessage[] = [];
      for (const message of messages) recorded.push(await answerSurvey(surveys, id, message));
      return { messages: recorded, receipts, response: RECEIVED };
    },
  };
}

/** The message as a `survey_response` when it answers a survey sent to its sender on this channel. */
function answerSurvey(surveys: PendingSurveys, id: MetaChannel, message: InboundMessage): Promise<InboundMessage> | InboundMessage {
  const address = message.from.phone ?? message.from.handle;
  return address && ANSWER_KINDS.has(String(message.metadata.kind)) ? surveys.answer(id, address, message) : message;
}

/** `lastInboundAt` as a Date whatever the caller passed (a workflow's message may carry a string). */
function withDates(message: OutboundMessage): OutboundMessage {
  const last = message.lastInboundAt as Date | string | undefined;
  return last === undefined || last instanceof Date ? message : { ...message, lastInboundAt: new Date(last) };
}

/** The external ids of the OUTBOUND Messenger messages to the customer with `psid`, sent by `watermark`. */
async function outboundUpTo(ctx: PluginContext, psid: string, watermark: Date): Promise<string[]> {
  const [customer] = await ctx.customers.find({ handle: { channel: CHANNELS.messenger, handle: psid }, limit: 1 });
  if (!customer) return [];
  const sent = await ctx.interactions.list(customer.id, { channel: CHANNELS.messenger, direction: 'OUTBOUND', newestFirst: true, limit: READ_RECEIPT_LOOKBACK });
  return sent.filter((interaction) => interaction.externalId && interaction.occurredAt.getTime() <= watermark.getTime()).map((interaction) => interaction.externalId!);
}
