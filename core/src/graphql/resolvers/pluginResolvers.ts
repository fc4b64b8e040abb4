import type { PluginStatus } from '@rapport/sdk';
import type { GraphQLContext } from '../GraphQLContext.js';

export const pluginResolvers = {
  Query: {
    plugins: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.host.list(),
  },

  Mutation: {
    // The schema follows on the next request: the assembler notices that the set of plugin
    // schemas changed (see SchemaAssembler).
    setPluginEnabled: (_: unknown, { name, enabled }: { name: string; enabled: boolean }, ctx: GraphQLContext) =>
      ctx.services.host.setEnabled(name, enabled),
  },

  Plugin: {
    metrics: ({ metrics }: PluginStatus) => ({
      activationTimeMs: metrics.activationTimeMs,
      activatedAt: metrics.activatedAt,
      handlerCalls: metrics.handlerCalls,
      failures: metrics.failures,
      lastError: metrics.lastError?.message ?? null,
      lastErrorAt: metrics.lastError?.at ?? null,
    }),
  },
};
