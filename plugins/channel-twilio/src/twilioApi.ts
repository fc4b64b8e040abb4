import { callProvider, ProviderCallError, type RetryPolicy } from '@rapport/lib-provider-http';
import { DeliveryError } from '@rapport/sdk';
import type { TwilioSettings } from './settings.js';

/** A message as the Messages API returns it (the fields the plugin reads). */
export interface TwilioMessage {
  sid: string;
  status: string;
}

/** A call as the Calls API returns it (the fields the plugin reads). */
export interface TwilioCall {
  sid: string;
  from: string;
  to: string;
  direction: string;
  status: string;
  duration: string | null;
}

/** Twilio's error body: `{ code, message, more_info, status }`. */
interface TwilioErrorBody {
  code?: number | string;
  message?: string;
  more_info?: string;
}

/** What to do about the errors a sender can act on, beside Twilio's own message. */
const ADVICE: Readonly<Record<string, string>> = Object.freeze({
  '20003': 'Check the accountSid and authToken settings against the Twilio console (Account Info).',
  '21211': "Correct the customer's phone number; it must be a valid number in E.164 form, e.g. +14155550100.",
  '21614': "The customer's number cannot receive SMS (a landline?); reach them on another channel.",
  '21610': 'The customer replied STOP to this sender; they must text START before they can receive messages again.',
  '21606': 'The from setting is not an SMS-capable number of this account; pick one in the Twilio console, or use messagingServiceSid.',
  '21408': 'Enable the destination country in the Twilio console (Messaging > Settings > Geo permissions).',
});

/**
 * Twilio's REST API, as far as the plugin uses it: create a message, read a call. Every call goes
 * through `callProvider`, so a 429 or a 5xx is retried with backoff.
 */
export class TwilioApi {
  private readonly accountUrl: string;
  private readonly authorization: string;
  private readonly retry: RetryPolicy;

  constructor(settings: Pick<TwilioSettings, 'accountSid' | 'authToken' | 'apiBaseUrl' | 'retry'>) {
    this.accountUrl = `${settings.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}`;
    this.authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
    this.retry = settings.retry;
  }

  /**
   * `POST …/Messages.json` with the given form fields.
   *
   * @throws DeliveryError with Twilio's error code as `providerCode` when Twilio refuses the
   *   message, or answered 429 or 5xx to every attempt.
   */
  async createMessage(fields: Record<string, string>): Promise<TwilioMessage> {
    let response: Response;
    try {
      response = await callProvider(
        { url: `${this.accountUrl}/Messages.json`, method: 'POST', headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }), body: new URLSearchParams(fields).toString() },
        this.retry,
      );
    } catch (error) {
      throw deliveryErrorOf(error);
    }
    const text = await response.text();
    if (!response.ok) {
      const body = parseJson<TwilioErrorBody>(text);
      const code = body?.code === undefined ? undefined : String(body.code);
      const said = body?.message ?? (text.slice(0, 300) || 'no explanation');
      const advice = (code && ADVICE[code]) ?? (body?.more_info ? `See ${body.more_info}.` : 'See https://www.twilio.com/docs/api/errors.');
      throw new DeliveryError(`Twilio refused the SMS (HTTP ${response.status}${code ? `, error ${code}` : ''}): ${said} ${advice}`, { providerCode: code });
    }
    const message = parseJson<Partial<TwilioMessage>>(text);
    if (!message?.sid) throw new DeliveryError(`Twilio accepted the SMS (HTTP ${response.status}) but its answer has no message sid: ${text.slice(0, 200)}`);
    return { sid: message.sid, status: message.status ?? 'queued' };
  }

  /**
   * `GET …/Calls/{sid}.json`: who a call was between, for a recording callback that arrives before
   * any status callback and carries no numbers.
   *
   * @throws Error when Twilio does not know the call or cannot be reached; the webhook then fails
   *   with 500 and Twilio may deliver the callback again.
   */
  async fetchCall(callSid: string): Promise<TwilioCall> {
    const url = `${this.accountUrl}/Calls/${encodeURIComponent(callSid)}.json`;
    const response = await callProvider({ url, method: 'GET', headers: this.headers({}) }, this.retry);
    const text = await response.text();
    const call = parseJson<Partial<TwilioCall> & TwilioErrorBody>(text);
    if (!response.ok || !call?.from || !call.to) {
      throw new Error(`Could not look up call ${callSid} at Twilio (HTTP ${response.status}${call?.code ? `, error ${call.code}` : ''}: ${call?.message ?? text.slice(0, 200)}); its caller is needed to record the recording callback.`);
    }
    return { sid: call.sid ?? callSid, from: call.from, to: call.to, direction: call.direction ?? 'inbound', status: call.status ?? '', duration: call.duration ?? null };
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return { authorization: this.authorization, accept: 'application/json', ...extra };
  }
}

function deliveryErrorOf(error: unknown): DeliveryError {
  if (error instanceof ProviderCallError && error.status !== undefined) {
    const body = parseJson<TwilioErrorBody>(error.body ?? '');
    const code = body?.code === undefined ? undefined : String(body.code);
    return new DeliveryError(
      `Twilio answered HTTP ${error.status}${code ? ` (error ${code}${body?.message ? `: ${body.message}` : ''})` : ''} to all ${error.attempts} attempts to send the SMS, so it was not sent. Try again later; if it lasts, check https://status.twilio.com.`,
      { providerCode: code, cause: error },
    );
  }
  // Not retried: the request may have reached Twilio, and a second one could send the SMS twice.
  return new DeliveryError(
    `Could not complete the request to Twilio: ${(error as Error).message}. The SMS may or may not have been sent; check the Twilio console (Monitor > Logs > Messaging) before sending it again.`,
    { cause: error },
  );
}

function parseJson<T>(text: string): T | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}
