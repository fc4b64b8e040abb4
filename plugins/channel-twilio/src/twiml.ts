import type { WebhookResponse } from '@rapport/sdk';

/** An empty TwiML document: "received, nothing to do", so Twilio neither replies nor retries. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** The answer to every callback the plugin accepted. */
export function emptyTwiml(): WebhookResponse {
  return { status: 200, contentType: 'text/xml', body: EMPTY_TWIML };
}

/** The answer to a request whose `X-Twilio-Signature` is missing or wrong: nothing was read or stored. */
export function signatureRefusal(channelId: string, publicUrl: string): WebhookResponse {
  return {
    status: 403,
    contentType: 'text/plain; charset=utf-8',
    body:
      `The X-Twilio-Signature of this request to /channels/${channelId}/inbound is missing or does not match. ` +
      `Requests must come from Twilio, signed with the account's Auth Token (the authToken setting), to a webhook URL under ${publicUrl} (the publicUrl setting) exactly as configured in the Twilio console.`,
  };
}
