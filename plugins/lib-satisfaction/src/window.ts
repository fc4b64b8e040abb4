import { parseDuration, RapportError, SettingsValidationError, settingsProblem, ValidationError, type Duration, type PluginContext } from '@rapport/sdk';

/**
 * Reads a window setting (milliseconds or ISO-8601, e.g. `P90D`) as milliseconds.
 *
 * @param window - the setting's value.
 * @param setting - the setting's name, used in the error message.
 * @throws ValidationError naming the setting when the value is not a duration or is zero.
 *
 * @example
 * ```ts
 * parseWindow('P90D'); // 7776000000
 * parseWindow('soon'); // throws: window must be milliseconds or an ISO-8601 duration …
 * ```
 */
export function parseWindow(window: Duration, setting = 'window'): number {
  const ms = parseDuration(window, setting);
  if (ms <= 0) {
    throw new ValidationError(`${setting} must be longer than zero, got ${JSON.stringify(window)}; use a duration such as "P90D".`, setting);
  }
  return ms;
}

/**
 * Reads a plugin's window setting as milliseconds, for `activate()`. Errors name the setting as
 * it is written in rapport.config.json, so the plugin's `FAILED` status says what to fix.
 *
 * @param ctx - the plugin's context (its name and validated settings).
 * @param setting - the setting's key in the plugin's settings.
 * @throws SettingsValidationError naming the file and the setting, e.g.
 *   `rapport.config.json: pluginSettings["@rapport/plugin-scoring-csat"].window: must be longer than zero, got "P0D"; …`
 *
 * @example
 * ```ts
 * const windowMs = windowSetting(ctx); // 7776000000 for the default "P90D"
 * ```
 */
export function windowSetting(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>, setting = 'window'): number {
  try {
    return parseWindow(ctx.settings[setting] as Duration, setting);
  } catch (error) {
    if (!(error instanceof RapportError)) throw error;
    // parseWindow's message starts with the setting's name, which the problem's field carries.
    const message = error.message.startsWith(`${setting} `) ? error.message.slice(setting.length + 1) : error.message;
    throw new SettingsValidationError(ctx.plugin.name, [settingsProblem(ctx, setting, message)]);
  }
}

/**
 * A window's length as words: `90 days`, `12 hours`, `day` for exactly one day (so
 * explanations read "in the last day"). Whole weeks are said in days, as settings usually are.
 *
 * @example
 * ```ts
 * describeWindow(90 * 86_400_000); // "90 days"
 * describeWindow(86_400_000);      // "day"
 * describeWindow(1500);            // "1500 milliseconds"
 * ```
 */
export function describeWindow(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) return ms === size ? unit : `${ms / size} ${unit}s`;
  }
  return ms === 1 ? 'millisecond' : `${ms} milliseconds`;
}
