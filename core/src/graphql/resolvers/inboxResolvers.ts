import { RapportError } from '@rapport/sdk';
import type { Conversation } from '../../domain/ConversationService.js';
import { afterKey, pageSize, toConnection, type PageArgs } from '../connections.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { expectGlobalId } from '../globalIds.js';

interface InboxArgs extends PageArgs {
  status?: 'OPEN' | 'RESOLVED' | null;
  assigneeId?: string | null;
  channel?: string | null;
  handler?: 'BOT' | 'HUMAN' | null;
}

/** The signed-in user behind the request, for what only a person can do (availability). */
function signedInUserId(ctx: GraphQLContext, what: string): string {
  const actor = ctx.principal?.actor;
  if (actor?.kind !== 'USER') throw new RapportError('PERMISSION_DENIED', `${what} is for signed-in users: sign in with login and send the session token.`);
  return actor.id;
}

/** Bots, assignment and the inbox (inboxTypeDefs.ts). */
export const inboxResolvers = {
  Query: {
    conversations: async (_: unknown, args: InboxArgs, ctx: GraphQLContext) => {
      const size = pageSize(args.first);
      const filter = {
        ...(args.status && { status: args.status }),
        ...(args.assigneeId && { assigneeId: args.assigneeId }),
        ...(args.channel && { channel: args.channel }),
        ...(args.handler && { handler: args.handler }),
      };
      const after = afterKey(args);
      const entries = await ctx.services.inbox.page(filter, size + 1, after);
      return toConnection(entries, size, (entry) => entry.key, (entry) => entry.conversation, {
        after: Boolean(after),
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
    setAvailability: (_: unknown, { available }: { available: boolean }, ctx: GraphQLContext) =>
      ctx.services.users.setAvailable(signedInUserId(ctx, 'setAvailability'), available),
    setTyping: (_: unknown, { conversationId, typing }: { conversationId: string; typing: boolean }, ctx: GraphQLContext) =>
      ctx.services.typing.show(expectGlobalId(conversationId, 'Conversation'), typing),
  },

  Conversation: {
    assignee: async (conversation: Conversation, _: unknown, ctx: GraphQLContext) =>
      conversation.assigneeId ? ((await ctx.services.users.get(conversation.assigneeId)) ?? null) : null,
  },
};
