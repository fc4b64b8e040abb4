import type { PubSub } from 'graphql-yoga';
import type { CoreEventPayloads, DeliveredEvent, Disposable } from '@rapport/sdk';
import type { ConversationService } from '../../domain/ConversationService.js';
import type { EventBus } from '../../events/EventBus.js';

export type InteractionRecorded = CoreEventPayloads['interaction.recorded'];

export type ConversationChangeKind = 'OPENED' | 'RESOLVED' | 'ASSIGNED' | 'HANDED_OFF';

/** What `conversationChanged` subscribers get from the bus: plain JSON, so it can cross Redis. */
export interface ConversationChanged {
  eventId: string;
  kind: ConversationChangeKind;
  conversationId: string;
  customerId: string;
  status: 'OPEN' | 'RESOLVED';
  at: string;
  reason: string | null;
}

export type CustomerChangeKind = 'SCORE_CHANGED' | 'SEGMENT_ENTERED' | 'SEGMENT_LEFT' | 'UPDATED' | 'MERGED';

/** What `customerChanged` subscribers get from the bus: plain JSON, so it can cross Redis. */
export interface CustomerChanged {
  eventId: string;
  kind: CustomerChangeKind;
  customerId: string;
  at: string;
  rule: string | null;
  value: number | null;
  previousValue: number | null;
  model: string | null;
  segment: string | null;
  /** The raw id of the customer merged away (MERGED). */
  mergedCustomerId: string | null;
}

/** The topics the server publishes to subscribers, fed from the event bus ({@link bridgeEventsToTopics}). */
export type SubscriptionTopics = {
  'interaction.recorded': [InteractionRecorded];
  'conversation.changed': [ConversationChanged];
  'customer.changed': [CustomerChanged];
};

export type SubscriptionPubSub = PubSub<SubscriptionTopics>;

const CONVERSATION_EVENTS = {
  'conversation.opened': 'OPENED',
  'conversation.resolved': 'RESOLVED',
  'conversation.assigned': 'ASSIGNED',
  'conversation.handed_off': 'HANDED_OFF',
} as const satisfies Record<string, ConversationChangeKind>;

const CUSTOMER_EVENTS = {
  'score.changed': 'SCORE_CHANGED',
  'segment.entered': 'SEGMENT_ENTERED',
  'segment.left': 'SEGMENT_LEFT',
  'customer.updated': 'UPDATED',
  'customer.merged': 'MERGED',
} as const satisfies Record<string, CustomerChangeKind>;

/**
 * Publishes the domain events subscribers care about to the pub/sub topics. Durable events reach
 * exactly one instance's handlers (the outbox leases each to one dispatcher), so each event is
 * published once, by the instance that handles it; a Redis-backed pub/sub (subscriptionPubSub.ts)
 * then carries it to the subscribers of every instance. Only what a subscriber filters on travels
 * with the event: each subscriber reads the objects themselves when it resolves the event.
 */
export function bridgeEventsToTopics(events: EventBus, pubSub: SubscriptionPubSub, conversations: Pick<ConversationService, 'get'>): Disposable[] {
  const subscriptions: Disposable[] = [
    events.subscribe('interaction.recorded', (event) => {
      const { interactionId, customerId, conversationId, channel, type, direction } = event;
      pubSub.publish('interaction.recorded', { interactionId, customerId, conversationId, channel, type, direction });
    }),
  ];
  for (const [type, kind] of Object.entries(CONVERSATION_EVENTS)) {
    subscriptions.push(
      events.subscribe(type, async (event) => {
        const { conversationId, customerId } = event as DeliveredEvent<'conversation.opened'>;
        // Assignment and hand-off leave the status as it was: it is read so subscribers can filter on it.
        const status = kind === 'OPENED' ? 'OPEN' : kind === 'RESOLVED' ? 'RESOLVED' : (await conversations.get(conversationId))?.status;
        if (!status) return; // erased since: nothing left to show
        const reason = kind === 'HANDED_OFF' ? (event as DeliveredEvent<'conversation.handed_off'>).reason : null;
        pubSub.publish('conversation.changed', { eventId: event.id, kind, conversationId, customerId, status, at: event.occurredAt, reason });
      }),
    );
  }
  for (const [type, kind] of Object.entries(CUSTOMER_EVENTS)) {
    subscriptions.push(events.subscribe(type, (event) => pubSub.publish('customer.changed', customerChange(kind, event))));
  }
  return subscriptions;
}

function customerChange(kind: CustomerChangeKind, event: DeliveredEvent): CustomerChanged {
  const fields = event as unknown as Partial<
    CoreEventPayloads['score.changed'] & CoreEventPayloads['segment.entered'] & CoreEventPayloads['customer.merged']
  > & { customerId: string };
  return {
    eventId: event.id,
    kind,
    customerId: fields.customerId,
    at: event.occurredAt,
    rule: fields.rule ?? null,
    value: fields.value ?? null,
    previousValue: fields.previousValue ?? null,
    model: fields.model ?? null,
    segment: fields.segment ?? null,
    mergedCustomerId: fields.mergedCustomerId ?? null,
  };
}
