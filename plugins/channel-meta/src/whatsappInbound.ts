import { ValidationError, type DeliveryReceipt, type DeliveryStatus, type InboundMessage } from '@rapport/sdk';
import { listAt, occurredAt, requiredString } from './payloadFields.js';
import { isRecord, type WebhookPayload } from './webhook.js';
import { whatsappContent } from './whatsappContent.js';

/** What one WhatsApp webhook call carries: customers' messages and the statuses of ours. */
export interface WhatsAppInbound {
  messages: InboundMessage[];
  receipts: DeliveryReceipt[];
}

/** WhatsApp's status names and the delivery status each one is. `deleted` and others are ignored. */
const STATUS: Record<string, DeliveryStatus> = { sent: 'SENT', delivered: 'DELIVERED', read: 'READ', failed: 'FAILED' };

/**
 * Every message and status of a WhatsApp Business Account payload, across all its entries and
 * changes (Meta batches several in one call). Changes of other fields (template reviews, account
 * updates) carry neither and add nothing.
 *
 * @throws ValidationError when a message or status lacks what identifies it (its id, its sender).
 */
export function readWhatsAppPayload(payload: WebhookPayload): WhatsAppInbound {
  const result: WhatsAppInbound = { messages: [], receipts: [] };
  payload.entry.forEach((entry, e) => {
    const changes = listAt(entry.changes, `entry[${e}].changes`);
    changes.forEach((change, c) => {
      const path = `entry[${e}].changes[${c}].value`;
      if (change.value === undefined) return;
      if (!isRecord(change.value)) throw new ValidationError(`${path} must be an object.`, path);
      const value = change.value;
      const names = contactNames(listAt(value.contacts, `${path}.contacts`));
      listAt(value.messages, `${path}.messages`).forEach((message, m) => result.messages.push(toMessage(message, names, `${path}.messages[${m}]`)));
      listAt(value.statuses, `${path}.statuses`).forEach((status, s) => {
        const receipt = toReceipt(status, `${path}.statuses[${s}]`);
        if (receipt) result.receipts.push(receipt);
      });
    });
  });
  return result;
}

function toMessage(message: Record<string, unknown>, names: Map<string, string>, path: string): InboundMessage {
  const id = requiredString(message.id, `${path}.id`);
  const from = requiredString(message.from, `${path}.from`);
  const { text, metadata } = whatsappContent(message);
  const context = isRecord(message.context) && typeof message.context.id === 'string' ? message.context.id : undefined;
  const name = names.get(from);
  return {
    externalId: id,
    from: { phone: `+${from.replace(/^\+/, '')}`, ...(name && { name }) },
    text,
    ...occurredAt(message.timestamp, 'seconds'),
    // A reply quotes the message it answers: threading joins that message's conversation.
    ...(context && { references: [context] }),
    metadata: { ...metadata, ...(context && { replyTo: context }) },
  };
}

function toReceipt(status: Record<string, unknown>, path: string): DeliveryReceipt | undefined {
  const mapped = typeof status.status === 'string' ? STATUS[status.status] : undefined;
  if (!mapped) return undefined;
  const receipt: DeliveryReceipt = { externalId: requiredString(status.id, `${path}.id`), status: mapped, ...occurredAt(status.timestamp, 'seconds') };
  if (mapped === 'FAILED') receipt.error = failure(status.errors);
  return receipt;
}

/** `<code>: <title>` of the first error, as WhatsApp reports why a message failed. */
function failure(errors: unknown): string {
  const first = Array.isArray(errors) ? errors.find(isRecord) : undefined;
  if (!first) return 'WhatsApp reported the message as failed without saying why.';
  const title = typeof first.title === 'string' ? first.title : typeof first.message === 'string' ? first.message : 'unknown error';
  return first.code === undefined ? title : `${String(first.code)}: ${title}`;
}

function contactNames(contacts: Record<string, unknown>[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const contact of contacts) {
    const name = isRecord(contact.profile) ? contact.profile.name : undefined;
    if (typeof contact.wa_id === 'string' && typeof name === 'string' && name.trim()) names.set(contact.wa_id.replace(/^\+/, ''), name.trim());
  }
  return names;
}
