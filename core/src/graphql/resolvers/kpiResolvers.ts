import type { KpiGrouping } from '../../kpis/ServiceKpis.js';
import type { GraphQLContext } from '../GraphQLContext.js';

export const kpiResolvers = {
  Query: {
    serviceKpis: (_: unknown, args: { from: Date; to: Date; channel?: string | null; groupBy?: KpiGrouping | null }, ctx: GraphQLContext) =>
      ctx.services.kpis.summary({ from: args.from, to: args.to, ...(args.channel && { channel: args.channel }), ...(args.groupBy && { groupBy: args.groupBy }) }),
  },
};
