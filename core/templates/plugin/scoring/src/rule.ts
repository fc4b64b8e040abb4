import type { ScoringRule } from '@rapport/sdk';
import type { Settings } from './settings.js';

/** The rule's id, as declared in package.json (`rapport.contributes.scoringRules`). */
export const RULE_ID = '{{id}}';

/**
 * The `{{id}}` score: how many times the customer has reached out to you (their INBOUND
 * interactions, on any channel), labelled `engaged` from the `engagedFrom` setting on and
 * `occasional` below it. The core evaluates it for the customer of every trigger event that
 * passes the filter, stores the result (see `Customer.scores` in GraphQL) and publishes
 * `score.changed` when the value changes.
 */
export function scoringRule(settings: Settings): ScoringRule<'interaction.recorded' | 'customer.merged'> {
  return {
    triggers: ['interaction.recorded', 'customer.merged'],
    // Only the customer's own messages change the count: replies to them and internal notes do
    // not. Checking `eventType` narrows the event to that type's payload.
    filter: (event) => event.eventType !== 'interaction.recorded' || event.direction === 'INBOUND',
    async evaluate(subject) {
      // Every inbound interaction of the customer; with long histories, count with `since` or `limit`.
      const count = (await subject.interactions({ direction: 'INBOUND' })).length;
      // No score until the customer has reached out; returning undefined removes a stored one.
      if (count === 0) return undefined;
      return {
        value: count,
        label: count >= settings.engagedFrom ? 'engaged' : 'occasional',
        explanation: `${count} inbound interaction${count === 1 ? '' : 's'}; engaged from ${settings.engagedFrom}`,
      };
    },
  };
}
