import type { DeliveryReceipt, DeliveryStatus } from '../delivery.js';
import type { Interaction, InteractionType } from '../domain.js';
import type { ChannelRequest, ChannelResponse } from './channelRoutes.js';

/**
 * A message template approved by the provider (WhatsApp's message templates), which a channel
 * may send outside its reply window. Give it as `SendMessageInput.template` or
 * `OutboundMessage.template`; only channels that declare `templates: true` in
 * `contributes.channels` take one.
 */
export interface MessageTemplate {
  /** The template's name as registered with the provider, e.g. `order_update`. */
  name: string;
  /** Its language code, e.g. `en_US`. */
  language: string;
  /** The values of its body parameters, in order (`{{1}}`, `{{2}}`, …). */
  parameters?: string[];
}

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
  /**
   * A provider template to send instead of free-form text (`text` then describes it for the
   * record). The core passes one only to channels that declare `templates: true`.
   */
  template?: MessageTemplate;
  /**
   * When the customer last wrote on this channel (any conversation), filled in by the core for
   * channels that declare a `replyWindow`: e.g. Messenger adds the `HUMAN_AGENT` tag past 24 hours.
   * The core has already refused a free-form send outside the window.
   */
  lastInboundAt?: Date;
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
  /**
   * Where the message is now: `QUEUED` (the default: the provider took it and reports the rest
   * by callback) or, e.g. for an SMTP server's accept, `SENT`. Later receipts move it on.
   */
  status?: DeliveryStatus;
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
  /**
   * Delivery receipts on this channel (status callbacks, read receipts, bounces), applied in the
   * same transaction as `messages`: each moves its message's status forward or changes nothing.
   */
  receipts?: DeliveryReceipt[];
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
  /**
   * Who sent it; at least one identity. The first of `email`, `phone` and `handle` is the sender;
   * the others are identities the message gives as well, such as a phone number in an email's
   * signature. They link a sender nobody knows yet to the customer who has one of them (who then
   * gains the sender's address), and are added to the sender's customer when nobody has them. One
   * that belongs to another customer changes nothing: merging customers is a person's decision.
   * One that is not valid is ignored.
   */
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
  /**
   * For a record that providers update in several callbacks (a phone call's status, recording and
   * transcript): when `(channel, externalId)` is recorded already, the core calls `merge` with the
   * stored interaction, inside the transaction and with the row locked, and applies what it
   * returns; `undefined` changes nothing. Without `merge`, a repeat changes nothing, as recording
   * is idempotent. Keep it pure: it may run more than once when concurrent callbacks collide.
   *
   * @example
   * ```ts
   * merge: (existing) => (rank(existing.metadata.status) < rank(status) ? { metadata: { status } } : undefined),
   * ```
   */
  merge?(existing: Interaction): InteractionChanges | undefined;
  /**
   * The plugin's own events to publish with this record, in its transaction (so they are
   * published once the interaction is stored, and never for one that is not), for example a
   * missed call that a workflow calls back. Each payload gets the record's `interactionId`,
   * `customerId`, `conversationId` and `channel`. Core event types are refused.
   */
  events?: RecordEvent[];
}

/** What {@link InboundMessage.merge} changes in a stored interaction. */
export interface InteractionChanges {
  /** Replaces the text. */
  text?: string;
  /** Merged into the stored metadata key by key; a `null` value removes that key. */
  metadata?: Record<string, unknown>;
  /** Events to publish with the change, as {@link InboundMessage.events}. */
  events?: RecordEvent[];
}

/** A plugin event published together with a record: see {@link InboundMessage.events}. */
export interface RecordEvent {
  /** The plugin's own, namespaced type, e.g. `phone.call_missed`. */
  type: string;
  /** Further payload fields; the record's ids are added. */
  payload?: Record<string, unknown>;
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
  /**
   * Serves the channel's own routes, `/channels/<id>/<path>` for any path but `inbound` and any
   * method (`OPTIONS` included, so a channel answers its own CORS preflights): what it offers
   * browsers and apps, such as a chat widget's script and visitor API. The plugin checks who may
   * call (Origin, its own tokens); the core only routes. A `NotFoundError` or a missing method is
   * a 404; a `ValidationError` a 400 with its message.
   *
   * @example
   * ```ts
   * async handleRequest(request) {
   *   if (request.method === 'GET' && request.path === '/hello') return { contentType: 'text/plain', body: 'hi' };
   *   return { status: 404, body: 'Not found' };
   * }
   * ```
   */
  handleRequest?(request: ChannelRequest): Promise<ChannelResponse>;
  /**
   * Shows the customer that an agent is typing (or stopped), where the channel can: the core calls
   * it for `setTyping`. Channels without typing indicators leave it out.
   */
  showTyping?(indicator: TypingIndicator): Promise<void>;
}

/** That an agent is typing in a conversation, or stopped: see {@link ChannelProvider.showTyping}. */
export interface TypingIndicator {
  customerId: string;
  conversationId: string;
  /** The customer's address on the channel, as for {@link OutboundMessage.to}. */
  to?: string;
  typing: boolean;
}
