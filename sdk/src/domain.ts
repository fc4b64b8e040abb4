/** Which way an interaction went: from the customer, to the customer, or inside the team. */
export type Direction = 'INBOUND' | 'OUTBOUND' | 'INTERNAL';

/**
 * The built-in interaction types. Plugins may use any other string as well, e.g. `chat_rating`.
 */
export type InteractionType = 'message' | 'call' | 'survey_response' | 'purchase' | 'note' | (string & {});

/** A customer as plugins see it. */
export interface Customer {
  id: string;
  displayName: string | null;
  /** Normalized to lower case. */
  emails: string[];
  /** Normalized to E.164. */
  phones: string[];
  /** Social and messaging handles, each on its channel. */
  handles: { channel: string; handle: string }[];
  /** Demographic, firmographic and psychographic fields, free-form. */
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields accepted by `ctx.customers.create()`. */
export interface CreateCustomerInput {
  displayName?: string | null;
  emails?: string[];
  phones?: string[];
  handles?: { channel: string; handle: string }[];
  attributes?: Record<string, unknown>;
}

/** Fields accepted by `ctx.customers.update()`; omitted fields keep their value. */
export type UpdateCustomerInput = CreateCustomerInput;

/** A filter for `ctx.customers.find()`; all given fields must match. */
export interface CustomerQuery {
  /** Matches display name, email or phone, case-insensitively. */
  text?: string;
  email?: string;
  phone?: string;
  handle?: { channel: string; handle: string };
  /** At most this many customers (default 100). */
  limit?: number;
}

/** One thing that happened between the business and a customer. */
export interface Interaction {
  id: string;
  customerId: string;
  conversationId: string | null;
  channel: string;
  direction: Direction;
  type: InteractionType;
  subject: string | null;
  text: string | null;
  occurredAt: Date;
  externalId: string | null;
  metadata: Record<string, unknown>;
}

/**
 * The fields of `RecordInteractionInput` (docs/graphql-api.md, `RecordInteractionInput`). Give either `customerId` or an identity
 * (`email`, `phone`, or a `handle` on `channel`); an unknown identity creates the customer.
 */
export interface RecordInteractionInput {
  customerId?: string;
  email?: string;
  phone?: string;
  handle?: string;
  channel: string;
  direction: Direction;
  type: InteractionType;
  subject?: string;
  text?: string;
  /** Defaults to now. */
  occurredAt?: Date | string;
  /** With `channel`, makes recording idempotent. */
  externalId?: string;
  /** Groups the interaction into the conversation with the same key. */
  threadKey?: string;
  /**
   * Records the interaction in this conversation of the customer (e.g. an internal note about
   * it), instead of routing it by `threadKey` or the open conversation.
   */
  conversationId?: string;
  metadata?: Record<string, unknown>;
}

/** Options for `ctx.interactions.list()`. */
export interface ListInteractionsOptions {
  /** Only the interactions of this conversation of the customer. */
  conversationId?: string;
  channel?: string;
  type?: string;
  direction?: Direction;
  /** Only interactions that occurred at or after this time. */
  since?: Date;
  /** Most recent first when true; by default oldest first, ordered by `occurredAt`. */
  newestFirst?: boolean;
  limit?: number;
}

/**
 * A filter for `ctx.interactions.find()`: interactions of every customer, for org-wide figures.
 * Results are ordered by `occurredAt`, then id; page with `after`.
 */
export interface InteractionSearch {
  type?: string;
  channel?: string;
  direction?: Direction;
  /** Occurred at or after this time. */
  from?: Date;
  /** Occurred before this time. */
  to?: Date;
  /** At most this many (default 500, at most 5 000). */
  limit?: number;
  /** The last interaction of the previous page: the next page starts after it. */
  after?: Pick<Interaction, 'id' | 'occurredAt'>;
}

/** Whether a conversation is still being handled. */
export type ConversationStatus = 'OPEN' | 'RESOLVED';

/**
 * A conversation: the interactions of one customer's issue, across channels, with the service
 * timings the GraphQL API shows.
 */
/** Who answers a conversation: a bot, or people. */
export type ConversationHandler = 'BOT' | 'HUMAN';

export interface Conversation {
  id: string;
  customerId: string;
  status: ConversationStatus;
  /** The channels its interactions used, in order of first use. */
  channels: string[];
  openedAt: Date;
  /** The last interaction (or re-opening) in it. */
  lastActivityAt: Date;
  /** The customer's first message in it, if they wrote. */
  firstInboundAt: Date | null;
  /** The first OUTBOUND reply after the customer's first message. */
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  /**
   * Who answers it: `BOT` while a bot configured for its channel does (`bots` in the config),
   * `HUMAN` from the start otherwise and after a hand-off.
   */
  handler: ConversationHandler;
  /** The id of the user (an agent) it is assigned to, or null. */
  assigneeId: string | null;
  /** From the customer's first message to the first reply, in milliseconds; null until both happened. */
  firstResponseTimeMs: number | null;
  /** From opening to resolution, in milliseconds; null while open. */
  resolutionTimeMs: number | null;
}

/** Options of `ctx.conversations.list()` and `subject.conversations()`. */
export interface ListConversationsOptions {
  status?: ConversationStatus;
  /** Only conversations opened at or after this time. */
  since?: Date;
  /** Most recently opened first when true; by default oldest first, by `openedAt`. */
  newestFirst?: boolean;
  /** At most this many (1 to 1000; 100 by default). */
  limit?: number;
}
