import type { InteractionType } from '../domain.js';

/** A message to deliver through a channel. */
export interface OutboundMessage {
  /** The customer the message is for; the channel looks up the address it needs. */
  customerId: string;
  /**
   * The customer's address on this channel (email address, E.164 phone, handle), filled in by
   * the core from the channel's `contributes.channels[].address`, when the customer has one.
   */
  to?: string;
  /** The customer's display name, when known (e.g. for an email's `To:` header). */
  toName?: string;
  subject?: string;
  text: string;
  html?: string;
  /** The conversation the message belongs to, so the channel can thread it. */
  conversationId?: string;
  /**
   * External ids of earlier messages of the conversation on this channel (e.g. email
   * Message-IDs), oldest first; the core fills them in. The last one is the message replied to.
   */
  references?: string[];
  metadata?: Record<string, unknown>;
}

/** Options the core passes along with every send. */
export interface SendOptions {
  /**
   * The same key for every retry of one logical message. A provider must not deliver a message
   * twice for the same key.
   */
  idempotencyKey?: string;
}

/** What a channel reports after delivering a message. */
export interface SendResult {
  /** The provider's id of the delivered message (e.g. an email Message-ID). */
  externalId: string;
  metadata?: Record<string, unknown>;
}

/**
 * A raw HTTP request to `GET` or `POST /channels/:id/inbound`, handed to `parseInbound`: a
 * message, a delivery receipt, or a provider's handshake.
 */
export interface InboundRequest {
  /** `POST` for messages and callbacks; `GET` for handshakes such as Meta's verification. */
  method: string;
  /** The path and query string, as received, e.g. `/channels/sms/inbound?x=1`. */
  url: string;
  /**
   * The full URL the provider called, as the provider sees it: from the deployment's
   * `server.publicUrl` when configured, else from `X-Forwarded-Proto` and `X-Forwarded-Host` (a
   * proxy changes scheme and host), else from `Host`. Providers that sign the URL (Twilio) sign
   * this one; see {@link publicUrlOf} to use a plugin setting instead.
   */
  publicUrl: string;
  /** Header names in lower case; see {@link headerValue}. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received (raw bytes), so signatures can be verified over it. */
  body: Uint8Array;
  /** The `content-type` header without parameters, e.g. `message/rfc822`. */
  contentType?: string;
}

/**
 * What a channel answers a webhook call with, instead of the core's JSON summary: TwiML for
 * Twilio, the challenge of a handshake, a 403 for a bad signature.
 */
export interface WebhookResponse {
  /** The HTTP status; 200 by default. */
  status?: number;
  /** The content type; `text/plain; charset=utf-8` by default when there is a body. */
  contentType?: string;
  body?: string | Uint8Array;
  /** Further headers, names in lower case. */
  headers?: Record<string, string>;
}

/**
 * What `parseInbound` returns when a plain list of messages is not enough: the messages to
 * record (all of them in one transaction, or none) and the answer the provider expects.
 *
 * @example
 * ```ts
 * // A handshake: nothing to record, the challenge echoed back.
 * return { response: { status: 200, body: query.get('hub.challenge') ?? '' } };
 * // A message from Twilio: recorded, answered with empty TwiML.
 * return { messages: [message], response: { contentType: 'text/xml', body: '<Response/>' } };
 * ```
 */
export interface InboundResult {
  messages?: InboundMessage[];
  response?: WebhookResponse;
}

/**
 * The first value of a header (names are case-insensitive), or `undefined`.
 *
 * @example
 * ```ts
 * headerValue(request, 'X-Twilio-Signature');
 * ```
 */
export function headerValue(request: Pick<InboundRequest, 'headers'>, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The URL the provider called, rebuilt on `base` when given (a plugin's own `publicUrl` setting,
 * such as `https://crm.example.com`), else the request's {@link InboundRequest.publicUrl}.
 *
 * @example
 * ```ts
 * publicUrlOf(request, settings.publicUrl); // 'https://crm.example.com/channels/sms/inbound'
 * ```
 */
export function publicUrlOf(request: Pick<InboundRequest, 'url' | 'publicUrl'>, base?: string): string {
  if (!base) return request.publicUrl;
  return `${base.replace(/\/+$/, '')}${request.url.startsWith('/') ? '' : '/'}${request.url}`;
}

/** A message received on a channel, normalized by the channel's `parseInbound`. */
export interface InboundMessage {
  /** The provider's unique id; recording is idempotent on `(channel, externalId)`. */
  externalId: string;
  /**
   * The interaction type to record; `message` by default. A reply that answers a survey question
   * is a `survey_response` with the answer in `metadata` (see `readSurveyAnswer`).
   */
  type?: InteractionType;
  /** Who sent it; at least one identity. */
  from: { email?: string; phone?: string; handle?: string; name?: string };
  subject?: string;
  text: string;
  /** When the customer sent it; the core's clock (now) when the provider does not say. */
  occurredAt?: Date | string;
  /** Groups the message with earlier ones in the same thread. */
  threadKey?: string;
  /**
   * External ids of earlier messages on this channel that this one answers, oldest first (for
   * email: References, then In-Reply-To). The core joins the open conversation of the newest one
   * it has recorded, whether the customer or the business sent it; `threadKey` and the open
   * conversation are the fallbacks.
   */
  references?: string[];
  metadata: Record<string, unknown>;
}

/**
 * A channel: how Rapport talks to customers over email, SMS, chat, phone or social media.
 * Registered with `ctx.channels.registerChannel(id, provider)` and declared in
 * `rapport.contributes.channels`.
 *
 * @example
 * ```ts
 * ctx.subscriptions.push(ctx.channels.registerChannel('sms', {
 *   async send(message, { idempotencyKey }) {
 *     const sid = await gateway.send(message.to!, message.text, idempotencyKey);
 *     return { externalId: sid };
 *   },
 * }));
 * ```
 */
export interface ChannelProvider {
  /** Delivers a message and returns the provider's id for it. Throw to report a failure. */
  send(message: OutboundMessage, options: SendOptions): Promise<SendResult>;
  /**
   * Verifies and parses a webhook request (`GET` or `POST /channels/:id/inbound`) into messages,
   * or into an {@link InboundResult} when the provider expects an answer of its own. Throw a
   * `ValidationError` for input that is not acceptable: the route answers 400 with its message
   * and stores nothing. A channel without `parseInbound` receives nothing (404).
   */
  parseInbound?(request: InboundRequest): Promise<InboundMessage[] | InboundResult>;
}
