import type { PluginContext } from './context.js';
import { SettingsValidationError, type ValidationProblem } from './errors.js';

/**
 * A problem with one of the plugin's settings, located the way the host locates the problems it
 * finds with the JSON Schema: the config file, then `pluginSettings["<plugin>"].<setting>`. For
 * checks the schema cannot express, such as one setting against another.
 *
 * @example
 * ```ts
 * const problems = [];
 * if (settings.reminderAfter >= settings.giveUpAfter) {
 *   problems.push(settingsProblem(ctx, 'reminderAfter', 'must be shorter than giveUpAfter.'));
 * }
 * if (problems.length > 0) throw new SettingsValidationError(ctx.plugin.name, problems);
 * ```
 */
export function settingsProblem(ctx: { plugin: Pick<PluginContext['plugin'], 'name'>; settingsFile: string }, setting: string, message: string): ValidationProblem {
  return { file: ctx.settingsFile, field: `pluginSettings[${JSON.stringify(ctx.plugin.name)}].${setting}`, message };
}

/** Throws a {@link SettingsValidationError} listing every problem, if there is any. */
export function throwIfSettingsProblems(ctx: { plugin: Pick<PluginContext['plugin'], 'name'> }, problems: readonly ValidationProblem[]): void {
  if (problems.length > 0) throw new SettingsValidationError(ctx.plugin.name, problems);
}
