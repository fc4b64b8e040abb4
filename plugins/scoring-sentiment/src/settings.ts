import type { PluginContext } from '@rapport/sdk';
import { windowSetting } from '@rapport/lib-satisfaction';

/** The plugin's settings, as the rule uses them. */
export interface Settings {
  /** How many of the customer's most recent inbound messages the score averages. */
  messages: number;
  /** How recent a message must be to count, in milliseconds. */
  windowMs: number;
}

/**
 * Reads the validated settings.
 *
 * @throws SettingsValidationError naming the config file and `window` when the window is zero.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>): Settings {
  return { messages: ctx.settings.messages as number, windowMs: windowSetting(ctx, 'window') };
}
