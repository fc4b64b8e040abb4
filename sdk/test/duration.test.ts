import { describe, expect, it } from 'vitest';
import { parseDuration } from '@rapport/sdk';

describe('parseDuration', () => {
  it.each([
    [250, 250],
    ['PT2S', 2000],
    ['PT1.5S', 1500],
    ['PT15M', 900_000],
    ['P3D', 259_200_000],
    ['P1W', 604_800_000],
    ['P1DT2H', 93_600_000],
    ['pt30s', 30_000],
  ])('reads %j as %d ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(['P', 'PT', '3 days', 'P1Y', 'P1M', ''])('rejects %j and says what it accepts', (input) => {
    expect(() => parseDuration(input, 'delay')).toThrow(
      `delay must be milliseconds or an ISO-8601 duration such as "PT30S" or "P3D", got ${JSON.stringify(input)}.`,
    );
  });

  it('rejects negative and non-finite numbers', () => {
    expect(() => parseDuration(-1, 'timeout')).toThrow('timeout must be a non-negative number of milliseconds, got -1.');
    expect(() => parseDuration(Number.NaN, 'timeout')).toThrow('timeout must be a non-negative number of milliseconds, got NaN.');
  });
});
