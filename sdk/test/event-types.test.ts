import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DeliveredEvent, Direction, ScoringRule, SegmentationModel } from '../src/index.js';

// These checks are made by the type checker (`npm run lint` runs tsc over sdk/test): a filter
// narrows the trigger events by `eventType`, with no cast, and a wrong field does not compile.
describe('DeliveredEvent', () => {
  it('narrows a rule\'s trigger events by eventType', () => {
    const rule: ScoringRule<'interaction.recorded' | 'customer.merged'> = {
      triggers: ['interaction.recorded', 'customer.merged'],
      filter(event) {
        if (event.eventType === 'interaction.recorded') {
          expectTypeOf(event.direction).toEqualTypeOf<Direction>();
          return event.direction === 'INBOUND';
        }
        expectTypeOf(event.mergedCustomerId).toEqualTypeOf<string>();
        // @ts-expect-error a merge has no direction
        void event.direction;
        return true;
      },
      evaluate: () => undefined,
    };
    const inbound = { id: 'e1', eventType: 'interaction.recorded', occurredAt: '2026-01-01T00:00:00Z', interactionId: 'i', customerId: 'c', conversationId: null, channel: 'email', type: 'message', direction: 'INBOUND' } as const;
    expect(rule.filter!(inbound)).toBe(true);
    expect(rule.filter!({ ...inbound, direction: 'OUTBOUND' })).toBe(false);
    expect(rule.filter!({ id: 'e2', eventType: 'customer.merged', occurredAt: '2026-01-01T00:00:00Z', customerId: 'a', mergedCustomerId: 'b' })).toBe(true);
  });

  it('gives a plugin\'s own event types their JSON payload, and a model the same narrowing', () => {
    expectTypeOf<DeliveredEvent<'acme.tier.changed'>['eventType']>().toEqualTypeOf<'acme.tier.changed'>();
    const model: SegmentationModel<'score.changed'> = {
      triggers: ['score.changed'],
      filter: (event) => event.rule === 'nps',
      classify: () => [],
    };
    expect(model.filter!({ id: 'e', eventType: 'score.changed', occurredAt: '2026-01-01T00:00:00Z', customerId: 'c', rule: 'nps', value: 1, previousValue: null })).toBe(true);
  });
});
