import { afterEach, describe, expect, it } from 'vitest';
import { SettingsValidationError } from '@rapport/sdk';
import { createTestHost, type TestHost } from '@rapport/sdk/testing';
import { readSettings } from '../src/settings.js';
import { CHAT_CHANNEL_DIR, PLUGIN, PLUGIN_DIR } from './paths.js';

describe('settings', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  async function start(settings: Record<string, unknown>): Promise<TestHost> {
    host = await createTestHost({ plugins: [PLUGIN_DIR, CHAT_CHANNEL_DIR], settings: { [PLUGIN]: settings } });
    return host;
  }

  it('defaults to a survey an hour after the resolution, a reminder after 2 days, giving up after 7, follow-up at 2 or less', () => {
    expect(readSettings(PLUGIN, {})).toMatchObject({
      delayMs: 3_600_000,
      reminderAfterMs: 2 * 86_400_000,
      giveUpAfterMs: 7 * 86_400_000,
      lowScoreThreshold: 2,
      surveyChannels: [],
    });
  });

  it('takes milliseconds and ISO-8601 durations', () => {
    expect(readSettings(PLUGIN, { delay: 2_000, reminderAfter: 'PT30M', giveUpAfter: 'p1dt12h' })).toMatchObject({
      delayMs: 2_000,
      reminderAfterMs: 1_800_000,
      giveUpAfterMs: 36 * 3_600_000,
    });
  });

  it('stops the plugin at load for a duration that does not parse, naming the setting', async () => {
    await start({ delay: 'one hour' });
    const status = host!.plugin(PLUGIN);
    expect(status.state).toBe('FAILED');
    expect(status.error).toContain(`pluginSettings["${PLUGIN}"].delay`);
    expect(status.error).toContain('ISO-8601 duration such as "PT1H"');
  });

  it('stops the plugin for a negative duration or an unknown setting', async () => {
    await start({ giveUpAfter: -5, reminderAfterr: 'P1D' });
    const status = host!.plugin(PLUGIN);
    expect(status.state).toBe('FAILED');
    expect(status.error).toContain(`pluginSettings["${PLUGIN}"].giveUpAfter`);
    expect(status.error).toContain(`pluginSettings["${PLUGIN}"].reminderAfterr: is not a known field`);
  });

  it('stops the plugin when the reminder would not come before giving up, naming both settings', async () => {
    await start({ reminderAfter: 'P7D', giveUpAfter: 'P3D' });
    // The schema cannot compare two settings: the check runs when the plugin activates.
    const status = await host!.activate(PLUGIN).catch(() => host!.plugin(PLUGIN));
    expect(status.state).toBe('FAILED');
    expect(status.error).toContain('reminderAfter: must be shorter than giveUpAfter');
    // The file the settings came from (the test host's stand-in for rapport.config.json) and the field.
    expect(status.error).toContain(`test host settings: pluginSettings["${PLUGIN}"].reminderAfter: must be shorter`);
    expect(status.error).toContain('reminderAfter is P7D, giveUpAfter is P3D');
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      readSettings(PLUGIN, { delay: 'soon', reminderAfter: 'P8D', giveUpAfter: 'P7D', lowScoreThreshold: 9 }, '/srv/rapport.config.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsValidationError);
    const problems = (error as SettingsValidationError).problems;
    expect(problems.map((problem) => problem.field)).toEqual(['delay', 'reminderAfter', 'lowScoreThreshold'].map((setting) => `pluginSettings["${PLUGIN}"].${setting}`));
    // Located in the deployment's config file, like the host's own settings errors.
    expect(problems.every((problem) => problem.file === '/srv/rapport.config.json')).toBe(true);
  });
});
