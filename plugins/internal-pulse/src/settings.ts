import { durationSetting, SettingsValidationError, settingsProblem, type PluginContext, type ValidationProblem } from '@rapport/sdk';

/** The plugin's settings as the code uses them: durations in milliseconds. */
export interface PulseSettings {
  /** Base URL of the answer links, without a trailing slash. */
  publicUrl: string;
  minGroupSize: number;
  channel: string;
  subject: string;
  reminderAfterMs: number;
  maxReminders: number;
  closeAfterMs: number;
  /** Recurring rounds, when configured. */
  schedule?: { everyMs: number; question: string };
}

const DAY_MS = 86_400_000;

/**
 * Reads the settings the host validated against the manifest (defaults applied) and checks what
 * the JSON Schema cannot: durations that parse, and a round that stays open through its reminders.
 *
 * @throws SettingsValidationError naming each bad setting and what to write instead.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>): PulseSettings {
  const raw = ctx.settings;
  const problems: ValidationProblem[] = [];
  const problem = (setting: string, message: string) => problems.push(settingsProblem(ctx, setting, message));
  const duration = (name: string, value: unknown): number => durationSetting(ctx, problems, name, value);
  const reminderAfterMs = duration('reminderAfter', raw.reminderAfter ?? 'P3D');
  const closeAfterMs = duration('closeAfter', raw.closeAfter ?? 'P14D');
  const maxReminders = (raw.maxReminders as number | undefined) ?? 2;
  if (reminderAfterMs * maxReminders >= closeAfterMs) {
    problem(
      'closeAfter',
      `must be longer than reminderAfter × maxReminders, or the round would close before its last reminder ` +
        `(closeAfter is ${String(raw.closeAfter ?? 'P14D')}, reminderAfter ${String(raw.reminderAfter ?? 'P3D')}, maxReminders ${maxReminders}). ` +
        'Raise closeAfter, or lower reminderAfter or maxReminders.',
    );
  }
  let schedule: PulseSettings['schedule'];
  const rawSchedule = raw.schedule as { every?: unknown; question?: unknown } | undefined;
  if (rawSchedule) {
    const everyMs = duration('schedule.every', rawSchedule.every);
    if (everyMs < DAY_MS) problem('schedule.every', `must be at least a day ("P1D"), got ${JSON.stringify(rawSchedule.every)}: employees asked more often stop answering.`);
    else if (everyMs <= closeAfterMs) problem('schedule.every', `must be longer than closeAfter (${String(raw.closeAfter ?? 'P14D')}), so one round closes before the next starts.`);
    schedule = { everyMs, question: String(rawSchedule.question) };
  }
  if (problems.length > 0) throw new SettingsValidationError(ctx.plugin.name, problems);
  return {
    publicUrl: String(raw.publicUrl).replace(/\/+$/, ''),
    minGroupSize: (raw.minGroupSize as number | undefined) ?? 5,
    channel: (raw.channel as string | undefined) ?? 'email',
    subject: (raw.subject as string | undefined) ?? 'A quick, anonymous question',
    reminderAfterMs,
    maxReminders,
    closeAfterMs,
    ...(schedule && { schedule }),
  };
}
