import { DeliveryError, ValidationError, type OutboundMessage, type SendResult } from '@rapport/sdk';
import { postToGraph } from './graphApi.js';
import { sendFailure } from './sendErrors.js';
import type { MetaSettings } from './settings.js';

/** Messenger's standard messaging window: replies within it are plain `RESPONSE`s. */
export const MESSENGER_RESPONSE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How long the `HUMAN_AGENT` tag allows replies (the manifest's `replyWindow`, P7D). */
export const MESSENGER_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How a reply is sent: `RESPONSE` within 24 hours of the customer's last message, after that
 * `MESSAGE_TAG` with `HUMAN_AGENT` (a person answering, allowed for 7 days; the app needs Meta's
 * Human Agent permission). Without `lastInboundAt` (a core that does not fill it in) it is a
 * `RESPONSE`, which every app may send.
 */
export function messagingTypeFor(lastInboundAt: Date | undefined, now: Date): { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' } {
  if (!lastInboundAt || now.getTime() - lastInboundAt.getTime() <= MESSENGER_RESPONSE_WINDOW_MS) return { messaging_type: 'RESPONSE' };
  return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
}

/**
 * Sends one Messenger message through the Send API as the page (`POST /{pageId}/messages`) to the
 * customer's page-scoped id. The answer's `message_id` is the external id.
 *
 * @param now - the current time; Meta measures the window in real time, so the system clock.
 * @throws ValidationError for a customer without a Messenger id; ChannelWindowClosedError when
 * Meta refuses the message as outside the window; DeliveryError for any other refusal.
 */
export async function sendMessenger(settings: MetaSettings, message: OutboundMessage, now: Date = new Date()): Promise<SendResult> {
  if (!message.to) {
    throw new ValidationError(
      `Customer "${message.customerId}" has no messenger handle (page-scoped id), so the message cannot be sent on Messenger. The id is known once the customer has written to the page.`,
      'to',
    );
  }
  if (!settings.pageId) throw new DeliveryError('Messenger sends need the pageId setting: the numeric id of the Facebook Page (Page > About > Page transparency, or the Graph API Explorer).');
  const body = { recipient: { id: message.to }, ...messagingTypeFor(message.lastInboundAt, now), message: { text: message.text } };
  let answer: Record<string, unknown>;
  try {
    answer = await postToGraph(settings, `${settings.pageId}/messages`, settings.messengerAccessToken ?? settings.accessToken, body);
  } catch (error) {
    throw sendFailure('messenger', error, message.lastInboundAt, MESSENGER_WINDOW_MS);
  }
  if (typeof answer.message_id !== 'string') throw new DeliveryError(`The Graph API accepted the Messenger message but returned no message_id: ${JSON.stringify(answer).slice(0, 200)}`);
  return { externalId: answer.message_id, status: 'QUEUED' };
}
