import { pluginViews, type PluginView } from '../../plugin-host/pluginViews.js';
import type { GraphQLContext } from '../GraphQLContext.js';

export const consoleResolvers = {
  Query: {
    consoleViews: (_: unknown, { location }: { location?: string | null }, ctx: GraphQLContext) =>
      pluginViews(ctx.services.host).filter((view) => !location || view.location === location.toLowerCase()),
  },
  ConsoleView: {
    // The manifest's lower-case location, as the schema's enum value.
    location: ({ location }: PluginView) => location.toUpperCase(),
  },
};
