import { describe, expect, it } from 'vitest';
import { CSAT_METRIC, NPS_METRIC, tallyAnswers } from '@rapport/lib-satisfaction';

const DAY = 86_400_000;

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
