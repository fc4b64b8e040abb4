import type { Interaction } from '@rapport/sdk';
import type { Conversation } from '../../domain/ConversationService.js';
import type { PageArgs } from '../connections.js';
import { interactionColumns } from '../data/interactionColumns.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { expectGlobalId, toGlobalId } from '../globalIds.js';
import type { SelectionInfo } from '../selections.js';
import { customerOf } from './customerResolvers.js';
import { childConnection } from './shared.js';

export const conversationResolvers = {
  Query: {
    conversation: async (_: unknown, { id }: { id: string }, ctx: GraphQLContext) =>
      (await ctx.loaders.conversation.load(expectGlobalId(id, 'Conversation'))) ?? null,
  },

  Mutation: {
    resolveConversation: (_: unknown, { id }: { id: string }, ctx: GraphQLContext) =>
      ctx.services.conversations.resolve(expectGlobalId(id, 'Conversation')),
  },

  Conversation: {
    id: (conversation: Conversation) => toGlobalId('Conversation', conversation.id),
    customer: (conversation: Conversation, _: unknown, ctx: GraphQLContext) => customerOf(ctx, conversation.customerId),
    replyWindows: (conversation: Conversation, _: unknown, ctx: GraphQLContext) => ctx.services.replyWindows.windowsOf(conversation.customerId, conversation.channels),
    interactions: (conversation: Conversation, args: PageArgs & { newestFirst?: boolean | null }, ctx: GraphQLContext, info: SelectionInfo) =>
      childConnection(
        { pages: ctx.loaders.conversationInteractions, counts: ctx.loaders.conversationInteractionCount },
        conversation.id,
        args,
        {
          descending: args.newestFirst === true,
          filters: {},
          columns: interactionColumns,
          keyOf: (interaction: Interaction) => ({ at: interaction.occurredAt, id: interaction.id }),
          toNode: (interaction: Interaction) => interaction,
        },
        info,
      ),
  },
};
