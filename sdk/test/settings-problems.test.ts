import { describe, expect, it } from 'vitest';
import { durationSetting, SettingsValidationError, throwIfSettingsProblems, type ValidationProblem } from '../src/index.js';

const ctx = { plugin: { name: '@acme/plugin' }, settingsFile: '/srv/rapport.config.json' };

describe('durationSetting', () => {
  it('reads milliseconds and ISO-8601, and falls back when the setting is absent', () => {
    const problems: ValidationProblem[] = [];
    expect(durationSetting(ctx, problems, 'delay', 'PT1H')).toBe(3_600_000);
    expect(durationSetting(ctx, problems, 'delay', 2_500)).toBe(2_500);
    expect(durationSetting(ctx, problems, 'delay', undefined, { fallback: 'P2D' })).toBe(2 * 86_400_000);
    expect(problems).toEqual([]);
  });

  it('records a problem naming the file and the setting, once, and returns NaN, so every setting is checked before throwing', () => {
    const problems: ValidationProblem[] = [];
    expect(durationSetting(ctx, problems, 'delay', 'a day')).toBeNaN();
    expect(durationSetting(ctx, problems, 'reminder', 'PT10S', { minMs: 60_000 })).toBeNaN();
    expect(problems).toEqual([
      { file: '/srv/rapport.config.json', field: 'pluginSettings["@acme/plugin"].delay', message: 'must be milliseconds or an ISO-8601 duration such as "PT30S" or "P3D", got "a day".' },
      { file: '/srv/rapport.config.json', field: 'pluginSettings["@acme/plugin"].reminder', message: 'must be at least 60000 ms, got "PT10S".' },
    ]);
    expect(() => throwIfSettingsProblems(ctx, problems)).toThrow(SettingsValidationError);
  });
});
