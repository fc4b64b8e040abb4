import { describe, expect, it } from 'vitest';
import type { DeliveredEvent, Interaction, ListInteractionsOptions } from '@rapport/sdk';
import { CSAT_METRIC, NPS_METRIC, evaluateSatisfaction, satisfactionRule } from '@rapport/lib-satisfaction';

const DAY = 86_400_000;

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
      { at: '2026-04-01T00:02:00Z', metadata: { csat: 4 } }, // a provider's clock two minutes fast: counts now
      { at: '2026-04-02T00:00:00Z', metadata: { csat: 1 } }, // after now
    ]);
    expect(await evaluateSatisfaction(subject, CSAT_METRIC, 90 * DAY)).toEqual({
      value: 50,
      label: 'neutral',
      explanation: '2 of 4 answers satisfied in the last 90 days',
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
  const event = (fields: Record<string, unknown>) => ({ id: 'e1', occurredAt: '2026-01-01T00:00:00Z', ...fields }) as unknown as DeliveredEvent<'interaction.recorded' | 'customer.merged'>;

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
    expect(await rule.evaluate({ ...subject, customer: undefined!, conversations: async () => [], score: async () => undefined, segments: async () => [] })).toEqual({
      value: 100,
      label: 'promoter',
      explanation: '1 promoter, 0 passives and 0 detractors among 1 answer in the last 7 days',
    });
  });

  it('refuses a bad window when it is built, naming the setting', () => {
    expect(() => satisfactionRule(CSAT_METRIC, 'soon')).toThrow('window must be milliseconds or an ISO-8601 duration');
  });
});
