import type { GraphQLContext } from '../GraphQLContext.js';
import { fromGlobalId } from '../globalIds.js';
import { customerIdOf } from './shared.js';

export const nodeResolvers = {
  Query: {
    /**
     * Any object by its global id. The result carries `__typename`, which graphql-js's default
     * type resolver reads to pick the concrete type of the `Node` interface.
     */
    node: async (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => {
      const { type, id: rawId } = fromGlobalId(id);
      const object =
        type === 'Customer'
          ? await ctx.loaders.customer.load(await customerIdOf(ctx, id))
          : type === 'Interaction'
            ? await ctx.loaders.interaction.load(rawId)
            : type === 'Conversation'
              ? await ctx.loaders.conversation.load(rawId)
              : type === 'AuditEvent'
                ? await ctx.services.audit.get(rawId)
                : await ctx.services.workflows.get(rawId);
      return object ? { ...object, __typename: type } : null;
    },
  },
};
