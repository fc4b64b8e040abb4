import type { PluginStatus } from '@rapport/sdk';
import { redactServerPaths } from '../../util/redactServerPaths.js';
import type { GraphQLContext } from '../GraphQLContext.js';

export const pluginResolvers = {
  Query: {
    plugins: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.host.list(),
    // From the manifests alone, so a channel shows before its plugin is activated, and while it is off.
    channels: (_: unknown, __: unknown, ctx: GraphQLContext) =>
      ctx.services.host.loadedManifests().flatMap(({ name, manifest }) => {
        const state = ctx.services.host.status(name).state;
        return (manifest.rapport.contributes?.channels ?? []).map((channel) => ({
          id: channel.id,
          displayName: channel.displayName ?? channel.id,
          addressKind: (channel.address ?? 'handle').toUpperCase(),
          plugin: name,
          state,
        }));
      }),
  },

  Mutation: {
    // The schema follows on the next request: the assembler notices that the set of plugin
    // schemas changed (see SchemaAssembler).
    setPluginEnabled: (_: unknown, { name, enabled }: { name: string; enabled: boolean }, ctx: GraphQLContext) =>
      ctx.services.host.setEnabled(name, enabled),
  },

  Plugin: {
    settingsSchema: ({ name }: PluginStatus, _: unknown, ctx: GraphQLContext) =>
      ctx.services.host.loadedManifests().find((loaded) => loaded.name === name)?.manifest.rapport.contributes?.configuration ?? null,
    // A load error may name the plugin's files (a module not found): the operator's log has them, not the API.
    error: ({ error }: PluginStatus) => (error ? redactServerPaths(error) : null),
    metrics: ({ metrics }: PluginStatus) => ({
      activationTimeMs: metrics.activationTimeMs,
      activatedAt: metrics.activatedAt,
      handlerCalls: metrics.handlerCalls,
      failures: metrics.failures,
      lastError: metrics.lastError ? redactServerPaths(metrics.lastError.message) : null,
      lastErrorAt: metrics.lastError?.at ?? null,
    }),
  },
};
