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
 * The fields of `RecordInteractionInput` (contracts §8). Give either `customerId` or an identity
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
  metadata?: Record<string, unknown>;
}

/** Options for `ctx.interactions.list()`. */
export interface ListInteractionsOptions {
  channel?: string;
  type?: string;
  /** Most recent first when true; by default oldest first, ordered by `occurredAt`. */
  newestFirst?: boolean;
  limit?: number;
}
