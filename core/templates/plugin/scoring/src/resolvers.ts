import type { FieldResolver, PluginContext, ResolverMap, StoredScore } from '@rapport/sdk';
import { RULE_ID } from './rule.js';

/**
 * The resolvers of schema.graphql: `Customer.{{fieldName}}` is the stored score, read when a
 * client asks for it (the rule computes it when its trigger events happen, not here). The core
 * hands plugin resolvers the customer with its plain id.
 */
export function scoreResolvers(ctx: PluginContext): ResolverMap {
  const score: FieldResolver<{ id: string }, Record<string, never>, StoredScore | undefined> = (customer) => ctx.scoring.get(customer.id, RULE_ID);
  return { Customer: { '{{fieldName}}': score } };
}
