import { filter, pipe } from 'graphql-yoga';
import type { GraphQLContext } from '../GraphQLContext.js';
import { toGlobalId } from '../globalIds.js';
import type { ConversationChanged, CustomerChanged, InteractionRecorded, SubscriptionPubSub } from '../subscriptions/subscriptionTopics.js';
import { customerIdOf, found } from './shared.js';

export type { InteractionRecorded, SubscriptionPubSub } from '../subscriptions/subscriptionTopics.js';

/**
 * The Subscription fields (subscriptionTypeDefs.ts). Each filters the topic's events on what they
 * carry, then resolves the objects they name as they are stored now. One subscription keeps its
 * context for its whole life, so each event starts with empty loader caches: a subscriber never
 * gets the state an earlier event left in them.
 */
export function subscriptionResolvers(pubSub: SubscriptionPubSub) {
  return {
    Subscription: {
      interactionRecorded: {
        subscribe: async (_: unknown, { customerId }: { customerId?: string | null }, ctx: GraphQLContext) => {
          const only = customerId ? await customerIdOf(ctx, customerId, 'customerId') : undefined;
          return pipe(
            pubSub.subscribe('interaction.recorded'),
            filter((event: InteractionRecorded) => only === undefined || event.customerId === only),
          );
        },
        resolve: async (event: InteractionRecorded, _: unknown, ctx: GraphQLContext) => {
          ctx.loaders.clearAll();
          return found(await ctx.loaders.interaction.load(event.interactionId), `interaction "${toGlobalId('Interaction', event.interactionId)}"`);
        },
      },
      conversationChanged: {
        subscribe: (_: unknown, { status }: { status?: 'OPEN' | 'RESOLVED' | null }) =>
          pipe(
            pubSub.subscribe('conversation.changed'),
            filter((event: ConversationChanged) => !status || event.status === status),
          ),
        resolve: (event: ConversationChanged, _: unknown, ctx: GraphQLContext) => {
          ctx.loaders.clearAll();
          return event;
        },
      },
      customerChanged: {
        subscribe: async (_: unknown, { id }: { id?: string | null }, ctx: GraphQLContext) => {
          // Validated before the stream starts: a bad id is BAD_USER_INPUT at once, not silence.
          const only = id ? await customerIdOf(ctx, id, 'id') : undefined;
          return pipe(
            pubSub.subscribe('customer.changed'),
            filter((event: CustomerChanged) => only === undefined || event.customerId === only || event.mergedCustomerId === only),
          );
        },
        resolve: (event: CustomerChanged, _: unknown, ctx: GraphQLContext) => {
          ctx.loaders.clearAll();
          return event;
        },
      },
    },
    ConversationChange: {
      conversation: async (change: ConversationChanged, _: unknown, ctx: GraphQLContext) =>
        found(await ctx.loaders.conversation.load(change.conversationId), `conversation "${toGlobalId('Conversation', change.conversationId)}"`),
    },
    CustomerChange: {
      customer: async (change: CustomerChanged, _: unknown, ctx: GraphQLContext) => {
        const id = await ctx.services.merger.survivorOf(change.customerId);
        return found(await ctx.loaders.customer.load(id), `customer "${toGlobalId('Customer', change.customerId)}"`);
      },
      mergedCustomerId: (change: CustomerChanged) => (change.mergedCustomerId ? toGlobalId('Customer', change.mergedCustomerId) : null),
    },
  };
}
