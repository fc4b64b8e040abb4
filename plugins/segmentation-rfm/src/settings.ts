import { durationSetting, SettingsValidationError, settingsProblem, type Duration, type ValidationProblem } from '@rapport/sdk';

/** The plugin's settings as `contributes.configuration` describes them (defaults applied by the host). */
export interface RfmSettings {
  /** Only purchases this recent count. */
  window: Duration;
  /** Only purchases in this currency (ISO 4217) count. */
  currency: string;
}

/**
 * Checks what the settings' JSON Schema cannot: that `window` is a duration, ISO-8601 or
 * milliseconds, longer than zero.
 *
 * @throws SettingsValidationError naming `window`, e.g. for `"a year"`.
 */
export function readSettings(settings: Readonly<Record<string, unknown>>, plugin: string, settingsFile = 'rapport.config.json'): RfmSettings {
  const { window, currency } = settings as unknown as RfmSettings;
  const where = { plugin: { name: plugin }, settingsFile };
  const problems: ValidationProblem[] = [];
  if (durationSetting(where, problems, 'window', window) === 0) problems.push(settingsProblem(where, 'window', 'must be longer than zero, e.g. "P365D".'));
  if (problems.length > 0) throw new SettingsValidationError(plugin, problems);
  return { window, currency };
}
