import { durationSetting, SettingsValidationError, settingsProblem, type ValidationProblem } from '@rapport/sdk';

/** The plugin's settings, durations in milliseconds, as the workflow uses them. */
export interface FollowupSettings {
  /** From the resolution to the survey. */
  delayMs: number;
  /** From the survey to the reminder, when no answer came. */
  reminderAfterMs: number;
  /** From the survey to giving up, when no answer came; longer than `reminderAfterMs`. */
  giveUpAfterMs: number;
  /** CSAT answers at or below this get a follow-up; 0 turns the follow-up off. */
  lowScoreThreshold: number;
  surveySubject: string;
  surveyText: string;
  reminderSubject: string;
  reminderText: string;
  /** Channels a survey may go out on; empty for any. */
  surveyChannels: string[];
}

/** The defaults; the manifest's `contributes.configuration` carries the same ones. */
export const DEFAULT_SETTINGS = {
  delay: 'PT1H',
  reminderAfter: 'P2D',
  giveUpAfter: 'P7D',
  lowScoreThreshold: 2,
  surveySubject: 'How did we do?',
  surveyText: 'Thank you for getting in touch. How satisfied are you with how we handled your request?',
  reminderSubject: 'How did we do?',
  reminderText: 'A quick reminder: how satisfied are you with how we handled your request? Your answer helps us improve.',
} as const;

/**
 * Reads the settings the host validated against the manifest's schema (which applies the
 * defaults), parsing the durations and checking what a JSON Schema cannot: that the reminder
 * comes before the run gives up.
 *
 * @param plugin - the plugin's name, for the error.
 * @param raw - `ctx.settings`.
 * @throws SettingsValidationError naming each bad setting and what to write instead.
 */
export function readSettings(plugin: string, raw: Readonly<Record<string, unknown>>, settingsFile = 'rapport.config.json'): FollowupSettings {
  const problems: ValidationProblem[] = [];
  const where = { plugin: { name: plugin }, settingsFile };
  const problem = (setting: string, message: string) => problems.push(settingsProblem(where, setting, message));
  const duration = (name: 'delay' | 'reminderAfter' | 'giveUpAfter'): number => durationSetting(where, problems, name, raw[name], { fallback: DEFAULT_SETTINGS[name] });
  const delayMs = duration('delay');
  const reminderAfterMs = duration('reminderAfter');
  const giveUpAfterMs = duration('giveUpAfter');
  if (reminderAfterMs >= giveUpAfterMs) {
    problem(
      'reminderAfter',
      `must be shorter than giveUpAfter, or the reminder would never go out ` +
        `(reminderAfter is ${String(raw.reminderAfter)}, giveUpAfter is ${String(raw.giveUpAfter)}). ` +
        'Lower reminderAfter or raise giveUpAfter.',
    );
  }
  const lowScoreThreshold = raw.lowScoreThreshold ?? DEFAULT_SETTINGS.lowScoreThreshold;
  if (typeof lowScoreThreshold !== 'number' || !Number.isInteger(lowScoreThreshold) || lowScoreThreshold < 0 || lowScoreThreshold > 5) {
    problem('lowScoreThreshold', `must be a whole number from 0 (no follow-up) to 5, got ${JSON.stringify(lowScoreThreshold)}.`);
  }
  if (problems.length > 0) throw new SettingsValidationError(plugin, problems);
  return {
    delayMs,
    reminderAfterMs,
    giveUpAfterMs,
    lowScoreThreshold: lowScoreThreshold as number,
    surveySubject: text(raw.surveySubject, DEFAULT_SETTINGS.surveySubject),
    surveyText: text(raw.surveyText, DEFAULT_SETTINGS.surveyText),
    reminderSubject: text(raw.reminderSubject, DEFAULT_SETTINGS.reminderSubject),
    reminderText: text(raw.reminderText, DEFAULT_SETTINGS.reminderText),
    surveyChannels: Array.isArray(raw.surveyChannels) ? raw.surveyChannels.filter((c): c is string => typeof c === 'string' && c.length > 0) : [],
  };
}

// The host applies the manifest's defaults; these only matter when the plugin runs without them.
function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() ? value : fallback;
}
