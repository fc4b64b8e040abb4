/**
 * `@rapport/plugin-channel-twilio`: the `sms` and `phone` channels through Twilio. Incoming SMS
 * and MMS, delivery receipts and call callbacks arrive at `POST /channels/sms/inbound` and
 * `POST /channels/phone/inbound`, signed with the account's Auth Token; outbound SMS go through
 * Twilio's Messages API, once per idempotency key.
 *
 * @packageDocumentation
 */
import { sendOnce } from '@rapport/lib-provider-http';
import { PendingSurveys } from '@rapport/lib-survey-replies';
import { isSurveyQuestion, ValidationError, type InboundMessage, type InboundRequest, type InboundResult, type OutboundMessage, type PluginContext, type SendOptions, type SendResult } from '@rapport/sdk';
import { readCallWebhook } from './callWebhook.js';
import { CUSTOMER_DATA_ID, smsCustomerData } from './customerData.js';
import { deliveryStatusOf } from './messageStatus.js';
import { RecentCalls } from './recentCalls.js';
import { readSettings, type TwilioSettings } from './settings.js';
import { readSignedForm } from './signature.js';
import { readSmsWebhook } from './smsWebhook.js';
import { signatureRefusal } from './twiml.js';
import { TwilioApi } from './twilioApi.js';

export { CALL_MISSED_EVENT, type CallUpdate } from './callRecord.js';
export { deliveryStatusOf, describeTwilioError } from './messageStatus.js';
export { twilioSignature, verifyTwilioSignature } from './signature.js';
export { EMPTY_TWIML } from './twiml.js';
export type { TwilioSettings } from './settings.js';

/** The SMS channel's id, as declared in `contributes.channels`. */
export const SMS_CHANNEL = 'sms';
/** The phone channel's id, as declared in `contributes.channels`. */
export const PHONE_CHANNEL = 'phone';

/** Registers the `sms` and `phone` channels, and the export and erasure of the send records. */
export async function activate(ctx: PluginContext): Promise<void> {
  const settings = readSettings(ctx);
  const api = new TwilioApi(settings);
  const recentCalls = new RecentCalls();
  const surveys = new PendingSurveys(ctx.storage);
  ctx.subscriptions.push(
    ctx.channels.registerChannel(SMS_CHANNEL, {
      send: async (message, options) => {
        const sent = await sendSms(ctx, api, settings, message, options);
        // A text has no thread: the next reply from this number with a number on the scale is the answer.
        const survey = message.metadata?.survey;
        if (isSurveyQuestion(survey)) await surveys.asked(SMS_CHANNEL, message.to!, { messageId: sent.externalId, question: survey });
        return sent;
      },
      parseInbound: (request) => signed(request, settings, SMS_CHANNEL, async (form) => answerSurveys(surveys, readSmsWebhook(form))),
    }),
    ctx.channels.registerChannel(PHONE_CHANNEL, {
      send: async (message) => {
        throw new ValidationError(
          `The phone channel does not place calls: calls are recorded from Twilio's callbacks. Send a text to customer "${message.customerId}" on the "${SMS_CHANNEL}" channel instead.`,
          'channel',
        );
      },
      parseInbound: (request) => signed(request, settings, PHONE_CHANNEL, (form) => readCallWebhook(form, (callSid) => api.fetchCall(callSid), recentCalls)),
    }),
    ctx.privacy.registerCustomerData(CUSTOMER_DATA_ID, smsCustomerData(ctx.storage, surveys)),
  );
}

/** Checks the signature before anything else is read: a forged request learns nothing and stores nothing. */
async function signed(request: InboundRequest, settings: TwilioSettings, channelId: string, read: (form: URLSearchParams) => Promise<InboundResult>): Promise<InboundResult> {
  const form = readSignedForm(request, settings);
  return form ? read(form) : { response: signatureRefusal(channelId, settings.publicUrl) };
}

/** Incoming SMS that answer a survey sent to their number, as `survey_response`s. */
async function answerSurveys(surveys: PendingSurveys, result: InboundResult): Promise<InboundResult> {
  if (!result.messages?.length) return result;
  const messages: InboundMessage[] = [];
  // One after another: a question is answered once, by the first message that answers it.
  for (const message of result.messages) messages.push(message.from.phone ? await surveys.answer(SMS_CHANNEL, message.from.phone, message) : message);
  return { ...result, messages };
}

/**
 * An outbound SMS: `POST …/Messages.json`, with the status callback pointed back at this plugin.
 * The whole send is inside `sendOnce`, so a retry with the same idempotency key returns the first
 * message's sid without calling Twilio again.
 */
async function sendSms(ctx: PluginContext, api: TwilioApi, settings: TwilioSettings, message: OutboundMessage, { idempotencyKey }: SendOptions): Promise<SendResult> {
  if (!message.to) {
    throw new ValidationError(`Customer "${message.customerId}" has no phone number, so no SMS can be sent. Add one in E.164 form (e.g. +14155550100) to the customer, or reply on another channel.`, 'to');
  }
  if (!message.text?.trim()) throw new ValidationError('An SMS needs a text: give text with at least one character that is not a space.', 'text');
  return sendOnce(ctx.storage, message.customerId, idempotencyKey, async () => {
    const created = await api.createMessage({
      To: message.to!,
      ...(settings.from ? { From: settings.from } : { MessagingServiceSid: settings.messagingServiceSid! }),
      Body: message.text,
      StatusCallback: `${settings.publicUrl}/channels/${SMS_CHANNEL}/inbound`,
    });
    return { externalId: created.sid, status: deliveryStatusOf(created.status) ?? 'QUEUED' };
  });
}
