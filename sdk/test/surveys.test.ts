import { describe, expect, it } from 'vitest';
import { CSAT_QUESTION, NPS_QUESTION, SURVEY_RESPONSE, isSurveyQuestion, readAnswer, readSurveyAnswer } from '@rapport/sdk';

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

describe('readSurveyAnswer', () => {
  it.each([
    ['4', 4],
    ['4 - quick and friendly', 4],
    ['  5  ', 5],
    ['5\n\nOn Mon, Support wrote:\n> How did we do?', 5],
    ['> 1\n3 stars', 3],
    ['Thanks!', undefined],
    ['7', undefined],
    ['On Mon, Support wrote:\n> 5', undefined],
  ])('reads %j to the CSAT question as %j', (text, expected) => {
    expect(readSurveyAnswer(text, CSAT_QUESTION)).toBe(expected);
  });

  it('reads 0 and 10 on the NPS scale', () => {
    expect(readSurveyAnswer('0', NPS_QUESTION)).toBe(0);
    expect(readSurveyAnswer('10, definitely', NPS_QUESTION)).toBe(10);
  });
});

describe('isSurveyQuestion', () => {
  it('accepts the built-in questions and any whole-number scale', () => {
    expect(isSurveyQuestion(CSAT_QUESTION)).toBe(true);
    expect(isSurveyQuestion(NPS_QUESTION)).toBe(true);
    expect(isSurveyQuestion({ metric: 'ces', min: 1, max: 7 })).toBe(true);
  });

  it.each([null, 'csat', { metric: '', min: 1, max: 5 }, { metric: 'csat', min: 5, max: 1 }, { metric: 'csat', min: 1.5, max: 5 }, { metric: 'csat', min: 1 }])(
    'refuses %j',
    (value) => {
      expect(isSurveyQuestion(value)).toBe(false);
    },
  );
});

it('records survey answers with the interaction type of contracts §5', () => {
  expect(SURVEY_RESPONSE).toBe('survey_response');
});
