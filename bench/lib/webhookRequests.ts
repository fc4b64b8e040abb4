/**
 * The requests of the webhook benchmark (bench/webhooks.ts), as each provider sends them to
 * `POST /channels/<id>/inbound`: an email as a raw RFC 5322 message with the channel's shared
 * secret, a Twilio SMS and a Twilio status callback as form posts signed `X-Twilio-Signature`,
 * and a WhatsApp Cloud API message as JSON signed `X-Hub-Signature-256`.
 *
 * The signatures are computed here with node:crypto from the providers' published algorithms,
 * not with the plugins' own code, so a request the plugin accepts is one the provider would have
 * signed the same way.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** What the benchmark sends: three kinds of new message, and receipts for messages already recorded. */
export const WEBHOOK_KINDS = ['email', 'sms', 'whatsapp', 'smsStatus'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** The channel each kind is posted to. */
export const CHANNEL_OF: Readonly<Record<WebhookKind, string>> = { email: 'email', sms: 'sms', whatsapp: 'whatsapp', smsStatus: 'sms' };

/** One request, ready to post. */
export interface WebhookRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Throwaway secrets of one run: the plugins are configured with them and the requests carry them. */
export interface WebhookSecrets {
  /** The email channel's `inboundSecret`. */
  emailInboundSecret: string;
  /** Twilio's Auth Token, which keys `X-Twilio-Signature`. */
  twilioAuthToken: string;
  twilioAccountSid: string;
  /** The Meta app secret, which keys `X-Hub-Signature-256`. */
  metaAppSecret: string;
}

/** Fresh secrets, as an operator would make them (`openssl rand`). */
export function freshSecrets(): WebhookSecrets {
  return {
    emailInboundSecret: randomBytes(24).toString('base64url'),
    twilioAuthToken: randomBytes(16).toString('hex'),
    twilioAccountSid: `AC${randomBytes(16).toString('hex')}`,
    metaAppSecret: randomBytes(16).toString('hex'),
  };
}

/** The number customers of the Twilio SMS kind write from, E.164. */
export const smsPhone = (customer: number) => `+1555${String(2_000_000 + customer).padStart(7, '0')}`;
/** The number customers of the WhatsApp kind write from, digits only as WhatsApp sends it. */
export const whatsappPhone = (customer: number) => `49151${String(customer).padStart(8, '0')}`;
/**
 * The number of the customers whose outbound SMS get status callbacks: a range of their own, so
 * that seeding those messages creates no customer an inbound kind would otherwise have created.
 */
export const receiptPhone = (customer: number) => `+1555${String(3_000_000 + customer).padStart(7, '0')}`;
/** The Twilio message SID of the `n`th seeded outbound SMS (SM + 32 hex characters). */
export const outboundSmsSid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;

/**
 * The customer request `n` comes from: a fixed pseudo-random pick among `customers` (MurmurHash3's
 * 32-bit finalizer of `n`), so that, as in a real inbox, some messages come from customers seen
 * before and some from new ones, in the same proportion at the same point of every kind's
 * sequence. A plain `n % customers` would make every message a new customer until all exist.
 */
export function customerOf(n: number, customers: number): number {
  let x = n + 1;
  x = Math.imul(x ^ (x >>> 16), 0x85eb_ca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2_ae35);
  return ((x ^ (x >>> 16)) >>> 0) % customers;
}

const FIRST_AT = Date.UTC(2026, 2, 1);
/** Twilio's business number, the `To` of inbound SMS and the `From` of ours. */
const TWILIO_NUMBER = '+15550100000';

/** Builds request `n` (0-based, unique within its kind) of each kind, from customer {@link customerOf}(n). */
export class WebhookRequests {
  constructor(
    private readonly secrets: WebhookSecrets,
    /** The `publicUrl` Twilio is configured with: it signs `<publicUrl>/channels/sms/inbound`. */
    private readonly twilioPublicUrl: string,
    private readonly customers: number,
  ) {}

  build(kind: WebhookKind, n: number): WebhookRequest {
    const customer = customerOf(n, this.customers);
    switch (kind) {
      case 'email':
        return this.email(n, customer);
      case 'sms':
        return this.twilio('sms', smsInboundForm(this.secrets.twilioAccountSid, n, customer));
      case 'whatsapp':
        return this.whatsapp(n, customer);
      case 'smsStatus':
        return this.twilio('sms', smsStatusForm(this.secrets.twilioAccountSid, n, customer));
    }
  }

  private email(n: number, customer: number): WebhookRequest {
    const text = `Hello, my order #${100_000 + n} has not arrived yet. Could you tell me where it is?\r\n\r\nThanks,\r\nCustomer ${customer}`;
    const body = [
      `From: Customer ${customer} <customer${customer}@bench.example>`,
      'To: Acme Support <support@rapport.bench>',
      `Subject: Where is order #${100_000 + n}?`,
      `Date: ${new Date(FIRST_AT + n * 1_000).toUTCString()}`,
      `Message-ID: <bench-email-${n}@bench.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      '',
    ].join('\r\n');
    return {
      path: '/channels/email/inbound',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${this.secrets.emailInboundSecret}` },
      body,
    };
  }

  /** A form post signed as Twilio signs it: base64 HMAC-SHA1 of the URL and the parameters sorted by name. */
  private twilio(channel: string, form: Record<string, string>): WebhookRequest {
    const path = `/channels/${channel}/inbound`;
    let payload = `${this.twilioPublicUrl}${path}`;
    for (const name of Object.keys(form).sort()) payload += name + form[name];
    return {
      path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': createHmac('sha1', this.secrets.twilioAuthToken).update(payload, 'utf8').digest('base64'),
      },
      body: new URLSearchParams(form).toString(),
    };
  }

  /** A WhatsApp Cloud API `messages` webhook with one text message, signed as Meta signs it: hex HMAC-SHA256 of the raw body. */
  private whatsapp(n: number, customer: number): WebhookRequest {
    const from = whatsappPhone(customer);
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550100000', phone_number_id: '106540352242922' },
                contacts: [{ profile: { name: `Customer ${customer}` }, wa_id: from }],
                messages: [
                  {
                    from,
                    id: `wamid.bench${String(n).padStart(12, '0')}`,
                    timestamp: String(Math.floor((FIRST_AT + n * 1_000) / 1000)),
                    type: 'text',
                    text: { body: `Hello, my order #${100_000 + n} has not arrived yet. Could you tell me where it is?` },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    return {
      path: '/channels/whatsapp/inbound',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', this.secrets.metaAppSecret).update(body, 'utf8').digest('hex')}`,
      },
      body,
    };
  }
}

/** An incoming SMS with the fields Twilio's messaging webhook sends. */
function smsInboundForm(accountSid: string, n: number, customer: number): Record<string, string> {
  const sid = `SM${(0x1_0000_0000 + n).toString(16).padStart(32, 'a')}`;
  return {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: 'SAN FRANCISCO',
    FromZip: '94105',
    SmsSid: sid,
    FromState: 'CA',
    SmsStatus: 'received',
    FromCity: 'SAN FRANCISCO',
    Body: `Hello, my order #${100_000 + n} has not arrived yet. Could you tell me where it is?`,
    FromCountry: 'US',
    To: TWILIO_NUMBER,
    ToZip: '94105',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: accountSid,
    From: smsPhone(customer),
    ApiVersion: '2010-04-01',
  };
}

/** The `delivered` status callback of seeded outbound SMS `n`. */
function smsStatusForm(accountSid: string, n: number, customer: number): Record<string, string> {
  const sid = outboundSmsSid(n);
  return {
    SmsSid: sid,
    SmsStatus: 'delivered',
    MessageStatus: 'delivered',
    To: receiptPhone(customer),
    MessageSid: sid,
    AccountSid: accountSid,
    From: TWILIO_NUMBER,
    ApiVersion: '2010-04-01',
  };
}
