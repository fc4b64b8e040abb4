import type { DeliveryStatus } from './delivery.js';
import type { Direction } from './domain.js';

/**
 * The payloads of the events the core publishes (docs/plugin-context.md#events), keyed by event type.
 * Plugins may publish and subscribe to their own types as well; those carry any JSON payload.
 */
export interface CoreEventPayloads {
  'customer.created': { customerId: string };
  'customer.updated': { customerId: string };
  'customer.merged': { customerId: string; mergedCustomerId: string };
  'interaction.recorded': {
    interactionId: string;
    customerId: string;
    conversationId: string | null;
    channel: string;
    type: string;
    direction: Direction;
  };
  'interaction.delivery_changed': {
    interactionId: string;
    customerId: string;
    channel: string;
    status: DeliveryStatus;
    /** The status before; `null` when the message was recorded with a status already moved on. */
    previousStatus: DeliveryStatus | null;
    /** The provider's error, for `FAILED`. */
    error?: string;
  };
  'conversation.opened': { conversationId: string; customerId: string };
  'conversation.resolved': { conversationId: string; customerId: string };
  /**
   * A bot's conversation went to people: the customer asked for a person, the bot was unsure,
   * failed or timed out, or an agent took it over. `reason` says which, for a person to read.
   */
  'conversation.handed_off': { conversationId: string; customerId: string; reason: string };
  /** A conversation was assigned to an agent (`assigneeId`), or unassigned (`null`). */
  'conversation.assigned': { conversationId: string; customerId: string; assigneeId: string | null; previousAssigneeId: string | null };
  'score.changed': { customerId: string; rule: string; value: number; previousValue: number | null };
  /**
   * A customer entered a segment. For rule-tree segments the event reaches the outbox when the
   * refresh's event set is expanded, just after its commit: in order with the customer's other
   * `segment.*` events, possibly after an event of theirs committed in between.
   */
  'segment.entered': { customerId: string; model: string; segment: string };
  /** A customer left a segment; delivered in the order `segment.entered` describes. */
  'segment.left': { customerId: string; model: string; segment: string };
  'workflow.completed': { runId: string; workflow: string; customerId: string | null };
  'workflow.failed': { runId: string; workflow: string; customerId: string | null };
  'plugin.activated': { name: string; version: string };
  'plugin.deactivated': { name: string; version: string };
  'plugin.failed': { name: string; version: string };
}

/** The type of an event the core publishes. */
export type CoreEventType = keyof CoreEventPayloads;

/** Any event type: a core one or a plugin's own, such as `acme.tier.changed`. */
export type EventType = CoreEventType | (string & {});

/** The payload of an event of type `T`. */
export type EventPayload<T extends EventType> = T extends CoreEventType ? CoreEventPayloads[T] : Record<string, unknown>;

/**
 * An event as a handler receives it: the payload's fields plus the event's own `id`,
 * `occurredAt` and `eventType`. (The event type is not called `type`, because payloads such as
 * `interaction.recorded` have a `type` of their own.) Delivery is at least once, so a handler
 * that must not act twice keeps the `id`s it has handled.
 *
 * For several types it is a union discriminated by `eventType`: checking `eventType` narrows
 * it to that type's payload, with no cast (see `ScoringRule.filter`).
 *
 * @example
 * ```ts
 * ctx.events.on('conversation.resolved', async (event) => {
 *   ctx.logger.info({ eventId: event.id, conversationId: event.conversationId }, 'resolved');
 * });
 * ```
 */
export type DeliveredEvent<T extends EventType = EventType> = T extends EventType
  ? EventPayload<T> & {
      /** Unique id of this event; the same on every redelivery. */
      readonly id: string;
      /** The event type, e.g. `interaction.recorded`. */
      readonly eventType: T;
      /** When the event happened, as an ISO-8601 timestamp. */
      readonly occurredAt: string;
    }
  : never;

/** A function that handles events of type `T`. It may be async; it is bounded by a timeout. */
export type EventHandler<T extends EventType = EventType> = (event: DeliveredEvent<T>) => unknown;

/** The event types that only the core may publish. */
export const CORE_EVENT_TYPES: readonly CoreEventType[] = [
  'customer.created',
  'customer.updated',
  'customer.merged',
  'interaction.recorded',
  'interaction.delivery_changed',
  'conversation.opened',
  'conversation.resolved',
  'conversation.handed_off',
  'conversation.assigned',
  'score.changed',
  'segment.entered',
  'segment.left',
  'workflow.completed',
  'workflow.failed',
  'plugin.activated',
  'plugin.deactivated',
  'plugin.failed',
];
