import type { InteractionsApi, PluginContext, ResolverMap } from '@rapport/sdk';
import type { AnswerTally, SatisfactionMetric } from './metric.js';
import { orgWideFigures, type SatisfactionRange } from './orgWide.js';
import { satisfactionRule } from './rule.js';
import { windowSetting } from './window.js';

/**
 * What makes one satisfaction plugin different from another: its metric, its rule's id and the
 * GraphQL query its `schema.graphql` declares for org-wide figures.
 *
 * @example
 * ```ts
 * const csat: SatisfactionPlugin<CsatTally> = { metric: CSAT_METRIC, rule: 'csat', query: 'satisfaction', valueField: 'csat' };
 * ```
 */
export interface SatisfactionPlugin<Tally extends AnswerTally> {
  /** The metric the rule scores and the query counts. */
  metric: SatisfactionMetric<Tally>;
  /** The scoring rule's id, as declared in the manifest's `contributes.scoringRules`. */
  rule: string;
  /**
   * The `Query` field of the plugin's `schema.graphql` that answers org-wide figures; it takes
   * `from: DateTime!, to: DateTime!, channel: String` (see {@link SatisfactionRange}).
   */
  query: string;
  /**
   * The field of the query's result type that carries the metric's value (`null` without
   * answers), e.g. `csat`. The other fields are the tally's counts by their names
   * (`responses`, `satisfied`, …) and `from`, `to`, `channel`.
   */
  valueField: string;
}

/**
 * The whole of a satisfaction plugin's `activate()`: reads the `window` setting, then registers
 * the metric's scoring rule over that window and the resolver of its org-wide query, both
 * disposed with the plugin. Needs `interactions:read` and `scores:write`, the declared rule, and
 * `contributes.graphql`.
 *
 * @throws SettingsValidationError naming the config file and `pluginSettings["<plugin>"].window`
 *   when the window is not a positive duration; the plugin is then `FAILED` with that message,
 *   and nothing is registered.
 *
 * @example
 * ```ts
 * export function activate(ctx: PluginContext): void {
 *   registerSatisfactionPlugin(ctx, { metric: NPS_METRIC, rule: 'nps', query: 'netPromoterScore', valueField: 'nps' });
 * }
 * ```
 */
export function registerSatisfactionPlugin<Tally extends AnswerTally>(
  ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile' | 'subscriptions' | 'scoring' | 'graphql' | 'interactions'>,
  plugin: SatisfactionPlugin<Tally>,
): void {
  // Read before registering anything, so a bad window fails activation with nothing half set up.
  const windowMs = windowSetting(ctx);
  ctx.subscriptions.push(
    ctx.scoring.registerScoringRule(plugin.rule, satisfactionRule(plugin.metric, windowMs)),
    ctx.graphql.registerResolvers(orgWideResolvers(ctx.interactions, plugin)),
  );
}

/**
 * Resolvers for a satisfaction plugin's org-wide query: `Query[plugin.query]` counts every
 * answer in the range (`from` included, `to` excluded), optionally on one channel. `from` after
 * `to` throws the SDK's `ValidationError`, which the server reports as `BAD_USER_INPUT`.
 *
 * @param interactions - the plugin's `ctx.interactions` (needs `interactions:read`).
 *
 * @example
 * ```ts
 * ctx.graphql.registerResolvers(orgWideResolvers(ctx.interactions, { metric: CSAT_METRIC, query: 'satisfaction', valueField: 'csat' }));
 * // { satisfaction(from: …, to: …) { csat responses satisfied from to channel } }
 * ```
 */
export function orgWideResolvers<Tally extends AnswerTally>(
  interactions: Pick<InteractionsApi, 'find'>,
  plugin: Pick<SatisfactionPlugin<Tally>, 'metric' | 'query' | 'valueField'>,
): ResolverMap {
  return {
    Query: {
      // The DateTime scalar hands resolvers `Date`s, so the arguments are a range as they come.
      async [plugin.query](_parent: unknown, args: SatisfactionRange) {
        const { value, ...figures } = await orgWideFigures(interactions, plugin.metric, args);
        return { ...figures, [plugin.valueField]: value };
      },
    },
  };
}
