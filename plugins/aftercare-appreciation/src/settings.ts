import { unknownPlaceholders } from '@rapport/lib-aftercare';
import { durationSetting, settingsProblem, throwIfSettingsProblems, type PluginContext, type ValidationProblem } from '@rapport/sdk';

/** The placeholders a message may use. */
export const PLACEHOLDERS = ['name', 'milestone'] as const;

/** The plugin's settings as the workflow and the sweep use them, durations in milliseconds. */
export interface AppreciationSettings {
  purchaseCounts: number[];
  anniversaries: number[];
  npsPromoters: boolean;
  channels: string[];
  defaultChannel: string;
  lowCsatThreshold: number;
  lowCsatForMs: number;
  waitForResolutionMs: number;
  sweepEveryMs: number;
  subject: string;
  purchaseText: string;
  anniversaryText: string;
  promoterText: string;
  nameFallback: string;
}

/** The defaults; the manifest's `contributes.configuration` carries the same ones. */
export const DEFAULT_SETTINGS = {
  purchaseCounts: [5],
  anniversaries: [1],
  npsPromoters: true,
  channels: [] as string[],
  defaultChannel: 'email',
  lowCsatThreshold: 2,
  lowCsatFor: 'P90D',
  waitForResolution: 'P7D',
  sweepEvery: 'PT1H',
  subject: 'Thank you, {name}',
  purchaseText: 'Hi {name}, thank you for {milestone}! It means a lot to us that you keep coming back.',
  anniversaryText: 'Hi {name}, today marks {milestone}. Thank you for being with us!',
  promoterText: 'Hi {name}, thank you for {milestone}. We are glad you would recommend us!',
  nameFallback: 'there',
} as const;

type Ctx = Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>;

/**
 * Reads the settings the host validated against the manifest's schema, parsing the durations and
 * checking what a schema cannot: the placeholders of the texts, and a sweep interval above zero.
 *
 * @throws SettingsValidationError naming each bad setting and what to write instead.
 */
export function readSettings(ctx: Ctx): AppreciationSettings {
  const raw = ctx.settings;
  const problems: ValidationProblem[] = [];
  const problem = (setting: string, message: string) => problems.push(settingsProblem(ctx, setting, message));
  const duration = (name: 'lowCsatFor' | 'waitForResolution' | 'sweepEvery'): number => durationSetting(ctx, problems, name, raw[name], { fallback: DEFAULT_SETTINGS[name] });
  const text = (name: 'subject' | 'purchaseText' | 'anniversaryText' | 'promoterText'): string => {
    const value = typeof raw[name] === 'string' && raw[name].trim() ? raw[name] : DEFAULT_SETTINGS[name];
    const unknown = unknownPlaceholders(value, PLACEHOLDERS);
    if (unknown.length > 0) {
      problem(name, `uses ${unknown.map((p) => `{${p}}`).join(', ')}, which is not a placeholder; use {name} or {milestone}, or write the text without braces.`);
    }
    return value;
  };
  const sweepEveryMs = duration('sweepEvery');
  if (sweepEveryMs === 0) problem('sweepEvery', 'must be longer than 0, e.g. "PT1H".');
  const settings: AppreciationSettings = {
    purchaseCounts: integers(raw.purchaseCounts, DEFAULT_SETTINGS.purchaseCounts),
    anniversaries: integers(raw.anniversaries, DEFAULT_SETTINGS.anniversaries),
    npsPromoters: typeof raw.npsPromoters === 'boolean' ? raw.npsPromoters : DEFAULT_SETTINGS.npsPromoters,
    channels: Array.isArray(raw.channels) ? raw.channels.filter((c): c is string => typeof c === 'string' && c.length > 0) : [],
    defaultChannel: typeof raw.defaultChannel === 'string' && raw.defaultChannel ? raw.defaultChannel : DEFAULT_SETTINGS.defaultChannel,
    lowCsatThreshold: typeof raw.lowCsatThreshold === 'number' ? raw.lowCsatThreshold : DEFAULT_SETTINGS.lowCsatThreshold,
    lowCsatForMs: duration('lowCsatFor'),
    waitForResolutionMs: duration('waitForResolution'),
    sweepEveryMs,
    subject: text('subject'),
    purchaseText: text('purchaseText'),
    anniversaryText: text('anniversaryText'),
    promoterText: text('promoterText'),
    nameFallback: typeof raw.nameFallback === 'string' ? raw.nameFallback : DEFAULT_SETTINGS.nameFallback,
  };
  if (settings.channels.length > 0 && !settings.channels.includes(settings.defaultChannel)) {
    problem('defaultChannel', `is "${settings.defaultChannel}", which is not among channels (${settings.channels.join(', ')}); add it there or choose one of them.`);
  }
  throwIfSettingsProblems(ctx, problems);
  return settings;
}

// The host applies the manifest's defaults and types; this only matters without them.
function integers(value: unknown, fallback: readonly number[]): number[] {
  return Array.isArray(value) ? value.filter((n): n is number => Number.isInteger(n) && n > 0) : [...fallback];
}
