import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyLifecycle, LIFECYCLE_MODEL, LIFECYCLE_SEGMENTS, type LifecycleFacts, type LifecycleThresholds } from '../src/classify.js';

const DAY = 86_400_000;
const NOW = new Date('2026-03-02T09:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

// The defaults of the manifest: newFor P14D, onboardingFor P60D, 3 purchases, NPS 50, P45D, P120D.
const THRESHOLDS: LifecycleThresholds = {
  newForMs: 14 * DAY,
  onboardingForMs: 60 * DAY,
  loyalPurchases: 3,
  loyalMinNps: 50,
  atRiskAfterMs: 45 * DAY,
  churnedAfterMs: 120 * DAY,
};

/** A customer who first wrote `first` days ago and was last active `last` days ago. */
function facts(first: number, last: number | undefined, more: Partial<{ purchases: number; firstPurchase: number; nps: number }> = {}): LifecycleFacts {
  return {
    firstInteractionAt: daysAgo(first),
    lastActivityAt: last === undefined ? undefined : daysAgo(last),
    purchases: more.purchases ?? 0,
    firstPurchaseAt: more.firstPurchase === undefined ? undefined : daysAgo(more.firstPurchase),
    nps: more.nps,
  };
}

describe('classifyLifecycle', () => {
  it.each<[string, LifecycleFacts | undefined, string | undefined]>([
    ['no interactions at all: no segment', undefined, undefined],
    ['first message today: new', facts(0, 0), 'new'],
    ['first message 13 days ago: still new', facts(13, 13), 'new'],
    ['first message exactly newFor ago: no longer new', facts(14, 10), 'active'],
    ['first message 20 days ago, active since, no purchase: active', facts(20, 2), 'active'],
    ['one purchase today: onboarding', facts(3, 0, { purchases: 1, firstPurchase: 0 }), 'onboarding'],
    ['first purchase 59 days ago, active since: onboarding', facts(80, 5, { purchases: 2, firstPurchase: 59 }), 'onboarding'],
    ['first purchase exactly onboardingFor ago: active', facts(80, 5, { purchases: 2, firstPurchase: 60 }), 'active'],
    ['three purchases: loyal', facts(200, 1, { purchases: 3, firstPurchase: 150 }), 'loyal'],
    ['three purchases inside the onboarding window: loyal beats onboarding', facts(10, 0, { purchases: 3, firstPurchase: 5 }), 'loyal'],
    ['two purchases: not yet loyal', facts(200, 1, { purchases: 2, firstPurchase: 150 }), 'active'],
    ['three purchases, NPS at the minimum: loyal', facts(200, 1, { purchases: 3, firstPurchase: 150, nps: 50 }), 'loyal'],
    ['three purchases, NPS below the minimum: active', facts(200, 1, { purchases: 3, firstPurchase: 150, nps: 0 }), 'active'],
    ['three recent purchases, NPS below the minimum: onboarding', facts(10, 0, { purchases: 3, firstPurchase: 5, nps: -100 }), 'onboarding'],
    ['quiet for 44 days: active', facts(300, 44), 'active'],
    ['quiet for exactly atRiskAfter: at-risk', facts(300, 45), 'at-risk'],
    ['quiet for 119 days: at-risk', facts(300, 119), 'at-risk'],
    ['quiet for exactly churnedAfter: churned', facts(300, 120), 'churned'],
    ['a loyal customer gone quiet: at-risk beats loyal', facts(300, 50, { purchases: 5, firstPurchase: 290, nps: 100 }), 'at-risk'],
    ['a loyal customer gone for good: churned beats loyal', facts(400, 200, { purchases: 5, firstPurchase: 390 }), 'churned'],
    ['a recent buyer gone quiet: at-risk beats onboarding', facts(50, 46, { purchases: 1, firstPurchase: 46 }), 'at-risk'],
    ['never inbound, first contact 10 days ago: new', facts(10, undefined), 'new'],
    ['never inbound, first contact 50 days ago: quiet since then, at-risk', facts(50, undefined), 'at-risk'],
    ['never inbound, first contact 130 days ago: churned', facts(130, undefined), 'churned'],
  ])('%s', (_name, input, expected) => {
    expect(classifyLifecycle(input, THRESHOLDS, NOW)).toBe(expected);
  });

  it('lets at-risk win over new when newFor is set longer than atRiskAfter', () => {
    const thresholds = { ...THRESHOLDS, newForMs: 90 * DAY };
    expect(classifyLifecycle(facts(60, 50), thresholds, NOW)).toBe('at-risk');
    expect(classifyLifecycle(facts(60, 40), thresholds, NOW)).toBe('new');
  });

  it('turns new and onboarding off with a zero window', () => {
    const thresholds = { ...THRESHOLDS, newForMs: 0, onboardingForMs: 0 };
    expect(classifyLifecycle(facts(0, 0), thresholds, NOW)).toBe('active');
    expect(classifyLifecycle(facts(0, 0, { purchases: 1, firstPurchase: 0 }), thresholds, NOW)).toBe('active');
  });

  it('declares in the manifest exactly the model and segments it can return', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      rapport: { contributes: { segmentationModels: { id: string; segments: string[] }[] } };
    };
    expect(manifest.rapport.contributes.segmentationModels).toEqual([
      expect.objectContaining({ id: LIFECYCLE_MODEL, segments: [...LIFECYCLE_SEGMENTS] }),
    ]);
  });
});
