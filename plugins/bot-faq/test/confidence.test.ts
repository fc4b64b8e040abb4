import { describe, expect, it } from 'vitest';
import { ANSWER_ONLY_WEIGHT, confidenceOf, coverage, dominance } from '../src/index.js';

describe('coverage', () => {
  it('is the share of terms matched, a term found only in the answer counting less', () => {
    expect(coverage(['question', 'question'])).toBe(1);
    expect(coverage(['question', 'none'])).toBe(0.5);
    expect(coverage(['answer', 'none'])).toBe(ANSWER_ONLY_WEIGHT / 2);
    expect(coverage(['none', 'none', 'none'])).toBe(0);
  });

  it('is 0 for a message without terms', () => {
    expect(coverage([])).toBe(0);
  });
});

describe('dominance', () => {
  it('is 1 without a runner-up, 0.5 for a tie, in between for a lead', () => {
    expect(dominance(3, undefined)).toBe(1);
    expect(dominance(3, 0)).toBe(1);
    expect(dominance(3, 3)).toBe(0.5);
    expect(dominance(3, 1)).toBe(0.75);
  });

  it('never goes below 0.5, whatever order the scores come in', () => {
    expect(dominance(1, 3)).toBe(0.5);
  });
});

describe('confidenceOf', () => {
  it('multiplies coverage and dominance, within 0..1, to three decimals', () => {
    expect(confidenceOf(1, 1)).toBe(1);
    expect(confidenceOf(1, 0.5)).toBe(0.5);
    expect(confidenceOf(2 / 3, 0.8)).toBe(0.533);
    expect(confidenceOf(0, 1)).toBe(0);
  });
});
