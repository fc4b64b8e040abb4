import type { DeliveryStatus } from '@rapport/sdk';

/**
 * Twilio's message statuses (the `MessageStatus` of a status callback, the `status` of the
 * Messages API) as delivery statuses. `receiving` and `received` belong to inbound messages and
 * are not here.
 */
const STATUSES: Readonly<Record<string, DeliveryStatus>> = Object.freeze({
  accepted: 'QUEUED',
  queued: 'QUEUED',
  sending: 'QUEUED',
  scheduled: 'QUEUED',
  sent: 'SENT',
  delivered: 'DELIVERED',
  read: 'READ',
  undelivered: 'FAILED',
  failed: 'FAILED',
  canceled: 'FAILED',
});

/** The delivery status of a Twilio message status, or `undefined` for one that is not about an outbound message. */
export function deliveryStatusOf(twilioStatus: string | null | undefined): DeliveryStatus | undefined {
  return twilioStatus ? STATUSES[twilioStatus.trim().toLowerCase()] : undefined;
}

/** The message statuses a status callback may carry, for error messages. */
export const KNOWN_MESSAGE_STATUSES: readonly string[] = Object.keys(STATUSES);

/**
 * What the error codes Twilio reports most often for SMS mean, for a person reading a failed
 * message's delivery (https://www.twilio.com/docs/api/errors).
 */
const ERROR_CODES: Readonly<Record<string, string>> = Object.freeze({
  '20003': 'Authentication failed: check the accountSid and authToken settings',
  '20429': 'Too many requests to Twilio',
  '21211': "Invalid 'To' phone number",
  '21408': 'Permission to send an SMS has not been enabled for the region of this number',
  '21610': 'The recipient replied STOP and has unsubscribed from this sender',
  '21612': "The 'To' number cannot be reached from this 'From' number",
  '21614': "The 'To' number is not a valid mobile number",
  '30001': 'Queue overflow',
  '30002': 'Account suspended',
  '30003': 'Unreachable destination handset',
  '30004': 'Message blocked',
  '30005': 'Unknown destination handset',
  '30006': 'Landline or unreachable carrier',
  '30007': 'Message filtered by the carrier',
  '30008': 'Unknown error',
  '30032': 'The toll-free number is not verified',
  '30034': 'The message was sent from an unregistered 10DLC number',
});

/**
 * A failure as a person reads it, e.g. `30003: Unreachable destination handset`: Twilio's own
 * message when it gave one, else the known meaning of the code, else the code alone.
 */
export function describeTwilioError(code: string | null | undefined, message?: string | null): string | undefined {
  const text = message?.trim() || (code ? ERROR_CODES[code.trim()] : undefined);
  if (code?.trim()) return text ? `${code.trim()}: ${text}` : `Twilio error ${code.trim()}`;
  return text || undefined;
}
