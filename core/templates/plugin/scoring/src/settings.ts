import type { PluginContext } from '@rapport/sdk';

/** The plugin's settings, as `rapport.contributes.configuration` in package.json describes them. */
export interface Settings {
  /** Inbound interactions from which a customer is labelled `engaged`. */
  engagedFrom: number;
}

/**
 * Reads the plugin's settings. The host has already validated them against the JSON Schema in
 * package.json and filled in its defaults, so only what a schema cannot say is checked here: when
 * you add such a check, report it with the SDK's `settingsProblem` and `throwIfSettingsProblems`,
 * which name the config file and the setting (see the segmentation or workflow templates of
 * `rapport new plugin`).
 */
export function readSettings(ctx: Pick<PluginContext, 'settings'>): Settings {
  return { engagedFrom: ctx.settings.engagedFrom as number };
}
