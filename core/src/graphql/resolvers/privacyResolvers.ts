import { naming } from '../../util/errorRefs.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { toGlobalId } from '../globalIds.js';
import { customerIdOf } from './shared.js';

/**
 * The data subject's rights (`privacy:manage`, docs/security/privacy.md). An id merged into
 * another customer means the survivor, as everywhere in the API; after an erasure neither the
 * id nor the ids merged into it lead anywhere, so both fields answer NOT_FOUND.
 */
export const privacyResolvers = {
  Query: {
    exportCustomer: async (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => {
      const customerId = await customerIdOf(ctx, id);
      return naming({ type: 'Customer', id: customerId, field: 'id' }, () => ctx.services.privacy.exportCustomer(customerId, toGlobalId));
    },
  },
  Mutation: {
    eraseCustomer: async (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => {
      const customerId = await customerIdOf(ctx, id);
      await naming({ type: 'Customer', id: customerId, field: 'id' }, () => ctx.services.privacy.eraseCustomer(customerId));
      return true;
    },
  },
};
