import type { GraphQLScalarType } from 'graphql';
import type { GraphQLContext } from './GraphQLContext.js';
import { accessResolvers } from './resolvers/accessResolvers.js';
import { auditResolvers } from './resolvers/auditResolvers.js';
import { bulkImportResolvers } from './resolvers/bulkImportResolvers.js';
import { consoleResolvers } from './resolvers/consoleResolvers.js';
import { conversationResolvers } from './resolvers/conversationResolvers.js';
import { customerResolvers } from './resolvers/customerResolvers.js';
import { inboxResolvers } from './resolvers/inboxResolvers.js';
import { interactionResolvers } from './resolvers/interactionResolvers.js';
import { kpiResolvers } from './resolvers/kpiResolvers.js';
import { nodeResolvers } from './resolvers/nodeResolvers.js';
import { pluginResolvers } from './resolvers/pluginResolvers.js';
import { privacyResolvers } from './resolvers/privacyResolvers.js';
import { sendMessage } from './resolvers/sendMessage.js';
import { subscriptionResolvers, type SubscriptionPubSub } from './resolvers/subscriptionResolvers.js';
import { workflowResolvers } from './resolvers/workflowResolvers.js';
import { webhookResolvers } from './resolvers/webhookResolvers.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';

/** A resolver map in the shape graphql-tools merges: type → field → resolver. */
export type Resolvers = Record<string, object>;

/** The resolvers of the core schema (typeDefs.ts), one map per type family. */
export function createCoreResolvers(pubSub: SubscriptionPubSub): Resolvers[] {
  return withFreshLoadersForMutations([
    { DateTime: scalarBehaviour(DateTimeScalar), JSON: scalarBehaviour(JSONScalar) },
    nodeResolvers,
    accessResolvers,
    auditResolvers,
    customerResolvers,
    interactionResolvers,
    bulkImportResolvers,
    conversationResolvers,
    inboxResolvers,
    pluginResolvers,
    consoleResolvers,
    kpiResolvers,
    workflowResolvers,
    privacyResolvers,
    webhookResolvers,
    { Mutation: { sendMessage } },
    subscriptionResolvers(pubSub),
  ]);
}

/**
 * Only what a scalar does: graphql-tools copies every property of a scalar given as a resolver
 * onto the schema's scalar, and a GraphQLScalarType's own description and (unset) specifiedByURL
 * would replace those of the SDL, which is where the schema is documented.
 */
function scalarBehaviour(scalar: GraphQLScalarType): Pick<GraphQLScalarType, 'serialize' | 'parseValue' | 'parseLiteral'> {
  return { serialize: scalar.serialize, parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral };
}

type FieldResolver = (parent: unknown, args: unknown, ctx: GraphQLContext, info: unknown) => unknown;

/**
 * Wraps every Mutation field so that the request's loaders are emptied before and after it.
 * Mutations change what the loaders may have cached (a conversation checked before a reply is
 * recorded, a page read by an earlier mutation of the same request); the payload must show the
 * state after the change.
 */
export function withFreshLoadersForMutations(maps: Resolvers[]): Resolvers[] {
  return maps.map((map) => {
    const mutations = (map as { Mutation?: Record<string, FieldResolver> }).Mutation;
    if (!mutations) return map;
    const wrapped = Object.fromEntries(
      Object.entries(mutations).map(([field, resolve]) => [
        field,
        async (parent: unknown, args: unknown, ctx: GraphQLContext, info: unknown) => {
          ctx.loaders.clearAll();
          try {
            return await resolve(parent, args, ctx, info);
          } finally {
            ctx.loaders.clearAll();
          }
        },
      ]),
    );
    return { ...map, Mutation: wrapped };
  });
}
