/**
 * The lifecycle decision itself: which one segment a customer's history puts them in. Pure and
 * synchronous, so every rule of precedence is tested over a table of cases without a database.
 */

/** The id of the segmentation model, as declared in the manifest. */
export const LIFECYCLE_MODEL = 'lifecycle';

/** Every segment of the model, as declared in the manifest's `segmentationModels[].segments`. */
export const LIFECYCLE_SEGMENTS = ['new', 'onboarding', 'active', 'loyal', 'at-risk', 'churned'] as const;

/** One lifecycle segment. */
export type LifecycleSegment = (typeof LIFECYCLE_SEGMENTS)[number];

/** The thresholds of the model, read from the plugin's settings (see `readThresholds`). */
export interface LifecycleThresholds {
  /** A customer who has not purchased and whose first interaction is younger than this is `new`. */
  newForMs: number;
  /** A customer whose first purchase is younger than this is `onboarding`. */
  onboardingForMs: number;
  /** At least this many purchases make a customer `loyal`. */
  loyalPurchases: number;
  /** An NPS score below this keeps a customer out of `loyal`. */
  loyalMinNps: number;
  /** This long without an inbound interaction or a purchase makes a customer `at-risk`. */
  atRiskAfterMs: number;
  /** This long without an inbound interaction or a purchase makes a customer `churned`. */
  churnedAfterMs: number;
}

/** What the decision needs to know about a customer, as of the evaluation time. */
export interface LifecycleFacts {
  /** When the customer's first interaction (of any kind) happened. */
  firstInteractionAt: Date;
  /** Their last INBOUND interaction or purchase, whichever is later; `undefined` if neither exists. */
  lastActivityAt: Date | undefined;
  /**
   * How many purchases they made. Counting may stop at `loyalPurchases`, since more do not change
   * the segment.
   */
  purchases: number;
  /** When their first purchase happened; `undefined` with no purchase. */
  firstPurchaseAt: Date | undefined;
  /** Their current NPS score (rule `nps`), or `undefined` when they have none. */
  nps: number | undefined;
}

/**
 * The customer's lifecycle segment at `now`, or `undefined` for a customer without interactions.
 * The first rule that holds wins:
 *
 * 1. `churned`: quiet for at least `churnedAfter`;
 * 2. `at-risk`: quiet for at least `atRiskAfter`;
 * 3. `loyal`: at least `loyalPurchases` purchases, and no NPS score below `loyalMinNps`;
 * 4. `onboarding`: first purchase less than `onboardingFor` ago;
 * 5. `new`: no purchase, first interaction less than `newFor` ago;
 * 6. `active`: everyone else.
 *
 * "Quiet" is the time since the last INBOUND interaction or purchase; a customer who has neither
 * (only messages sent to them, or notes) is quiet since their first interaction.
 *
 * @example
 * ```ts
 * classifyLifecycle({ firstInteractionAt: now, lastActivityAt: now, purchases: 0, firstPurchaseAt: undefined, nps: undefined }, thresholds, now);
 * // 'new'
 * ```
 */
export function classifyLifecycle(facts: LifecycleFacts | undefined, thresholds: LifecycleThresholds, now: Date): LifecycleSegment | undefined {
  if (!facts) return undefined;
  const at = now.getTime();
  const quietMs = at - (facts.lastActivityAt ?? facts.firstInteractionAt).getTime();
  // Inactivity comes first: a loyal customer who stopped coming is the one worth noticing.
  if (quietMs >= thresholds.churnedAfterMs) return 'churned';
  if (quietMs >= thresholds.atRiskAfterMs) return 'at-risk';
  // Loyalty before onboarding: reaching the loyalty bar inside the onboarding window means
  // onboarding has done its job.
  if (facts.purchases >= thresholds.loyalPurchases && (facts.nps === undefined || facts.nps >= thresholds.loyalMinNps)) return 'loyal';
  if (facts.firstPurchaseAt && at - facts.firstPurchaseAt.getTime() < thresholds.onboardingForMs) return 'onboarding';
  if (facts.purchases === 0 && at - facts.firstInteractionAt.getTime() < thresholds.newForMs) return 'new';
  return 'active';
}
