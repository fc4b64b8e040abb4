import { isRecord } from './webhook.js';

/** What a WhatsApp message says, for the record: a readable text and typed metadata. */
export interface MessageContent {
  text: string;
  metadata: Record<string, unknown>;
}

/** The media message types; their files are not downloaded, only described (`mediaId`). */
const MEDIA_KINDS = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/**
 * The text and metadata of one WhatsApp Cloud API message (`value.messages[]`), by its `type`:
 * text, reaction, media, location, contacts, interactive and button replies. Anything else
 * (`unsupported`, `order`, `system`, a type Meta adds later) is kept with its raw type, so it is
 * recorded rather than lost.
 *
 * @example
 * ```ts
 * whatsappContent({ type: 'reaction', reaction: { message_id: 'wamid.1', emoji: '👍' } });
 * // { text: 'Reacted 👍 to a message', metadata: { kind: 'reaction', emoji: '👍', messageId: 'wamid.1' } }
 * ```
 */
export function whatsappContent(message: Record<string, unknown>): MessageContent {
  const type = typeof message.type === 'string' ? message.type : 'unknown';
  const body = isRecord(message[type]) ? (message[type] as Record<string, unknown>) : {};
  if (type === 'text') return { text: str(body.body) ?? '', metadata: { kind: 'text' } };
  if (type === 'reaction') {
    const emoji = str(body.emoji);
    // An empty emoji is Meta's way of saying the customer took a reaction back.
    return {
      text: emoji ? `Reacted ${emoji} to a message` : 'Removed a reaction from a message',
      metadata: { kind: 'reaction', emoji: emoji ?? null, messageId: str(body.message_id) ?? null },
    };
  }
  if (MEDIA_KINDS.has(type)) return mediaContent(type, body);
  if (type === 'location') return locationContent(body);
  if (type === 'contacts') return contactsContent(message.contacts);
  if (type === 'interactive') {
    const replyType = str(body.type) ?? 'interactive';
    const reply = isRecord(body[replyType]) ? (body[replyType] as Record<string, unknown>) : {};
    const title = str(reply.title) ?? '';
    return {
      text: title || `[${replyType}]`,
      metadata: { kind: replyType, replyId: str(reply.id) ?? null, title, ...(str(reply.description) && { description: str(reply.description) }) },
    };
  }
  if (type === 'button') {
    const text = str(body.text) ?? '';
    return { text: text || '[button]', metadata: { kind: 'button', payload: str(body.payload) ?? null, text } };
  }
  const errors = Array.isArray(message.errors) ? message.errors.filter(isRecord) : [];
  const reason = errors[0] ? str(errors[0].title) ?? str(errors[0].message) : undefined;
  return { text: `[${type} message]`, metadata: { kind: 'unsupported', type, ...(reason && { reason }) } };
}

function mediaContent(kind: string, media: Record<string, unknown>): MessageContent {
  const caption = str(media.caption);
  const filename = str(media.filename);
  return {
    text: caption ?? (filename ? `[${kind}: ${filename}]` : `[${kind}]`),
    metadata: {
      kind,
      mediaId: str(media.id) ?? null,
      mimeType: str(media.mime_type) ?? null,
      caption: caption ?? null,
      ...(filename && { filename }),
      ...(typeof media.animated === 'boolean' && { animated: media.animated }),
      ...(media.voice === true && { voice: true }),
    },
  };
}

function locationContent(location: Record<string, unknown>): MessageContent {
  const latitude = num(location.latitude);
  const longitude = num(location.longitude);
  const name = str(location.name) ?? null;
  const address = str(location.address) ?? null;
  const label = [name, address].filter(Boolean).join(', ');
  return {
    text: `Location: ${label ? `${label} ` : ''}(${latitude ?? '?'}, ${longitude ?? '?'})`,
    metadata: { kind: 'location', latitude: latitude ?? null, longitude: longitude ?? null, name, address, ...(str(location.url) && { url: str(location.url) }) },
  };
}

function contactsContent(raw: unknown): MessageContent {
  const contacts = (Array.isArray(raw) ? raw.filter(isRecord) : []).map((contact) => {
    const name = isRecord(contact.name) ? str(contact.name.formatted_name) ?? str(contact.name.first_name) ?? null : null;
    const phones = Array.isArray(contact.phones) ? contact.phones.filter(isRecord).map((phone) => str(phone.phone) ?? str(phone.wa_id)).filter((phone): phone is string => !!phone) : [];
    const emails = Array.isArray(contact.emails) ? contact.emails.filter(isRecord).map((email) => str(email.email)).filter((email): email is string => !!email) : [];
    return { name, phones, emails };
  });
  const described = contacts.map((contact) => [contact.name, ...contact.phones].filter(Boolean).join(' ')).filter(Boolean);
  return { text: described.length ? `Shared contact: ${described.join('; ')}` : '[contacts]', metadata: { kind: 'contacts', contacts } };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}
