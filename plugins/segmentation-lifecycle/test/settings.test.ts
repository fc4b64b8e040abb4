import { SettingsValidationError } from '@rapport/sdk';
import { describe, expect, it } from 'vitest';
import { readThresholds } from '../src/settings.js';

const PLUGIN = '@rapport/plugin-segmentation-lifecycle';
const DAY = 86_400_000;
const DEFAULTS = { newFor: 'P14D', onboardingFor: 'P60D', loyalPurchases: 3, loyalMinNps: 50, atRiskAfter: 'P45D', churnedAfter: 'P120D' };

function problemsOf(settings: Record<string, unknown>): { field: string; message: string }[] {
  try {
    readThresholds(settings, PLUGIN);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsValidationError);
    expect((error as SettingsValidationError).code).toBe('SETTINGS_INVALID');
    return (error as SettingsValidationError).problems.map(({ field, message }) => {
      expect(field.startsWith(`pluginSettings[${JSON.stringify(PLUGIN)}].`)).toBe(true);
      return { field: field.slice(field.lastIndexOf('.') + 1), message };
    });
  }
  throw new Error('expected readThresholds to throw');
}

describe('readThresholds', () => {
  it('reads ISO-8601 durations and milliseconds', () => {
    expect(readThresholds(DEFAULTS, PLUGIN)).toEqual({
      newForMs: 14 * DAY,
      onboardingForMs: 60 * DAY,
      loyalPurchases: 3,
      loyalMinNps: 50,
      atRiskAfterMs: 45 * DAY,
      churnedAfterMs: 120 * DAY,
    });
    expect(readThresholds({ ...DEFAULTS, atRiskAfter: 1000, churnedAfter: 'PT2S' }, PLUGIN)).toMatchObject({ atRiskAfterMs: 1000, churnedAfterMs: 2000 });
  });

  it('names a duration that is not ISO-8601', () => {
    const problems = problemsOf({ ...DEFAULTS, newFor: 'two weeks' });
    expect(problems).toEqual([{ field: 'newFor', message: expect.stringContaining('ISO-8601') }]);
    expect(problems[0]!.message).toContain('"two weeks"');
  });

  it('names both settings when atRiskAfter is not shorter than churnedAfter', () => {
    for (const churnedAfter of ['P30D', 'P45D']) {
      const [problem, ...rest] = problemsOf({ ...DEFAULTS, churnedAfter });
      expect(rest).toEqual([]);
      expect(problem!.field).toBe('atRiskAfter');
      expect(problem!.message).toContain('churnedAfter');
      expect(problem!.message).toContain(`"${churnedAfter}"`);
      expect(problem!.message).toContain('"P45D"');
    }
  });

  it('refuses an atRiskAfter of zero', () => {
    expect(problemsOf({ ...DEFAULTS, atRiskAfter: 0 })).toEqual([{ field: 'atRiskAfter', message: expect.stringContaining('longer than zero') }]);
  });

  it('reports every bad setting at once', () => {
    expect(problemsOf({ ...DEFAULTS, newFor: 'soon', churnedAfter: 'later' }).map((problem) => problem.field)).toEqual(['newFor', 'churnedAfter']);
  });

  it('says which plugin the settings belong to', () => {
    expect(() => readThresholds({ ...DEFAULTS, churnedAfter: 'P1D' }, PLUGIN)).toThrow(`Invalid settings for plugin "${PLUGIN}"`);
  });
});
