import { parseDuration, settingsProblem, throwIfSettingsProblems, ValidationError, type Duration, type PluginContext, type ValidationProblem } from '@rapport/sdk';

/** The plugin's settings, as the model uses them. */
export interface Settings {
  /** How long after their last inbound interaction a customer moves from `active` to `quiet`. */
  quietAfterMs: number;
}

/**
 * Reads the plugin's settings. The host has already validated them against the JSON Schema in
 * package.json (`rapport.contributes.configuration`) and filled in its defaults; what a schema
 * cannot say, that `quietAfter` is an ISO-8601 duration longer than zero, is checked here.
 *
 * @throws SettingsValidationError naming the config file and each bad setting, e.g.
 *   `rapport.config.json: pluginSettings["{{packageName}}"].quietAfter: must be milliseconds or an ISO-8601 duration …`;
 *   the plugin is then `FAILED` with that message.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>): Settings {
  const problems: ValidationProblem[] = [];
  const quietAfterMs = readDuration(ctx, 'quietAfter', problems);
  throwIfSettingsProblems(ctx, problems);
  return { quietAfterMs };
}

/** A duration setting in milliseconds; a problem naming the setting when it is not a positive duration. */
function readDuration(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>, name: string, problems: ValidationProblem[]): number {
  try {
    const ms = parseDuration(ctx.settings[name] as Duration, name);
    if (ms > 0) return ms;
    problems.push(settingsProblem(ctx, name, 'must be longer than zero, such as "P30D".'));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // parseDuration's message starts with the setting's name, which the problem names already.
    problems.push(settingsProblem(ctx, name, error.message.replace(`${name} `, '')));
  }
  return Number.NaN;
}
