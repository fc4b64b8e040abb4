import { ChannelWindowClosedError, DeliveryError, RapportError } from '@rapport/sdk';
import { GraphApiError } from './graphApi.js';
import type { MetaChannel } from './webhook.js';

/** WhatsApp's "re-engagement message": more than 24 hours since the customer last wrote. */
export const WHATSAPP_WINDOW_CLOSED = 131047;
/** Messenger's "sent outside of allowed window" (code 10 with this subcode). */
export const MESSENGER_WINDOW_CLOSED_SUBCODE = 2018278;

const RATE_LIMITED = new Set([4, 17, 32, 613, 80007, 130429, 131048, 131056]);

/** What to do about a Graph API error code, for the person who reads the failure. */
const ADVICE: Record<number, string> = {
  190: 'The access token is invalid or expired: set accessToken (or messengerAccessToken) to a permanent system-user or Page access token.',
  10: 'The token lacks a permission: it needs whatsapp_business_messaging for WhatsApp, pages_messaging for Messenger.',
  200: 'The token lacks a permission: it needs whatsapp_business_messaging for WhatsApp, pages_messaging for Messenger.',
  100: 'A parameter was refused: check the phoneNumberId or pageId setting and the customer\'s number or id; for a template, that its name, language and number of parameters match the approved template.',
  131026: 'The message could not be delivered: the number may not be on WhatsApp, or the customer has not accepted the latest terms.',
  131030: 'The number is not in the test number\'s allowed list: add it under WhatsApp > API Setup, or use a production number.',
  131051: 'The message type is not supported.',
  132000: 'The number of template parameters does not match the approved template.',
  132001: 'The template does not exist in this language: check its name and language code in WhatsApp Manager.',
  551: 'The person is not available on Messenger right now (they may have blocked the page).',
};

/**
 * The SDK error for a failed send: Meta's own window refusal is `CHANNEL_WINDOW_CLOSED` (the core
 * checks the window first, but clocks and Meta's view of "last message" can differ); everything
 * else is a `DeliveryError` with Meta's code as `providerCode` and what to do about it.
 */
export function sendFailure(channel: MetaChannel, error: unknown, lastInboundAt: Date | undefined, windowMs: number): Error {
  if (error instanceof RapportError) return error;
  if (!(error instanceof GraphApiError)) return new DeliveryError(`The ${channel} message could not be sent: ${(error as Error).message}`, { cause: error });
  const code = error.graph?.code;
  const closed = channel === 'whatsapp' ? code === WHATSAPP_WINDOW_CLOSED : code === 10 && error.graph?.subcode === MESSENGER_WINDOW_CLOSED_SUBCODE;
  if (closed) return new ChannelWindowClosedError(channel, lastInboundAt && new Date(lastInboundAt.getTime() + windowMs));
  const advice =
    code !== undefined && RATE_LIMITED.has(code)
      ? 'Meta is rate-limiting sends (retried already); try again later or spread sends out.'
      : error.status === undefined
        ? 'The Graph API could not be reached: check graphApiBaseUrl and the network.'
        : ((code === undefined ? undefined : ADVICE[code]) ?? (error.status >= 500 ? 'Meta had a server error (retried already); try again later.' : 'See Meta\'s error code reference.'));
  return new DeliveryError(`The ${channel} message was not sent. ${error.message}. ${advice}`, { providerCode: code, cause: error });
}
