import { parseDuration, RapportError, SettingsValidationError, settingsProblem, type Duration, type ValidationProblem } from '@rapport/sdk';
import type { LifecycleThresholds } from './segments.js';

/** The plugin's settings as `contributes.configuration` describes them (defaults applied by the host). */
export interface LifecycleSettings {
  newFor: Duration;
  onboardingFor: Duration;
  loyalPurchases: number;
  loyalMinNps: number;
  atRiskAfter: Duration;
  churnedAfter: Duration;
}

/**
 * Turns the plugin's settings into thresholds in milliseconds. The host has already checked the
 * JSON Schema (types, ranges, unknown names); this checks what a schema cannot: that durations
 * are ISO-8601 and that they make sense together.
 *
 * @param settings - `ctx.settings`.
 * @param plugin - the plugin's name, for the error.
 * @throws SettingsValidationError listing every bad setting by name, e.g. a duration that is not
 *   ISO-8601, or an `atRiskAfter` that is not shorter than `churnedAfter`.
 */
export function readThresholds(settings: Readonly<Record<string, unknown>>, plugin: string, settingsFile = 'rapport.config.json'): LifecycleThresholds {
  const { newFor, onboardingFor, loyalPurchases, loyalMinNps, atRiskAfter, churnedAfter } = settings as unknown as LifecycleSettings;
  const problems: ValidationProblem[] = [];
  // Located like the host's schema errors (file, then pluginSettings[…].setting), so both read alike.
  const problem = (setting: string, message: string) => problems.push(settingsProblem({ plugin: { name: plugin }, settingsFile }, setting, message));
  const duration = (field: keyof LifecycleSettings, value: Duration): number => {
    try {
      return parseDuration(value, field);
    } catch (error) {
      // parseDuration's message starts with the name it was given; the problem names it already.
      const message = error instanceof RapportError ? error.message : String(error);
      problem(field, message.startsWith(`${field} `) ? message.slice(field.length + 1) : message);
      return Number.NaN;
    }
  };
  const thresholds: LifecycleThresholds = {
    newForMs: duration('newFor', newFor),
    onboardingForMs: duration('onboardingFor', onboardingFor),
    loyalPurchases,
    loyalMinNps,
    atRiskAfterMs: duration('atRiskAfter', atRiskAfter),
    churnedAfterMs: duration('churnedAfter', churnedAfter),
  };
  if (thresholds.atRiskAfterMs === 0) {
    problem('atRiskAfter', 'must be longer than zero, or every customer is at risk the moment they write; use a duration such as "P45D".');
  }
  if (thresholds.atRiskAfterMs > 0 && thresholds.churnedAfterMs >= 0 && thresholds.atRiskAfterMs >= thresholds.churnedAfterMs) {
    problem(
      'atRiskAfter',
      `must be shorter than churnedAfter, because a quiet customer is at risk before they are churned; ` +
        `got atRiskAfter ${JSON.stringify(atRiskAfter)} and churnedAfter ${JSON.stringify(churnedAfter)}. Shorten atRiskAfter or lengthen churnedAfter.`,
    );
  }
  if (problems.length > 0) throw new SettingsValidationError(plugin, problems);
  return thresholds;
}
