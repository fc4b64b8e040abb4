import { describe, expect, it } from 'vitest';
import { ValidationError } from '@rapport/sdk';
import { describeWindow, parseWindow, windowSetting } from '@rapport/lib-satisfaction';

const DAY = 86_400_000;

describe('describeWindow', () => {
  it.each([
    [90 * DAY, '90 days'],
    [DAY, 'day'],
    [7 * DAY, '7 days'],
    [36 * 3_600_000, '36 hours'],
    [3_600_000, 'hour'],
    [90 * 60_000, '90 minutes'],
    [45_000, '45 seconds'],
    [1500, '1500 milliseconds'],
  ])('says %d ms as "%s"', (ms, words) => {
    expect(describeWindow(ms)).toBe(words);
  });
});

describe('parseWindow', () => {
  it('reads milliseconds and ISO-8601 durations', () => {
    expect(parseWindow('P90D')).toBe(90 * DAY);
    expect(parseWindow(60_000)).toBe(60_000);
  });

  it('refuses a value that is not a duration, naming the setting', () => {
    expect(() => parseWindow('soon')).toThrow(ValidationError);
    expect(() => parseWindow('soon')).toThrow('window must be milliseconds or an ISO-8601 duration such as "PT30S" or "P3D", got "soon".');
  });

  it('refuses an empty window', () => {
    expect(() => parseWindow('P0D')).toThrow('window must be longer than zero, got "P0D"; use a duration such as "P90D".');
    expect(() => parseWindow(0, 'lookback')).toThrow('lookback must be longer than zero');
  });
});

describe('windowSetting', () => {
  const ctx = (settings: Record<string, unknown>) => ({ plugin: { name: '@acme/rapport-csat', version: '1.0.0' }, settings, settingsFile: '/srv/rapport.config.json' });

  it('reads the setting as milliseconds', () => {
    expect(windowSetting(ctx({ window: 'P2W' }))).toBe(14 * DAY);
    expect(windowSetting(ctx({ lookback: 'PT1H' }), 'lookback')).toBe(3_600_000);
  });

  it('names the file and the setting as rapport.config.json writes it', () => {
    expect(() => windowSetting(ctx({ window: 'P0D' }))).toThrow(
      '/srv/rapport.config.json: pluginSettings["@acme/rapport-csat"].window: must be longer than zero, got "P0D"; use a duration such as "P90D".',
    );
    expect(() => windowSetting(ctx({}))).toThrow('/srv/rapport.config.json: pluginSettings["@acme/rapport-csat"].window: must be milliseconds or an ISO-8601 duration');
  });
});
