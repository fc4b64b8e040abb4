/**
 * Webhook calls as the providers make them, signed the way they sign: written out here from the
 * providers' documentation, apart from the plugins' code, so a plugin that checks a signature
 * wrongly fails the story.
 */
import { createHmac } from 'node:crypto';
import type { Deployment } from './deployment.js';
import { META, TWILIO } from './deployment.js';

/** A webhook's answer. */
export interface WebhookAnswer {
  status: number;
  text: string;
}

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1, under the auth token, of the URL Twilio called
 * followed by each form field's name and value, sorted by name.
 */
export function twilioSignature(url: string, fields: Record<string, string>, authToken: string): string {
  const payload = Object.keys(fields)
    .sort()
    .reduce((signed, name) => signed + name + fields[name], url);
  return createHmac('sha1', authToken).update(payload, 'utf8').digest('base64');
}

/** Meta's `X-Hub-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the raw body under the app secret. */
export function metaSignature(body: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body, 'utf8').digest('hex')}`;
}

/** Posts Twilio's form fields to `/channels/<channel>/inbound`, signed over the URL Twilio was given (`publicUrl`). */
export async function postTwilio(deployment: Deployment, channel: 'sms' | 'phone', fields: Record<string, string>): Promise<WebhookAnswer> {
  const { publicUrl, authToken } = deployment.settings[TWILIO] as { publicUrl: string; authToken: string };
  const route = `/channels/${channel}/inbound`;
  const response = await fetch(`${deployment.server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(`${publicUrl}${route}`, fields, authToken) },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, text: await response.text() };
}

/** Posts a WhatsApp Business Account payload to `/channels/whatsapp/inbound`, signed with the app secret. */
export async function postWhatsApp(deployment: Deployment, value: { contacts?: { wa_id: string; name: string }[]; messages?: unknown[]; statuses?: unknown[] }): Promise<WebhookAnswer> {
  const { appSecret, phoneNumberId } = deployment.settings[META] as { appSecret: string; phoneNumberId: string };
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA-ACCEPTANCE',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15005550006', phone_number_id: phoneNumberId },
              ...(value.contacts && { contacts: value.contacts.map(({ wa_id, name }) => ({ profile: { name }, wa_id })) }),
              ...(value.messages && { messages: value.messages }),
              ...(value.statuses && { statuses: value.statuses }),
            },
          },
        ],
      },
    ],
  });
  const response = await fetch(`${deployment.server.url}/channels/whatsapp/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, appSecret) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** WhatsApp's `timestamp`: Unix seconds. */
function seconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}

/** A WhatsApp text message from `waId` (digits, no `+`). */
export function whatsappText(id: string, waId: string, body: string, at: Date): Record<string, unknown> {
  return { from: waId, id, timestamp: seconds(at), type: 'text', text: { body } };
}

/** A WhatsApp status of one of our messages. */
export function whatsappStatus(id: string, status: 'sent' | 'delivered' | 'read', waId: string, at: Date): Record<string, unknown> {
  return { id, status, timestamp: seconds(at), recipient_id: waId };
}
