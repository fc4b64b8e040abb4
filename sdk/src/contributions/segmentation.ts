import type { EventType } from '../events.js';
import type { CustomerSubject } from './scoring.js';

/**
 * A segmentation model, such as lifecycle, RFM or firmographic. The core calls `classify` when
 * one of its `triggers` happens for a customer, updates the memberships and publishes
 * `segment.entered` and `segment.left`.
 *
 * @example
 * ```ts
 * ctx.segmentation.registerSegmentationModel('size', {
 *   triggers: ['customer.updated'],
 *   classify: ({ customer }) => [Number(customer.attributes.employees) > 500 ? 'enterprise' : 'smb'],
 * });
 * ```
 */
export interface SegmentationModel {
  /** Event types that cause the customer in the event's `customerId` to be classified again. */
  triggers: EventType[];
  /**
   * The customer's segments in this model; each must be declared in the manifest's
   * `segmentationModels[].segments`.
   */
  classify(subject: CustomerSubject): Promise<string[]> | string[];
}
