import { filter, pipe, type PubSub } from 'graphql-yoga';
import type { CoreEventPayloads } from '@rapport/sdk';
import type { GraphQLContext } from '../GraphQLContext.js';
import { customerIdOf, found } from './shared.js';

export type InteractionRecorded = CoreEventPayloads['interaction.recorded'];

/** The topics the server publishes to subscribers; fed from the event bus (createGraphQLServer). */
export type SubscriptionPubSub = PubSub<{ 'interaction.recorded': [InteractionRecorded] }>;

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
        // The event names the interaction; subscribers get it as it is stored. One subscription
        // keeps its context for its whole life, so each event starts with empty loader caches.
        resolve: async (event: InteractionRecorded, _: unknown, ctx: GraphQLContext) => {
          ctx.loaders.clearAll();
          return found(await ctx.loaders.interaction.load(event.interactionId), `interaction "${event.interactionId}"`);
        },
      },
    },
  };
}
