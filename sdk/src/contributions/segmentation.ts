import type { Duration } from '../duration.js';
import type { DeliveredEvent, EventType } from '../events.js';
import type { CustomerSubject } from './scoring.js';

/**
 * A segmentation model that classifies in code, one customer at a time. The core calls `classify`
 * when one of its `triggers` happens for a customer, updates the memberships and publishes
 * `segment.entered` and `segment.left`. A model whose segments can be said as rule trees is better
 * registered as a `RuleSegmentationModel` (contributions/ruleTrees.ts): the database keeps it current, set-based.
 *
 * @example
 * ```ts
 * ctx.segmentation.registerSegmentationModel('size', {
 *   triggers: ['customer.updated'],
 *   classify: ({ customer }) => [Number(customer.attributes.employees) > 500 ? 'enterprise' : 'smb'],
 * });
 * ```
 */
export interface SegmentationModel<Trigger extends EventType = EventType> {
  /** Event types that cause the customer in the event's `customerId` to be classified again. */
  triggers: Trigger[];
  /**
   * Classifies every customer again this often (milliseconds or ISO-8601, e.g. `P1D`), for
   * segments that time alone moves a customer into, such as `at-risk`. Runs once per period
   * across all instances of a deployment, while the plugin is active.
   */
  reevaluateEvery?: Duration;
  /** Returns false to skip classifying the customer for a trigger event. */
  filter?(event: DeliveredEvent<Trigger>): boolean;
  /**
   * The customer's segments in this model; each must be declared in the manifest's
   * `segmentationModels[].segments`.
   */
  classify(subject: CustomerSubject): Promise<string[]> | string[];
}
