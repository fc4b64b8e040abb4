import { ValidationError, type DeliveryReceipt, type InboundMessage, type InboundResult } from '@rapport/sdk';
import { deliveryStatusOf, describeTwilioError, KNOWN_MESSAGE_STATUSES } from './messageStatus.js';
import { emptyTwiml } from './twiml.js';

/** One MMS attachment: where Twilio keeps it. It is never fetched (that needs the account's credentials, and costs a request per view). */
export interface MediaAttachment {
  url: string;
  contentType: string;
}

/** Statuses of a message the customer sent us; anything else in `MessageStatus` is about one we sent. */
const INBOUND_STATUSES = new Set(['received', 'receiving']);

/** Twilio sends at most 10 media per message. */
const MAX_MEDIA = 10;

/**
 * A signed request to `POST /channels/sms/inbound`: an incoming SMS or MMS (recorded as a
 * `message`), or the status callback of one we sent (a delivery receipt). Both are answered with
 * empty TwiML, so Twilio sends no reply of its own.
 *
 * @throws ValidationError for a request that is neither: no `MessageSid`, no sender, or a status
 *   that is not Twilio's. The route answers 400 and stores nothing.
 */
export function readSmsWebhook(form: URLSearchParams): InboundResult {
  const messageSid = form.get('MessageSid')?.trim();
  if (!messageSid) {
    throw new ValidationError(
      'This request to /channels/sms/inbound has no MessageSid, so it is neither an incoming message nor a status callback. Point only the messaging webhook and the status callbacks of your Twilio number or Messaging Service here; voice callbacks go to /channels/phone/inbound.',
      'MessageSid',
    );
  }
  const status = form.get('MessageStatus')?.trim().toLowerCase();
  if (status && !INBOUND_STATUSES.has(status)) return { receipts: [receiptOf(messageSid, status, form)], response: emptyTwiml() };
  return { messages: [messageOf(messageSid, form)], response: emptyTwiml() };
}

function receiptOf(messageSid: string, status: string, form: URLSearchParams): DeliveryReceipt {
  const delivery = deliveryStatusOf(status);
  if (!delivery) {
    throw new ValidationError(
      `MessageStatus "${form.get('MessageStatus')}" of message ${messageSid} is not one of Twilio's message statuses (${KNOWN_MESSAGE_STATUSES.join(', ')}).`,
      'MessageStatus',
    );
  }
  const error = delivery === 'FAILED' ? describeTwilioError(form.get('ErrorCode'), form.get('ErrorMessage')) : undefined;
  return { externalId: messageSid, status: delivery, ...(error && { error }) };
}

function messageOf(messageSid: string, form: URLSearchParams): InboundMessage {
  const from = form.get('From')?.trim();
  if (!from) throw new ValidationError(`Incoming message ${messageSid} has no From number; Twilio always sends one, so this request did not come from a messaging webhook.`, 'From');
  const attachments = mediaOf(form);
  const body = form.get('Body') ?? '';
  return {
    externalId: messageSid,
    type: 'message',
    from: { phone: from },
    text: body.trim() ? body : describeMedia(attachments),
    metadata: {
      ...(form.get('To') && { to: form.get('To') }),
      ...(attachments.length > 0 && { attachments }),
    },
  };
}

function mediaOf(form: URLSearchParams): MediaAttachment[] {
  const count = Math.min(MAX_MEDIA, Number.parseInt(form.get('NumMedia') ?? '0', 10) || 0);
  const media: MediaAttachment[] = [];
  for (let index = 0; index < count; index += 1) {
    const url = form.get(`MediaUrl${index}`);
    if (url) media.push({ url, contentType: form.get(`MediaContentType${index}`) ?? 'application/octet-stream' });
  }
  return media;
}

/** A text for a message that is only media, e.g. `[2 images, 1 video]`, so lists and searches show something. */
export function describeMedia(attachments: readonly MediaAttachment[]): string {
  if (attachments.length === 0) return '';
  const counts = new Map<string, number>();
  for (const { contentType } of attachments) {
    const kind = contentType.split('/')[0]?.toLowerCase();
    const noun = kind === 'image' ? 'image' : kind === 'video' ? 'video' : kind === 'audio' ? 'audio clip' : 'file';
    counts.set(noun, (counts.get(noun) ?? 0) + 1);
  }
  return `[${[...counts].map(([noun, count]) => `${count} ${noun}${count === 1 ? '' : 's'}`).join(', ')}]`;
}
