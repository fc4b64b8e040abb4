import type { SegmentationModel } from '@rapport/sdk';
import type { Settings } from './settings.js';

/** The model's id, as declared in package.json (`rapport.contributes.segmentationModels`). */
export const MODEL_ID = '{{id}}';

/** The model's segments, as declared in package.json (`segmentationModels[].segments`). */
export const SEGMENTS = ['active', 'quiet'] as const;

/**
 * How often every customer is classified again. Time alone moves a customer from `active` to
 * `quiet`, with no event to say so; the core runs this sweep once a day across all instances of
 * a deployment, while the plugin is active (hence `onStartup` in package.json).
 */
export const REEVALUATE_EVERY = 'P1D';

/**
 * The `{{id}}` model: a customer whose last INBOUND interaction is more recent than `quietAfter`
 * is `active`, anyone who has written in before that is `quiet`, and a customer who never wrote
 * in is in neither. The core stores the memberships (`Customer.segments`,
 * `customers(segment: "active")` in GraphQL) and publishes `segment.entered` and `segment.left`.
 */
export function segmentationModel(settings: Settings): SegmentationModel {
  return {
    triggers: ['interaction.recorded', 'customer.merged'],
    reevaluateEvery: REEVALUATE_EVERY,
    async classify(subject) {
      const [last] = await subject.interactions({ direction: 'INBOUND', newestFirst: true, limit: 1 });
      if (!last) return [];
      // subject.now is the core's clock: tests move it with host.advance().
      const quietFor = subject.now.getTime() - last.occurredAt.getTime();
      return [quietFor >= settings.quietAfterMs ? 'quiet' : 'active'];
    },
  };
}
