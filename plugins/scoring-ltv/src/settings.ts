import { durationSetting, settingsProblem, throwIfSettingsProblems, type Duration, type PluginContext, type ValidationProblem } from '@rapport/sdk';

/** The plugin's settings as `contributes.configuration` describes them (defaults applied by the host). */
export interface LtvSettings {
  /** Only purchases in this currency (ISO 4217) count; the score is in it. */
  currency: string;
  /** How far ahead the predicted value looks. */
  horizon: Duration;
  /** How often the population's parameters are fitted again. */
  refitEvery: Duration;
  /** Below this many customers with a repeat purchase, there is no prediction. */
  minRepeatCustomers: number;
}

/** The settings with their durations in milliseconds. */
export interface ReadSettings extends LtvSettings {
  horizonMs: number;
  refitEveryMs: number;
}

/**
 * Checks what the settings' JSON Schema cannot: that `horizon` and `refitEvery` are durations,
 * ISO-8601 or milliseconds, longer than zero.
 *
 * @throws SettingsValidationError naming the config file and the setting, e.g. for `"horizon": "a year"`.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>): ReadSettings {
  const settings = ctx.settings as unknown as LtvSettings;
  const problems: ValidationProblem[] = [];
  const milliseconds = (setting: 'horizon' | 'refitEvery', example: string): number => {
    const ms = durationSetting(ctx, problems, setting, settings[setting]);
    if (ms === 0) problems.push(settingsProblem(ctx, setting, `must be longer than zero, e.g. "${example}".`));
    return ms;
  };
  const read = { ...settings, horizonMs: milliseconds('horizon', 'P365D'), refitEveryMs: milliseconds('refitEvery', 'P1D') };
  throwIfSettingsProblems(ctx, problems);
  return read;
}
