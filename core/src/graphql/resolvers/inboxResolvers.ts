import { ValidationError } from '@rapport/sdk';
import type { Conversation } from '../../domain/ConversationService.js';
import { keysetPageOf, sortKeyWindow, toConnection, type PageArgs } from '../connections.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { expectGlobalId } from '../globalIds.js';

interface InboxArgs extends PageArgs {
  status?: 'OPEN' | 'RESOLVED' | null;
  assigneeId?: string | null;
  channel?: string | null;
  handler?: 'BOT' | 'HUMAN' | null;
}

/** The user named, or the signed-in user behind the request when none is. */
function userIdOf(ctx: GraphQLContext, userId: string | null | undefined): string {
  if (userId) return userId;
  const actor = ctx.principal?.actor;
  if (actor?.kind !== 'USER') throw new ValidationError('Give userId: the caller is not a signed-in user (an API key is nobody\'s availability).', 'userId');
  return actor.id;
}

/** Bots, assignment and the inbox (inboxTypeDefs.ts). */
export const inboxResolvers = {
  Query: {
    conversations: async (_: unknown, args: InboxArgs, ctx: GraphQLContext) => {
      const window = sortKeyWindow(args);
      const filter = {
        ...(args.status && { status: args.status }),
        ...(args.assigneeId && { assigneeId: args.assigneeId }),
        ...(args.channel && { channel: args.channel }),
        ...(args.handler && { handler: args.handler }),
      };
      const entries = await ctx.services.inbox.page(filter, window.size + 1, keysetPageOf(window));
      return toConnection(entries, window.size, (entry) => entry.key, (entry) => entry.conversation, {
        window,
        totalCount: () => ctx.services.inbox.count(filter),
      });
    },
  },

  Mutation: {
    assignConversation: (_: unknown, { id, userId }: { id: string; userId?: string | null }, ctx: GraphQLContext) =>
      ctx.services.ownership.assign(expectGlobalId(id, 'Conversation'), userId ?? null),
    takeOverConversation: async (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => {
      const conversationId = expectGlobalId(id, 'Conversation');
      const actor = ctx.principal?.actor;
      const who = actor ? `${actor.kind === 'USER' ? 'agent' : actor.kind === 'API_KEY' ? 'API key' : 'the system'} ${actor.name ?? actor.id}` : 'an agent';
      const { conversation } = await ctx.services.ownership.handOff(conversationId, `taken over by ${who}`);
      if (actor?.kind === 'USER' && !conversation.assigneeId) return ctx.services.ownership.assign(conversationId, actor.id);
      return conversation;
    },
    setAvailability: (_: unknown, { available, userId }: { available: boolean; userId?: string | null }, ctx: GraphQLContext) =>
      ctx.services.users.setAvailable(userIdOf(ctx, userId), available),
    setTyping: (_: unknown, { conversationId, typing }: { conversationId: string; typing: boolean }, ctx: GraphQLContext) =>
      ctx.services.typing.show(expectGlobalId(conversationId, 'Conversation'), typing),
  },

  Conversation: {
    assignee: async (conversation: Conversation, _: unknown, ctx: GraphQLContext) =>
      conversation.assigneeId ? ((await ctx.services.users.get(conversation.assigneeId)) ?? null) : null,
  },
};
