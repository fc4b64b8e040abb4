import { describe, expect, it } from 'vitest';
import {
  CSAT_METRIC,
  CSAT_QUESTION,
  NPS_METRIC,
  NPS_QUESTION,
  ValidationError,
  checkRange,
  describeWindow,
  evaluateSatisfaction,
  parseWindow,
  readAnswer,
  satisfactionRule,
  tallyAnswers,
  windowSetting,
  type DeliveredEvent,
  type Interaction,
  type ListInteractionsOptions,
} from '@rapport/sdk';

const DAY = 86_400_000;

describe('readAnswer', () => {
  it.each([
    [{ csat: 1 }, 1],
    [{ csat: 5 }, 5],
    [{ csat: ' 4 ' }, 4],
    [{ csat: 0 }, undefined],
    [{ csat: 6 }, undefined],
    [{ csat: 4.5 }, undefined],
    [{ csat: 'great' }, undefined],
    [{ csat: '' }, undefined],
    [{ csat: null }, undefined],
    [{ csat: true }, undefined],
    [{ csat: [4] }, undefined],
    [{ csat: Number.NaN }, undefined],
    [{ nps: 9 }, undefined],
    [{}, undefined],
  ])('reads CSAT from %j as %j', (metadata, expected) => {
    expect(readAnswer(metadata, CSAT_QUESTION)).toBe(expected);
  });

  it.each([
    [{ nps: 0 }, 0],
    [{ nps: 10 }, 10],
    [{ nps: '7' }, 7],
    [{ nps: -1 }, undefined],
    [{ nps: '-1' }, undefined],
    [{ nps: 11 }, undefined],
  ])('reads NPS from %j as %j', (metadata, expected) => {
    expect(readAnswer(metadata, NPS_QUESTION)).toBe(expected);
  });

  it('reads nothing from missing metadata', () => {
    expect(readAnswer(undefined, CSAT_QUESTION)).toBeUndefined();
    expect(readAnswer(null, NPS_QUESTION)).toBeUndefined();
  });
});

describe('CSAT arithmetic', () => {
  it('counts 4 and 5 as satisfied, 1 to 3 as not', () => {
    expect(tallyAnswers(CSAT_METRIC, [1, 2, 3, 4, 5])).toEqual({ responses: 5, satisfied: 2 });
  });

  it('leaves answers off the scale out of the count', () => {
    expect(tallyAnswers(CSAT_METRIC, [5, 0, 6, 4.5, Number.NaN, 2])).toEqual({ responses: 2, satisfied: 1 });
  });

  it.each([
    [[5], 100],
    [[1], 0],
    [[5, 2, 3], 33.3],
    [[5, 4, 2], 66.7],
    [[4, 5, 3, 1], 50],
  ])('scores %j as %d', (answers, expected) => {
    expect(CSAT_METRIC.score(tallyAnswers(CSAT_METRIC, answers))).toBe(expected);
  });

  it('has no score without answers', () => {
    expect(CSAT_METRIC.score(CSAT_METRIC.empty())).toBeUndefined();
  });

  it.each([
    [100, 'satisfied'],
    [75, 'satisfied'],
    [74.9, 'neutral'],
    [50, 'neutral'],
    [49.9, 'unsatisfied'],
    [0, 'unsatisfied'],
  ])('labels %d as %s', (value, label) => {
    expect(CSAT_METRIC.label(value)).toBe(label);
  });

  it('explains the value in words', () => {
    expect(CSAT_METRIC.explain(tallyAnswers(CSAT_METRIC, [5, 2, 3]), 90 * DAY)).toBe('1 of 3 answers satisfied in the last 90 days');
    expect(CSAT_METRIC.explain(tallyAnswers(CSAT_METRIC, [4]), 7 * DAY)).toBe('1 of 1 answer satisfied in the last 7 days');
  });
});

describe('NPS arithmetic', () => {
  it('splits answers into promoters (9-10), passives (7-8) and detractors (0-6)', () => {
    expect(tallyAnswers(NPS_METRIC, [0, 6, 7, 8, 9, 10])).toEqual({ responses: 6, promoters: 2, passives: 2, detractors: 2 });
  });

  it.each([
    [[10], 100],
    [[7], 0],
    [[3], -100],
    [[10, 9, 7, 3], 25],
    [[0, 1, 9], -33.3],
    [[9, 8, 8], 33.3],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0], -45.5],
  ])('scores %j as %d', (answers, expected) => {
    expect(NPS_METRIC.score(tallyAnswers(NPS_METRIC, answers))).toBe(expected);
  });

  it('scores an even split as 0, not -0', () => {
    expect(Object.is(NPS_METRIC.score(tallyAnswers(NPS_METRIC, [10, 0])), 0)).toBe(true);
  });

  it('leaves answers off the scale out, and has no score without answers', () => {
    expect(tallyAnswers(NPS_METRIC, [11, -1, 9.5])).toEqual(NPS_METRIC.empty());
    expect(NPS_METRIC.score(NPS_METRIC.empty())).toBeUndefined();
  });

  it.each([
    [100, 'promoter'],
    [50, 'promoter'],
    [49.9, 'passive'],
    [0, 'passive'],
    [-49.9, 'passive'],
    [-50, 'detractor'],
    [-100, 'detractor'],
  ])('labels a customer with NPS %d a %s', (value, label) => {
    expect(NPS_METRIC.label(value)).toBe(label);
  });

  it('explains the value in words, with singular and plural', () => {
    expect(NPS_METRIC.explain(tallyAnswers(NPS_METRIC, [10, 9, 7, 3]), 365 * DAY)).toBe(
      '2 promoters, 1 passive and 1 detractor among 4 answers in the last 365 days',
    );
    expect(NPS_METRIC.explain(tallyAnswers(NPS_METRIC, [10]), DAY)).toBe('1 promoter, 0 passives and 0 detractors among 1 answer in the last day');
  });
});

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

describe('checkRange', () => {
  it('accepts from before or equal to to', () => {
    expect(() => checkRange({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') })).not.toThrow();
    expect(() => checkRange({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') })).not.toThrow();
  });

  it('refuses from after to with a BAD_USER_INPUT error naming both dates', () => {
    const attempt = () => checkRange({ from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('from (2026-02-01T00:00:00.000Z) is after to (2026-01-01T00:00:00.000Z); give the earlier date as from.');
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    }
  });

  it('refuses an invalid date', () => {
    expect(() => checkRange({ from: new Date('nope'), to: new Date() })).toThrow('from must be a valid date-time');
  });
});

/** A customer's answers as stored, and the queries made for them, for the window logic. */
function subjectWith(now: string, answers: { at: string; metadata: Record<string, unknown> }[]) {
  const queries: ListInteractionsOptions[] = [];
  const interactions = answers.map(
    ({ at, metadata }, index): Interaction => ({
      id: `i${index}`,
      customerId: 'c1',
      conversationId: null,
      channel: 'email',
      direction: 'INBOUND',
      type: 'survey_response',
      subject: null,
      text: null,
      occurredAt: new Date(at),
      externalId: null,
      metadata,
    }),
  );
  return {
    queries,
    subject: {
      now: new Date(now),
      // Filters by `since` as the core does, so the window logic is exercised end to end here.
      async interactions(options: ListInteractionsOptions = {}) {
        queries.push(options);
        return interactions.filter((interaction) => !options.since || interaction.occurredAt >= options.since);
      },
    },
  };
}

describe('evaluateSatisfaction', () => {
  it('asks for survey answers since the start of the window', async () => {
    const { subject, queries } = subjectWith('2026-04-01T00:00:00Z', []);
    await evaluateSatisfaction(subject, CSAT_METRIC, 90 * DAY);
    expect(queries).toEqual([{ type: 'survey_response', since: new Date('2026-01-01T00:00:00Z') }]);
  });

  it('scores the answers within the window, skipping invalid and future ones', async () => {
    const { subject } = subjectWith('2026-04-01T00:00:00Z', [
      { at: '2025-12-31T23:59:59Z', metadata: { csat: 5 } }, // before the window
      { at: '2026-01-01T00:00:00Z', metadata: { csat: 5 } }, // on its first instant
      { at: '2026-02-01T00:00:00Z', metadata: { csat: 2 } },
      { at: '2026-02-02T00:00:00Z', metadata: { csat: 'n/a' } },
      { at: '2026-02-03T00:00:00Z', metadata: { nps: 10 } },
      { at: '2026-03-01T00:00:00Z', metadata: { csat: 3 } },
      { at: '2026-04-02T00:00:00Z', metadata: { csat: 1 } }, // after now
    ]);
    expect(await evaluateSatisfaction(subject, CSAT_METRIC, 90 * DAY)).toEqual({
      value: 33.3,
      label: 'unsatisfied',
      explanation: '1 of 3 answers satisfied in the last 90 days',
    });
    expect(await evaluateSatisfaction(subject, NPS_METRIC, 90 * DAY)).toEqual({
      value: 100,
      label: 'promoter',
      explanation: '1 promoter, 0 passives and 0 detractors among 1 answer in the last 90 days',
    });
  });

  it('returns undefined when no valid answer is in the window', async () => {
    const { subject } = subjectWith('2026-04-01T00:00:00Z', [{ at: '2026-03-01T00:00:00Z', metadata: { csat: 9 } }]);
    expect(await evaluateSatisfaction(subject, CSAT_METRIC, 90 * DAY)).toBeUndefined();
  });
});

describe('satisfactionRule', () => {
  const event = (fields: Record<string, unknown>) => ({ id: 'e1', occurredAt: '2026-01-01T00:00:00Z', ...fields }) as unknown as DeliveredEvent;

  it('is evaluated on survey answers and merges, and daily', () => {
    const rule = satisfactionRule(CSAT_METRIC, 'P90D');
    expect(rule.triggers).toEqual(['interaction.recorded', 'customer.merged']);
    expect(rule.reevaluateEvery).toBe('P1D');
    expect(rule.filter!(event({ eventType: 'interaction.recorded', type: 'survey_response', customerId: 'c1' }))).toBe(true);
    expect(rule.filter!(event({ eventType: 'interaction.recorded', type: 'message', customerId: 'c1' }))).toBe(false);
    expect(rule.filter!(event({ eventType: 'customer.merged', customerId: 'c1', mergedCustomerId: 'c2' }))).toBe(true);
  });

  it('evaluates with its window', async () => {
    const { subject } = subjectWith('2026-04-01T00:00:00Z', [
      { at: '2026-03-20T00:00:00Z', metadata: { nps: 3 } },
      { at: '2026-03-30T00:00:00Z', metadata: { nps: 9 } },
    ]);
    const rule = satisfactionRule(NPS_METRIC, 'P7D');
    expect(await rule.evaluate({ ...subject, customer: undefined!, score: async () => undefined, segments: async () => [] })).toEqual({
      value: 100,
      label: 'promoter',
      explanation: '1 promoter, 0 passives and 0 detractors among 1 answer in the last 7 days',
    });
  });

  it('refuses a bad window when it is built, naming the setting', () => {
    expect(() => satisfactionRule(CSAT_METRIC, 'soon')).toThrow('window must be milliseconds or an ISO-8601 duration');
  });
});
