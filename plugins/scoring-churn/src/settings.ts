import { settingsProblem, throwIfSettingsProblems, type PluginContext } from '@rapport/sdk';
import { windowSetting } from '@rapport/lib-satisfaction';

/** The factors of the score, in the order the explanation breaks ties in. */
export const FACTORS = ['recency', 'engagement', 'csat', 'sentiment', 'unresolved'] as const;

/** One of the factors of the churn-risk score. */
export type FactorId = (typeof FACTORS)[number];

/** The plugin's settings, as the rule uses them (durations in milliseconds). */
export interface Settings {
  /** Engagement compares the inbound interactions of this last window with the one before it. */
  windowMs: number;
  /** The usual gap between purchases assumed for a customer with fewer than 2 purchases. */
  defaultPurchaseGapMs: number;
  /** How many usual gaps without a purchase make the recency factor 1. */
  overdueAt: number;
  /** An open conversation this old makes the unresolved factor 1. */
  openForMs: number;
  /** The weight of each factor; only their ratios matter. */
  weights: Record<FactorId, number>;
}

/**
 * Reads the validated settings (the schema has filled in every default, nested weights too).
 *
 * @throws SettingsValidationError naming the config file and each duration that is zero, or
 *   `weights` when every weight is zero, since the score would then be 0 / 0.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>): Settings {
  const weights = ctx.settings.weights as Record<FactorId, number>;
  const problems = FACTORS.every((factor) => weights[factor] === 0)
    ? [settingsProblem(ctx, 'weights', 'must give at least one factor a weight above 0, e.g. { "recency": 1 }.')]
    : [];
  throwIfSettingsProblems(ctx, problems);
  return {
    windowMs: windowSetting(ctx, 'window'),
    defaultPurchaseGapMs: windowSetting(ctx, 'defaultPurchaseGap'),
    overdueAt: ctx.settings.overdueAt as number,
    openForMs: windowSetting(ctx, 'openFor'),
    weights: { ...weights },
  };
}
