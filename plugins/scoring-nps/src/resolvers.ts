import { NPS_METRIC, orgWideFigures, type InteractionsApi, type ResolverMap } from '@rapport/sdk';

/** The arguments of `Query.netPromoterScore`; the DateTime scalar hands resolvers `Date`s. */
interface NetPromoterScoreArgs {
  from: Date;
  to: Date;
  channel?: string | null;
}

/**
 * Resolvers for schema.graphql: `Query.netPromoterScore` counts every NPS answer in the range
 * (`from` included, `to` excluded), optionally on one channel. `from` after `to` throws the SDK's
 * `ValidationError`, which the server reports as `BAD_USER_INPUT`.
 *
 * @param interactions - the plugin's `ctx.interactions` (needs `interactions:read`).
 */
export function netPromoterScoreResolvers(interactions: Pick<InteractionsApi, 'find'>): ResolverMap {
  return {
    Query: {
      async netPromoterScore(_parent: unknown, args: NetPromoterScoreArgs) {
        const { value, responses, promoters, passives, detractors, from, to, channel } = await orgWideFigures(interactions, NPS_METRIC, args);
        return { nps: value, responses, promoters, passives, detractors, from, to, channel };
      },
    },
  };
}
