import { describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '@rapport/sdk';
import { combine, FACTORS, type FactorReading } from '../src/index.js';
import { churnRule } from '../src/rule.js';
import type { Settings } from '../src/settings.js';

const WEIGHTS = { recency: 0.35, engagement: 0.2, unresolved: 0.1, csat: 0.2, sentiment: 0.15 };
const reading = (factor: FactorReading['factor'], risk: number): FactorReading => ({ factor, risk, phrase: `${factor} ${risk}` });

describe('combining the factors', () => {
  it('is the weighted mean of the risks of the factors present, times 100, rounded', () => {
    // (0.35 × 1 + 0.2 × 0.5) / (0.35 + 0.2) = 0.45 / 0.55.
    expect(combine([reading('recency', 1), reading('csat', 0.5)], WEIGHTS, [])).toEqual({ value: 82, label: 'high', explanation: '82: recency 1; csat 0.5' });
    // The same risks with every factor present and the others at 0: 0.45 / 1.
    const all = [reading('recency', 1), reading('csat', 0.5), reading('engagement', 0), reading('sentiment', 0), reading('unresolved', 0)];
    expect(combine(all, WEIGHTS, [])).toMatchObject({ value: 45, label: 'medium', explanation: '45: recency 1; csat 0.5' });
  });

  it('names at most three factors, by contribution, ties in the order of FACTORS, then the notes', () => {
    expect(FACTORS).toEqual(['recency', 'engagement', 'csat', 'sentiment', 'unresolved']);
    const equal = { recency: 1, engagement: 1, unresolved: 1, csat: 1, sentiment: 1 };
    const readings = [reading('unresolved', 0.5), reading('sentiment', 0.5), reading('csat', 0.9), reading('engagement', 0.5), reading('recency', 0.2)];
    // (0.5 + 0.5 + 0.9 + 0.5 + 0.2) / 5 = 0.52.
    expect(combine(readings, equal, ['a note'])!.explanation).toBe('52: csat 0.9; engagement 0.5; sentiment 0.5; a note');
  });

  it('clamps risks to 0..1, skips factors weighted 0, and has no score when no weighted factor has data', () => {
    expect(combine([reading('recency', 3), reading('csat', -1)], WEIGHTS, [])).toMatchObject({ value: 64 });
    expect(combine([reading('csat', 1)], { ...WEIGHTS, csat: 0 }, [])).toBeUndefined();
    expect(combine([], WEIGHTS, [])).toBeUndefined();
  });
});

describe('the rule\'s triggers', () => {
  const settings: Settings = { windowMs: 30 * 86_400_000, defaultPurchaseGapMs: 30 * 86_400_000, overdueAt: 4, openForMs: 7 * 86_400_000, weights: WEIGHTS };
  const rule = churnRule(settings);
  const event = (eventType: string, payload: Record<string, unknown>) =>
    ({ id: 'e1', occurredAt: '2026-03-02T09:00:00Z', eventType, customerId: 'c1', ...payload }) as unknown as DeliveredEvent<(typeof rule.triggers)[number]>;

  it('re-evaluates on the csat and sentiment scores, never on its own, so it cannot loop', () => {
    expect(rule.triggers).toContain('score.changed');
    expect(rule.filter!(event('score.changed', { rule: 'csat', value: 40, previousValue: 80 }))).toBe(true);
    expect(rule.filter!(event('score.changed', { rule: 'sentiment', value: -40, previousValue: 0 }))).toBe(true);
    expect(rule.filter!(event('score.changed', { rule: 'churn-risk', value: 70, previousValue: 20 }))).toBe(false);
    expect(rule.filter!(event('score.changed', { rule: 'nps', value: 70, previousValue: 20 }))).toBe(false);
  });

  it('re-evaluates on inbound interactions and replies, not internal notes; on conversations; and daily', () => {
    expect(rule.filter!(event('interaction.recorded', { direction: 'INBOUND' }))).toBe(true);
    expect(rule.filter!(event('interaction.recorded', { direction: 'OUTBOUND' }))).toBe(true);
    expect(rule.filter!(event('interaction.recorded', { direction: 'INTERNAL' }))).toBe(false);
    expect(rule.filter!(event('conversation.resolved', { conversationId: 'v1' }))).toBe(true);
    expect(rule.triggers).toEqual(expect.arrayContaining(['conversation.opened', 'conversation.resolved', 'customer.merged', 'interaction.recorded']));
    expect(rule.reevaluateEvery).toBe('P1D');
  });
});
