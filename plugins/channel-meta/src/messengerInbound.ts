import type { DeliveryReceipt, InboundMessage } from '@rapport/sdk';
import { messengerContent } from './messengerContent.js';
import { listAt, numberOf, occurredAt, requiredString } from './payloadFields.js';
import { isRecord, type WebhookPayload } from './webhook.js';

/** What one Messenger webhook call carries: customers' messages and receipts of ours. */
export interface MessengerInbound {
  messages: InboundMessage[];
  receipts: DeliveryReceipt[];
}

/** What {@link readMessengerPayload} needs besides the payload. */
export interface MessengerLookups {
  /** The page's id (`settings.pageId`), whose own messages are not the customer's. */
  pageId?: string;
  /**
   * The external ids of the OUTBOUND messenger messages to the customer with this page-scoped id
   * sent at or before `watermark`: a read receipt (and a delivery receipt without `mids`) names
   * no message, only a time.
   */
  outboundUpTo(psid: string, watermark: Date): Promise<string[]>;
}

/**
 * Every customer message, delivery receipt and read receipt of a Page payload, across all its
 * entries. Echoes of the page's own messages (`message.is_echo`, or the page as sender) are not
 * the customer's and are skipped; so are events this channel does not record (reactions,
 * referrals, opt-ins).
 *
 * @throws ValidationError when an event lacks its sender, or a message its `mid`.
 */
export async function readMessengerPayload(payload: WebhookPayload, lookups: MessengerLookups): Promise<MessengerInbound> {
  const result: MessengerInbound = { messages: [], receipts: [] };
  for (const [e, entry] of payload.entry.entries()) {
    const pageIds = new Set([lookups.pageId, typeof entry.id === 'string' ? entry.id : undefined].filter((id): id is string => !!id));
    for (const [m, event] of listAt(entry.messaging, `entry[${e}].messaging`).entries()) {
      const path = `entry[${e}].messaging[${m}]`;
      // Events this channel does not record (opt-ins by user_ref, referrals…) may lack a sender id.
      if (!isRecord(event.message) && !isRecord(event.postback) && !isRecord(event.delivery) && !isRecord(event.read)) continue;
      const sender = requiredString(isRecord(event.sender) ? event.sender.id : undefined, `${path}.sender.id`);
      if (pageIds.has(sender)) continue;
      const at = occurredAt(event.timestamp, 'milliseconds');
      if (isRecord(event.message)) {
        if (event.message.is_echo === true) continue;
        result.messages.push(toMessage(event.message, sender, at, `${path}.message`));
      } else if (isRecord(event.postback)) {
        if (typeof event.postback.mid === 'string') result.messages.push(toPostback(event.postback, sender, at));
      } else if (isRecord(event.delivery)) {
        const mids = Array.isArray(event.delivery.mids) ? event.delivery.mids.filter((mid): mid is string => typeof mid === 'string' && mid !== '') : [];
        const watermark = numberOf(event.delivery.watermark);
        // Meta may leave out the mids: then the watermark says everything sent before it arrived.
        const delivered = mids.length > 0 ? mids : watermark === undefined ? [] : await lookups.outboundUpTo(sender, new Date(watermark));
        for (const mid of delivered) result.receipts.push({ externalId: mid, status: 'DELIVERED', ...at });
      } else if (isRecord(event.read)) {
        const watermark = numberOf(event.read.watermark);
        if (watermark === undefined) continue;
        for (const mid of await lookups.outboundUpTo(sender, new Date(watermark))) result.receipts.push({ externalId: mid, status: 'READ', ...at });
      }
    }
  }
  return result;
}

function toMessage(message: Record<string, unknown>, psid: string, at: { occurredAt?: Date }, path: string): InboundMessage {
  const { text, metadata } = messengerContent(message);
  const replyTo = isRecord(message.reply_to) && typeof message.reply_to.mid === 'string' ? message.reply_to.mid : undefined;
  return {
    externalId: requiredString(message.mid, `${path}.mid`),
    from: { handle: psid },
    text,
    ...at,
    ...(replyTo && { references: [replyTo] }),
    metadata: { ...metadata, ...(replyTo && { replyTo }) },
  };
}

/** A tap on a button the page sent: recorded as what the customer chose. */
function toPostback(postback: Record<string, unknown>, psid: string, at: { occurredAt?: Date }): InboundMessage {
  const title = typeof postback.title === 'string' ? postback.title : '';
  return {
    externalId: postback.mid as string,
    from: { handle: psid },
    text: title || '[postback]',
    ...at,
    metadata: { kind: 'postback', title, payload: typeof postback.payload === 'string' ? postback.payload : null },
  };
}
