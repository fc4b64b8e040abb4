import type { RuleSegmentationModel, RuleTree } from '@rapport/sdk';
import type { LifecycleSegment, LifecycleThresholds } from './segments.js';

/**
 * How often the core refreshes the model for what time alone changes: a quiet customer moving
 * into `at-risk` and `churned`, and out of `new` and `onboarding`. Events (an interaction, a
 * score, a new or merged customer) refresh it too, within seconds.
 */
export const REFRESH_EVERY = 'P1D';

/** The scoring rule whose value gates loyalty. */
export const NPS_RULE = 'nps';

/**
 * The `lifecycle` model as rule trees, exclusive, in order of precedence: a customer is in the
 * first segment whose rules hold.
 *
 * 1. `churned`: quiet for at least `churnedAfter`;
 * 2. `at-risk`: quiet for at least `atRiskAfter`;
 * 3. `loyal`: at least `loyalPurchases` purchases, and no NPS score below `loyalMinNps`;
 * 4. `onboarding`: first purchase less than `onboardingFor` ago;
 * 5. `new`: no purchase, first interaction less than `newFor` ago;
 * 6. `active`: everyone else with an interaction.
 *
 * "Quiet for X" is: no inbound interaction, no purchase and no first interaction at all in the
 * last X. It is written `not (… newerThan X)` rather than `olderThan X` so that the boundary is
 * inclusive, as documented: quiet for exactly 45 days is at risk.
 *
 * @example
 * ```ts
 * ctx.segmentation.registerSegmentationModel('lifecycle', lifecycleModel(readThresholds(ctx.settings, ctx.plugin.name)));
 * ```
 */
export function lifecycleModel(thresholds: LifecycleThresholds): RuleSegmentationModel {
  const segments: { id: LifecycleSegment; rules: RuleTree }[] = [
    { id: 'churned', rules: quietFor(thresholds.churnedAfterMs) },
    { id: 'at-risk', rules: quietFor(thresholds.atRiskAfterMs) },
    {
      id: 'loyal',
      rules: { all: [{ field: 'purchases.count', op: 'gte', value: thresholds.loyalPurchases }, { not: { field: `score.${NPS_RULE}`, op: 'lt', value: thresholds.loyalMinNps } }] },
    },
    { id: 'onboarding', rules: thresholds.onboardingForMs > 0 ? { field: 'purchases.firstAt', op: 'newerThan', value: isoDuration(thresholds.onboardingForMs) } : NOBODY },
    {
      id: 'new',
      rules: thresholds.newForMs > 0 ? { all: [{ field: 'purchases.count', op: 'eq', value: 0 }, { field: 'activity.firstAt', op: 'newerThan', value: isoDuration(thresholds.newForMs) }] } : NOBODY,
    },
    { id: 'active', rules: HAS_INTERACTIONS },
  ];
  return { segments, exclusive: true, refreshEvery: REFRESH_EVERY };
}

/** Customers with at least one interaction, of any kind and direction. */
const HAS_INTERACTIONS: RuleTree = { field: 'activity.firstAt', op: 'exists' };

/** A segment turned off (a zero window): `any` of nothing holds for no one. */
const NOBODY: RuleTree = { any: [] };

/** No inbound interaction, no purchase and no first interaction in the last `ms`, for customers with interactions. */
function quietFor(ms: number): RuleTree {
  const value = isoDuration(ms);
  return {
    all: [
      HAS_INTERACTIONS,
      { not: { field: 'interactions.lastAt', op: 'newerThan', value } },
      { not: { field: 'purchases.lastAt', op: 'newerThan', value } },
      { not: { field: 'activity.firstAt', op: 'newerThan', value } },
    ],
  };
}

/** Milliseconds as the ISO-8601 duration rule trees take (`P45D`, or seconds when not whole days). */
export function isoDuration(ms: number): string {
  const DAY = 86_400_000;
  return ms % DAY === 0 ? `P${ms / DAY}D` : `PT${ms / 1000}S`;
}
