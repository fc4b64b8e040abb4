import type { ScoreResult } from '@rapport/sdk';
import { FACTORS, type FactorId } from './settings.js';

/** What one factor says of a customer: its risk and how to say it. */
export interface FactorReading {
  factor: FactorId;
  /** 0 (no sign of churn) to 1 (as strong a sign as this factor gives). */
  risk: number;
  /** What the explanation says of it, e.g. "no purchase for 94 days (usual gap 21)". */
  phrase: string;
}

/** How many factors the explanation names; the rest add little to read. */
export const NAMED_FACTORS = 3;

/** A score at or above this is labelled `high`. */
export const HIGH_FROM = 70;
/** A score at or above this (and below {@link HIGH_FROM}) is labelled `medium`; below it, `low`. */
export const MEDIUM_FROM = 40;

/**
 * Combines the factors that have data into the score: 100 × Σ(weight × risk) / Σ(weight), over
 * the factors present only, so a missing factor's weight is spread over the others in
 * proportion to theirs. Rounded to a whole number. The explanation names the factors that add
 * to the score, largest contribution first (ties in the order of {@link FACTORS}), then `notes`.
 * Undefined when no factor with a weight has data.
 *
 * @example
 * ```ts
 * combine([{ factor: 'recency', risk: 1, phrase: 'no purchase for 94 days (usual gap 21)' },
 *          { factor: 'csat', risk: 0.5, phrase: 'CSAT 50' }], { recency: 0.35, csat: 0.2, … }, []);
 * // { value: 82, label: 'high', explanation: '82: no purchase for 94 days (usual gap 21); CSAT 50' }
 * ```
 */
export function combine(readings: readonly FactorReading[], weights: Record<FactorId, number>, notes: readonly string[]): ScoreResult | undefined {
  const weighed = readings.map((reading) => ({ ...reading, weight: weights[reading.factor] })).filter((reading) => reading.weight > 0);
  const totalWeight = weighed.reduce((sum, reading) => sum + reading.weight, 0);
  if (totalWeight === 0) return undefined;
  const contributions = weighed.map((reading) => ({ ...reading, contribution: (reading.weight * clamp(reading.risk)) / totalWeight }));
  const value = Math.round(100 * contributions.reduce((sum, reading) => sum + reading.contribution, 0));
  const named = contributions
    .filter((reading) => reading.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || FACTORS.indexOf(a.factor) - FACTORS.indexOf(b.factor))
    .slice(0, NAMED_FACTORS)
    .map((reading) => reading.phrase);
  const parts = [...(named.length > 0 ? named : ['no sign of churn in the factors with data']), ...notes];
  return { value, label: labelOf(value), explanation: `${value}: ${parts.join('; ')}` };
}

/** `low`, `medium` or `high`. */
export function labelOf(value: number): string {
  return value >= HIGH_FROM ? 'high' : value >= MEDIUM_FROM ? 'medium' : 'low';
}

/** The value within 0..1; NaN (no data slipped through) as 0. */
export function clamp(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
