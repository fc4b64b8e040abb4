import { defaultFieldResolver, Kind, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import { RapportError } from '@rapport/sdk';
import { withResolverSpan } from '../../tracing/useTracing.js';
import { withTimeout } from '../../util/withTimeout.js';
import type { Resolvers } from '../coreResolvers.js';
import { isRapportError } from '../errors.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import type { GraphQLServices } from '../GraphQLServices.js';
import type { PluginSchema } from './readPluginSchemas.js';

export const DEFAULT_PLUGIN_RESOLVER_TIMEOUT_MS = 10_000;

/** What a plugin resolver receives as its context: the request, never the core's services. */
export interface PluginResolverContext {
  request: Request | undefined;
}

/**
 * Resolvers for every field a plugin schema defines. The schema is built from the manifest's SDL,
 * before the plugin runs; each of these resolvers looks the plugin's registered resolver up when
 * it is called, activating the plugin first (`onGraphQL:<Type.field>`) if it is not active yet.
 * So the schema never has to change when a plugin activates, and a plugin whose resolvers are
 * gone (disabled, failed) answers with an error that says why.
 */
export function pluginFieldResolvers(services: GraphQLServices, schemas: readonly PluginSchema[]): Resolvers[] {
  return schemas.map(({ plugin, document }) => {
    const resolvers: Record<string, Record<string, unknown>> = {};
    const add = (type: string, field: string, value: unknown) => ((resolvers[type] ??= {})[field] = value);
    for (const definition of document.definitions) {
      switch (definition.kind) {
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.OBJECT_TYPE_EXTENSION:
          for (const field of definition.fields ?? []) {
            const type = definition.name.value;
            const delegate = (part: 'resolve' | 'subscribe') => delegating(services, plugin, type, field.name.value, part);
            add(type, field.name.value, type === 'Subscription' ? { subscribe: delegate('subscribe'), resolve: delegate('resolve') } : delegate('resolve'));
          }
          break;
        case Kind.INTERFACE_TYPE_DEFINITION:
        case Kind.UNION_TYPE_DEFINITION:
          add(definition.name.value, '__resolveType', resolveTypeOf(services, plugin, definition.name.value));
          break;
        default:
          break;
      }
    }
    return resolvers;
  });
}

function delegating(services: GraphQLServices, plugin: string, type: string, field: string, part: 'resolve' | 'subscribe'): GraphQLFieldResolver<unknown, GraphQLContext> {
  const resolve = delegate(services, plugin, type, field, part);
  // Every plugin field does real work (plugin code, maybe its activation): each gets its span.
  if (part === 'subscribe') return resolve;
  return (parent, args, ctx, info) => withResolverSpan(info, plugin, () => resolve(parent, args, ctx, info));
}

function delegate(services: GraphQLServices, plugin: string, type: string, field: string, part: 'resolve' | 'subscribe'): GraphQLFieldResolver<unknown, GraphQLContext> {
  return async (parent, args, ctx, info) => {
    const implementation = await implementationOf(services, plugin, type, field);
    const fn = typeof implementation === 'function' ? implementation : (implementation as Record<string, unknown> | undefined)?.[part];
    const context = pluginContextOf(ctx);
    if (typeof fn !== 'function') {
      if (part === 'subscribe') throw new RapportError('NOT_AVAILABLE', `Plugin "${plugin}" registered no subscribe resolver for ${type}.${field}.`);
      return defaultFieldResolver(parent, args, context, info);
    }
    return callPlugin(services, plugin, `${type}.${field}`, () => (fn as GraphQLFieldResolver<unknown, unknown>)(parent, args, context, info));
  };
}

function resolveTypeOf(services: GraphQLServices, plugin: string, type: string) {
  return (value: unknown, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
    const resolve = (services.registry.resolvers.get(plugin)?.implementation[type] as { __resolveType?: unknown } | undefined)?.__resolveType;
    if (typeof resolve === 'function') return resolve(value, pluginContextOf(ctx), info) as unknown;
    return (value as { __typename?: string } | null)?.__typename;
  };
}

/** The plugin's resolver for a field, activating the plugin first when needed. */
async function implementationOf(services: GraphQLServices, plugin: string, type: string, field: string): Promise<unknown> {
  const { host, registry } = services;
  if (!registry.resolvers.has(plugin)) {
    await host.fireActivationEvent(`onGraphQL:${type}.${field}`);
    // The field is the plugin's even if its manifest forgot this activation event.
    if (!registry.resolvers.has(plugin) && host.status(plugin).state === 'INSTALLED') await host.activate(plugin);
  }
  const registration = registry.resolvers.get(plugin);
  if (!registration) {
    const status = host.status(plugin);
    throw new RapportError(
      'NOT_AVAILABLE',
      `${type}.${field} is unavailable: plugin "${plugin}" is ${status.state}${status.error ? `: ${status.error}` : ' and registered no resolvers.'}`,
    );
  }
  return registration.implementation[type]?.[field];
}

/**
 * Runs a plugin's resolver under the plugin budget. An unexpected error counts as a failure of the
 * plugin (its figures and circuit breaker), like a failing event handler; a RapportError is the
 * plugin answering on purpose (not found, bad input) and passes through.
 */
async function callPlugin(services: GraphQLServices, plugin: string, coordinate: string, call: () => unknown): Promise<unknown> {
  const timeoutMs = services.pluginResolverTimeoutMs ?? DEFAULT_PLUGIN_RESOLVER_TIMEOUT_MS;
  services.calls.called(plugin);
  try {
    return await withTimeout(
      (async () => call())(),
      timeoutMs,
      () => `The resolver of ${coordinate} in plugin "${plugin}" did not finish within ${timeoutMs} ms.`,
    );
  } catch (error) {
    if (!isRapportError(error) || error.code === 'TIMEOUT') await services.calls.failed({ plugin, error, where: `the resolver of ${coordinate}`, surfaced: true });
    throw error;
  }
}

/** One context object per request and plugin-facing, so a plugin can use it as a per-request cache key. */
const pluginContexts = new WeakMap<object, PluginResolverContext>();
function pluginContextOf(ctx: GraphQLContext): PluginResolverContext {
  let context = pluginContexts.get(ctx);
  if (!context) {
    context = { request: ctx.request };
    pluginContexts.set(ctx, context);
  }
  return context;
}
