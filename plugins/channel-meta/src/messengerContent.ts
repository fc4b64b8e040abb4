import type { MessageContent } from './whatsappContent.js';
import { isRecord } from './webhook.js';

/** Messenger's attachment types and the `kind` they are recorded as (WhatsApp's names where they exist). */
const KINDS: Record<string, string> = { image: 'image', audio: 'audio', video: 'video', file: 'document', location: 'location', fallback: 'link', template: 'template' };

/**
 * The text and metadata of one Messenger `message`: its text, and its attachments as typed
 * metadata (`{ kind: 'image', url }`, a sticker as `{ kind: 'sticker', stickerId, url }`, …).
 * With several attachments the first gives `kind` and all are listed under `attachments`. Files
 * are not downloaded; Meta's URLs expire, so `url` is for a prompt look only.
 *
 * @example
 * ```ts
 * messengerContent({ mid: 'm_1', attachments: [{ type: 'image', payload: { url: 'https://…' } }] });
 * // { text: '[image]', metadata: { kind: 'image', url: 'https://…' } }
 * ```
 */
export function messengerContent(message: Record<string, unknown>): MessageContent {
  const attachments = (Array.isArray(message.attachments) ? message.attachments.filter(isRecord) : []).map(describeAttachment);
  const quickReply = isRecord(message.quick_reply) && typeof message.quick_reply.payload === 'string' ? message.quick_reply.payload : undefined;
  const text = typeof message.text === 'string' ? message.text : '';
  const extra = { ...(quickReply && { quickReplyPayload: quickReply }) };
  const [first] = attachments;
  if (!first) return { text, metadata: { kind: 'text', ...extra } };
  return {
    text: text || attachments.map((attachment) => attachment.text).join(' '),
    metadata: { ...first.metadata, ...(attachments.length > 1 && { attachments: attachments.map((attachment) => attachment.metadata) }), ...extra },
  };
}

function describeAttachment(attachment: Record<string, unknown>): MessageContent {
  const type = typeof attachment.type === 'string' ? attachment.type : 'unknown';
  const payload = isRecord(attachment.payload) ? attachment.payload : {};
  const url = typeof payload.url === 'string' ? payload.url : null;
  if (payload.sticker_id !== undefined) {
    return { text: '[sticker]', metadata: { kind: 'sticker', stickerId: String(payload.sticker_id), url } };
  }
  if (type === 'location' && isRecord(payload.coordinates)) {
    const latitude = typeof payload.coordinates.lat === 'number' ? payload.coordinates.lat : null;
    const longitude = typeof payload.coordinates.long === 'number' ? payload.coordinates.long : null;
    const name = typeof attachment.title === 'string' ? attachment.title : null;
    return { text: `Location: ${name ? `${name} ` : ''}(${latitude ?? '?'}, ${longitude ?? '?'})`, metadata: { kind: 'location', latitude, longitude, name, address: null } };
  }
  const kind = KINDS[type] ?? type;
  const title = typeof attachment.title === 'string' ? attachment.title : typeof payload.title === 'string' ? payload.title : undefined;
  return { text: title ? `[${kind}: ${title}]` : `[${kind}]`, metadata: { kind, url, ...(title && { title }) } };
}
