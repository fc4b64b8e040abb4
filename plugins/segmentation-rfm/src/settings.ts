import { parseDuration, RapportError, SettingsValidationError, settingsProblem, type Duration } from '@rapport/sdk';

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
  const refuse = (message: string): never => {
    throw new SettingsValidationError(plugin, [settingsProblem({ plugin: { name: plugin }, settingsFile }, 'window', message)]);
  };
  let windowMs = 0;
  try {
    windowMs = parseDuration(window, 'window');
  } catch (error) {
    // parseDuration's message starts with the name it was given; the problem names it already.
    refuse(error instanceof RapportError ? error.message.replace(/^window /, '') : String(error));
  }
  if (windowMs <= 0) refuse('must be longer than zero, e.g. "P365D".');
  return { window, currency };
}
