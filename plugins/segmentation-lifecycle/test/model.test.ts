import type { DeliveredEvent } from '@rapport/sdk';
import { describe, expect, it } from 'vitest';
import { isRelevant, lifecycleModel, type LifecycleTrigger } from '../src/model.js';

const event = (eventType: LifecycleTrigger, fields: Record<string, unknown> = {}) =>
  ({ id: 'e1', occurredAt: '2026-03-02T09:00:00.000Z', eventType, customerId: 'c1', ...fields }) as unknown as DeliveredEvent<LifecycleTrigger>;

describe('the lifecycle model registration', () => {
  it('classifies on interactions, NPS changes, new and merged customers, and daily', () => {
    const model = lifecycleModel({ newForMs: 1, onboardingForMs: 1, loyalPurchases: 3, loyalMinNps: 50, atRiskAfterMs: 2, churnedAfterMs: 3 });
    expect(model.triggers).toEqual(['interaction.recorded', 'score.changed', 'customer.created', 'customer.merged']);
    expect(model.reevaluateEvery).toBe('P1D');
    expect(model.filter).toBe(isRelevant);
  });

  it('lets through only the NPS score among score changes', () => {
    expect(isRelevant(event('score.changed', { rule: 'nps', value: 10, previousValue: null }))).toBe(true);
    expect(isRelevant(event('score.changed', { rule: 'csat', value: 80, previousValue: null }))).toBe(false);
    expect(isRelevant(event('interaction.recorded', { type: 'note', direction: 'INTERNAL' }))).toBe(true);
    expect(isRelevant(event('customer.merged', { mergedCustomerId: 'c2' }))).toBe(true);
  });
});
