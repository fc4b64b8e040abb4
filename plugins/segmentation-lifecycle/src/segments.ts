/**
 * The lifecycle model's segments and thresholds: what the manifest declares and the settings give.
 */

/** The id of the segmentation model, as declared in the manifest. */
export const LIFECYCLE_MODEL = 'lifecycle';

/** Every segment of the model, in the manifest's order (`segmentationModels[].segments`). */
export const LIFECYCLE_SEGMENTS = ['new', 'onboarding', 'active', 'loyal', 'at-risk', 'churned'] as const;

/** One lifecycle segment. */
export type LifecycleSegment = (typeof LIFECYCLE_SEGMENTS)[number];

/** The thresholds of the model, read from the plugin's settings (see `readThresholds`). */
export interface LifecycleThresholds {
  /** A customer who has not purchased and whose first interaction is younger than this is `new`; 0 turns `new` off. */
  newForMs: number;
  /** A customer whose first purchase is younger than this is `onboarding`; 0 turns `onboarding` off. */
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
