import { DeliveryError, ValidationError, type MessageTemplate, type OutboundMessage, type SendResult } from '@rapport/sdk';
import { postToGraph } from './graphApi.js';
import { sendFailure } from './sendErrors.js';
import type { MetaSettings } from './settings.js';

/** WhatsApp's customer-service window (the manifest's `replyWindow`, PT24H). */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The body of `POST /{phoneNumberId}/messages`: free-form text, or the approved template with its
 * body parameters in order. `to` is the number in international format without the `+`.
 */
export function whatsappRequest(to: string, message: Pick<OutboundMessage, 'text' | 'template'>): Record<string, unknown> {
  const recipient = to.replace(/^\+/, '');
  if (message.template) return { messaging_product: 'whatsapp', to: recipient, type: 'template', template: templateOf(message.template) };
  return { messaging_product: 'whatsapp', to: recipient, type: 'text', text: { body: message.text } };
}

function templateOf(template: MessageTemplate): Record<string, unknown> {
  const parameters = template.parameters ?? [];
  return {
    name: template.name,
    language: { code: template.language },
    // A template without variables takes no body component; an empty one is refused by Meta.
    ...(parameters.length > 0 && { components: [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }] }),
  };
}

/**
 * Sends one WhatsApp message through the Cloud API. The answer's `messages[0].id` (`wamid…`) is
 * the external id; the message is `QUEUED` until a status webhook moves it on.
 *
 * @throws ValidationError for a customer without a phone number; ChannelWindowClosedError when
 * Meta refuses a free-form message outside the window; DeliveryError for any other refusal.
 */
export async function sendWhatsApp(settings: MetaSettings, message: OutboundMessage): Promise<SendResult> {
  if (!message.to) {
    throw new ValidationError(`Customer "${message.customerId}" has no phone number, so the message cannot be sent on WhatsApp. Add one in E.164 form (+15551234567).`, 'to');
  }
  if (!settings.phoneNumberId) {
    throw new DeliveryError('WhatsApp sends need the phoneNumberId setting: the id shown under WhatsApp > API Setup in the Meta app (not the phone number itself).');
  }
  let answer: Record<string, unknown>;
  try {
    answer = await postToGraph(settings, `${settings.phoneNumberId}/messages`, settings.accessToken, whatsappRequest(message.to, message));
  } catch (error) {
    throw sendFailure('whatsapp', error, message.lastInboundAt, WHATSAPP_WINDOW_MS);
  }
  const first = Array.isArray(answer.messages) ? (answer.messages[0] as { id?: unknown } | undefined) : undefined;
  if (typeof first?.id !== 'string') throw new DeliveryError(`The Graph API accepted the WhatsApp message but returned no message id: ${JSON.stringify(answer).slice(0, 200)}`);
  return { externalId: first.id, status: 'QUEUED' };
}
