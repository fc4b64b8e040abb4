import type { DeliveredEvent, SegmentationModel } from '@rapport/sdk';
import { classifyLifecycle, type LifecycleThresholds } from './classify.js';
import { gatherFacts, NPS_RULE } from './facts.js';

/**
 * How often every customer is classified again. Daily, because time passing alone moves a quiet
 * customer into `at-risk` and `churned` (and out of `new` and `onboarding`), with no event to say so.
 */
export const REEVALUATE_EVERY = 'P1D';

/**
 * The `lifecycle` segmentation model: classifies a customer when they interact, when their NPS
 * score changes, when they are created and when another customer is merged into them, and every
 * customer once a day.
 */
export function lifecycleModel(thresholds: LifecycleThresholds): SegmentationModel<LifecycleTrigger> {
  return {
    triggers: ['interaction.recorded', 'score.changed', 'customer.created', 'customer.merged'],
    reevaluateEvery: REEVALUATE_EVERY,
    filter: isRelevant,
    async classify(subject) {
      const segment = classifyLifecycle(await gatherFacts(subject, thresholds.loyalPurchases), thresholds, subject.now);
      return segment ? [segment] : [];
    },
  };
}

/** The events the lifecycle model is classified on. */
export type LifecycleTrigger = 'interaction.recorded' | 'score.changed' | 'customer.created' | 'customer.merged';

/** Only the NPS score bears on the lifecycle; other scores changing is no reason to classify. */
export function isRelevant(event: DeliveredEvent<LifecycleTrigger>): boolean {
  return event.eventType !== 'score.changed' || event.rule === NPS_RULE;
}
