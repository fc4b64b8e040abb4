import { settingsProblem, throwIfSettingsProblems, type PluginContext, type ValidationProblem } from '@rapport/sdk';

/** The plugin's settings, as `rapport.contributes.configuration` in package.json describes them. */
export interface Settings {
  /** Where outbound messages are POSTed, as JSON. */
  outboundUrl: string;
  /** Shared with the provider: sent with every outbound message, required on every inbound request. */
  secret: string;
}

/**
 * Reads the plugin's settings. The host has already validated them against the JSON Schema in
 * package.json and filled in its defaults; what a schema cannot say, that `outboundUrl` is an
 * http(s) URL, is checked here.
 *
 * @throws SettingsValidationError naming the config file and each bad setting, e.g.
 *   `rapport.config.json: pluginSettings["{{packageName}}"].outboundUrl: must be an http:// or https:// URL …`;
 *   the plugin is then `FAILED` with that message.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>): Settings {
  const { outboundUrl, secret } = ctx.settings as unknown as Settings;
  const problems: ValidationProblem[] = [];
  if (!isHttpUrl(outboundUrl)) {
    problems.push(settingsProblem(ctx, 'outboundUrl', `must be an http:// or https:// URL, such as "https://chat.example.com/rapport/outbound"; got ${JSON.stringify(outboundUrl)}.`));
  }
  throwIfSettingsProblems(ctx, problems);
  return { outboundUrl, secret };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
