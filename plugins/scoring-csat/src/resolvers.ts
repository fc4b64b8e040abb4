import { CSAT_METRIC, orgWideFigures, type InteractionsApi, type ResolverMap } from '@rapport/sdk';

/** The arguments of `Query.satisfaction`; the DateTime scalar hands resolvers `Date`s. */
interface SatisfactionArgs {
  from: Date;
  to: Date;
  channel?: string | null;
}

/**
 * Resolvers for schema.graphql: `Query.satisfaction` counts every CSAT answer in the range
 * (`from` included, `to` excluded), optionally on one channel. `from` after `to` throws the SDK's
 * `ValidationError`, which the server reports as `BAD_USER_INPUT`.
 *
 * @param interactions - the plugin's `ctx.interactions` (needs `interactions:read`).
 */
export function satisfactionResolvers(interactions: Pick<InteractionsApi, 'find'>): ResolverMap {
  return {
    Query: {
      async satisfaction(_parent: unknown, args: SatisfactionArgs) {
        const { value, responses, satisfied, from, to, channel } = await orgWideFigures(interactions, CSAT_METRIC, args);
        return { csat: value, responses, satisfied, from, to, channel };
      },
    },
  };
}
