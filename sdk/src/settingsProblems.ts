import type { PluginContext } from './context.js';
import { parseDuration, type Duration } from './duration.js';
import { SettingsValidationError, ValidationError, type ValidationProblem } from './errors.js';

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

/**
 * Reads a duration setting (milliseconds or ISO-8601, `"P3D"`), or records a problem naming the
 * setting and returns `NaN`, so that a plugin checks every setting and reports all of its
 * problems at once with {@link throwIfSettingsProblems}. `fallback` is used when the value is
 * absent; `minMs`, when given, refuses shorter durations.
 *
 * @example
 * ```ts
 * const problems: ValidationProblem[] = [];
 * const delayMs = durationSetting(ctx, problems, 'delay', ctx.settings.delay, { fallback: 'P1D' });
 * throwIfSettingsProblems(ctx, problems);
 * ```
 */
export function durationSetting(
  ctx: { plugin: Pick<PluginContext['plugin'], 'name'>; settingsFile: string },
  problems: ValidationProblem[],
  setting: string,
  value: unknown,
  options: { fallback?: Duration; minMs?: number } = {},
): number {
  const given = value ?? options.fallback;
  let ms: number;
  try {
    ms = parseDuration(given as Duration, setting);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // parseDuration's message starts with the name it was given; the problem's field names it already.
    problems.push(settingsProblem(ctx, setting, error.message.replace(`${setting} `, '')));
    return Number.NaN;
  }
  if (options.minMs !== undefined && ms < options.minMs) {
    problems.push(settingsProblem(ctx, setting, `must be at least ${options.minMs} ms, got ${JSON.stringify(given)}.`));
    return Number.NaN;
  }
  return ms;
}
