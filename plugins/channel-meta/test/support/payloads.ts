import { PAGE_ID, PHONE_NUMBER_ID } from './host.js';

/*
 * Webhook payloads in the shapes Meta documents for the WhatsApp Cloud API and the Messenger
 * Platform, built from their parts.
 */

/** Unix seconds, as WhatsApp writes `timestamp`. */
export function seconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}

/** One `changes[].value` of a WhatsApp payload. */
export interface WhatsAppValue {
  contacts?: { wa_id: string; name: string }[];
  messages?: Record<string, unknown>[];
  statuses?: Record<string, unknown>[];
}

/** A WhatsApp Business Account payload with one entry per element of `entries`, each with one change per value. */
export function whatsappPayload(...entries: WhatsAppValue[][]): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: entries.map((values, e) => ({
      id: `WABA${e}`,
      changes: values.map((value) => ({
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550001111', phone_number_id: PHONE_NUMBER_ID },
          ...(value.contacts && { contacts: value.contacts.map((contact) => ({ profile: { name: contact.name }, wa_id: contact.wa_id })) }),
          ...(value.messages && { messages: value.messages }),
          ...(value.statuses && { statuses: value.statuses }),
        },
      })),
    })),
  };
}

/** A WhatsApp text message from `from` (digits, no `+`). */
export function waText(id: string, from: string, body: string, at: Date): Record<string, unknown> {
  return { from, id, timestamp: seconds(at), type: 'text', text: { body } };
}

/** A WhatsApp status of one of our messages. */
export function waStatus(id: string, status: string, at: Date, errors?: Record<string, unknown>[]): Record<string, unknown> {
  return { id, status, timestamp: seconds(at), recipient_id: '4915112345678', ...(errors && { errors }) };
}

/** A Page payload with one entry holding these `messaging` events. */
export function messengerPayload(...events: Record<string, unknown>[]): Record<string, unknown> {
  return { object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: events }] };
}

/** A Messenger message event from the customer `psid` to the page. */
export function mMessage(psid: string, message: Record<string, unknown>, at: Date): Record<string, unknown> {
  return { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: at.getTime(), message };
}
