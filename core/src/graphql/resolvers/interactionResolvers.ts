import type { Direction, Interaction } from '@rapport/sdk';
import type { GraphQLContext } from '../GraphQLContext.js';
import { toGlobalId } from '../globalIds.js';
import { customerOf } from './customerResolvers.js';
import { customerIdOf, withoutNulls } from './shared.js';

/** RecordInteractionInput as GraphQL delivers it: omitted fields may be null. */
interface RecordInteractionArgs {
  customerId?: string | null;
  email?: string | null;
  phone?: string | null;
  handle?: string | null;
  channel: string;
  direction: Direction;
  type: string;
  subject?: string | null;
  text?: string | null;
  occurredAt?: Date | null;
  externalId?: string | null;
  threadKey?: string | null;
  metadata?: Record<string, unknown> | null;
}

export const interactionResolvers = {
  Mutation: {
    // Identity resolution, conversation routing and (channel, externalId) idempotency are the
    // domain service's; this only translates ids.
    recordInteraction: async (_: unknown, { input }: { input: RecordInteractionArgs }, ctx: GraphQLContext) => {
      const { customerId, ...rest } = withoutNulls(input);
      return ctx.services.interactions.record({
        ...rest,
        ...(customerId !== undefined && { customerId: await customerIdOf(ctx, customerId, 'customerId') }),
      });
    },
  },

  Interaction: {
    id: (interaction: Interaction) => toGlobalId('Interaction', interaction.id),
    customer: (interaction: Interaction, _: unknown, ctx: GraphQLContext) => customerOf(ctx, interaction.customerId),
    conversation: async (interaction: Interaction, _: unknown, ctx: GraphQLContext) =>
      interaction.conversationId ? ((await ctx.loaders.conversation.load(interaction.conversationId)) ?? null) : null,
    // Keyed by what the provider knows the message by: a receipt may have come before the record.
    delivery: (interaction: Interaction, _: unknown, ctx: GraphQLContext) =>
      interaction.externalId && interaction.direction === 'OUTBOUND' ? ctx.loaders.delivery.load({ channel: interaction.channel, externalId: interaction.externalId }) : null,
  },
};
