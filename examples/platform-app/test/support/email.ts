/** Email from customers, as the mail relay posts it to the email channel's webhook. */
import { EMAIL, type Deployment } from './deployment.js';

/** The fields of a customer's plain-text email. */
export interface CustomerEmail {
  /** `Name <address>`. */
  from: string;
  messageId: string;
  subject: string;
  body: string;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
}

/** A raw RFC 5322 message from a customer to Acme Support. */
export function rawEmail(fields: CustomerEmail): string {
  // A Date header has whole seconds: by default the next one, so a reply sorts after what we just sent.
  const date = fields.date ?? new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
  return [
    `From: ${fields.from}`,
    'To: Acme Support <support@acme.example>',
    `Subject: ${fields.subject}`,
    `Message-ID: <${fields.messageId}>`,
    ...(fields.inReplyTo ? [`In-Reply-To: <${fields.inReplyTo}>`] : []),
    ...(fields.references ? [`References: ${fields.references.map((id) => `<${id}>`).join(' ')}`] : []),
    `Date: ${date.toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    fields.body,
    '',
  ].join('\r\n');
}

/** What the email webhook answers. */
export interface EmailAnswer {
  status: number;
  body: { interactions?: { id: string; customerId: string; conversationId: string }[]; error?: string };
}

/** Posts a raw message to the email webhook as the mail relay does, with the channel's inboundSecret as a Bearer token. */
export async function postEmail(deployment: Deployment, raw: string): Promise<EmailAnswer> {
  const response = await fetch(`${deployment.server.url}/channels/email/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${deployment.settings[EMAIL]!.inboundSecret as string}` },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as EmailAnswer['body'] };
}
