import { unknownPlaceholders } from '@rapport/lib-aftercare';
import { durationSetting, settingsProblem, throwIfSettingsProblems, type PluginContext, type ValidationProblem } from '@rapport/sdk';

/** One win-back message, its wait in milliseconds. */
export interface WinbackMessage {
  /** From entering the segment (the first) or from the previous message. */
  afterMs: number;
  subject?: string;
  text: string;
}

/** The plugin's settings as the workflow uses them. */
export interface WinbackSettings {
  model: string;
  segment: string;
  messages: WinbackMessage[];
  giveUpAfterMs: number;
  channels: string[];
  defaultChannel: string;
  nameFallback: string;
}

/** The defaults; the manifest's `contributes.configuration` carries the same ones. */
export const DEFAULT_SETTINGS = {
  segment: 'lifecycle:at-risk',
  messages: [
    { after: 'P3D', subject: 'We miss you, {name}', text: 'Hi {name}, it has been a while! Is there anything we can help you with? Just reply to this message.' },
    { after: 'P7D', subject: 'Still here for you, {name}', text: 'Hi {name}, we would love to see you again. Reply to this message and we will take care of you.' },
  ],
  giveUpAfter: 'P7D',
  defaultChannel: 'email',
  nameFallback: 'there',
} as const;

/**
 * Reads the settings the host validated against the manifest's schema, parsing durations and
 * checking the placeholders, which a schema cannot.
 *
 * @throws SettingsValidationError naming each bad setting and what to write instead.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>): WinbackSettings {
  const raw = ctx.settings;
  const problems: ValidationProblem[] = [];
  const problem = (setting: string, message: string) => problems.push(settingsProblem(ctx, setting, message));
  const duration = (value: unknown, setting: string): number => durationSetting(ctx, problems, setting, value);
  const placeholders = (value: string | undefined, setting: string) => {
    const unknown = value === undefined ? [] : unknownPlaceholders(value, ['name']);
    if (unknown.length > 0) problem(setting, `uses ${unknown.map((p) => `{${p}}`).join(', ')}, which is not a placeholder; use {name}, or write the text without braces.`);
  };
  const segment = typeof raw.segment === 'string' ? raw.segment : DEFAULT_SETTINGS.segment;
  const [model = '', name = ''] = segment.split(':');
  if (!model || !name) problem('segment', `must be model:segment, e.g. "lifecycle:at-risk"; got ${JSON.stringify(segment)}.`);
  const given = Array.isArray(raw.messages) ? (raw.messages as { after?: unknown; subject?: unknown; text?: unknown }[]) : DEFAULT_SETTINGS.messages;
  if (given.length === 0 || given.length > 2) problem('messages', `must hold one or two messages, got ${given.length}.`);
  const messages = given.map((message, index): WinbackMessage => {
    const subject = typeof message.subject === 'string' ? message.subject : undefined;
    const text = typeof message.text === 'string' ? message.text : '';
    placeholders(subject, `messages[${index}].subject`);
    placeholders(text, `messages[${index}].text`);
    return { afterMs: duration(message.after, `messages[${index}].after`), ...(subject !== undefined && { subject }), text };
  });
  const channels = Array.isArray(raw.channels) ? raw.channels.filter((c): c is string => typeof c === 'string' && c.length > 0) : [];
  const defaultChannel = typeof raw.defaultChannel === 'string' && raw.defaultChannel ? raw.defaultChannel : DEFAULT_SETTINGS.defaultChannel;
  if (channels.length > 0 && !channels.includes(defaultChannel)) {
    problem('defaultChannel', `is "${defaultChannel}", which is not among channels (${channels.join(', ')}); add it there or choose one of them.`);
  }
  const giveUpAfterMs = duration(raw.giveUpAfter ?? DEFAULT_SETTINGS.giveUpAfter, 'giveUpAfter');
  throwIfSettingsProblems(ctx, problems);
  return {
    model,
    segment: name,
    messages,
    giveUpAfterMs,
    channels,
    defaultChannel,
    nameFallback: typeof raw.nameFallback === 'string' ? raw.nameFallback : DEFAULT_SETTINGS.nameFallback,
  };
}
