import type { ScoringRule } from '@rapport/sdk';
import { csat, engagement, missingScoresNote, recency, sentiment, unresolved, type Reading } from './factors.js';
import { combine, type FactorReading } from './model.js';
import type { Settings } from './settings.js';

/** The id of the scoring rule, as declared in `contributes.scoringRules`. */
export const RULE_ID = 'churn-risk';

/** The scores of other plugins the rule reads; a change in one re-evaluates the customer. */
export const INPUT_SCORES: readonly string[] = ['csat', 'sentiment'];

type Trigger = 'interaction.recorded' | 'customer.merged' | 'score.changed' | 'conversation.opened' | 'conversation.resolved';

/**
 * The `churn-risk` rule, 0..100 (see docs/models/churn.md). Re-evaluated on each inbound
 * interaction or reply, on a merge, when a conversation opens or is resolved, when the customer's `csat`
 * or `sentiment` score changes (never on its own score, which would loop), and daily, since
 * recency grows with time alone.
 */
export function churnRule(settings: Settings): ScoringRule<Trigger> {
  return {
    triggers: ['interaction.recorded', 'customer.merged', 'score.changed', 'conversation.opened', 'conversation.resolved'],
    reevaluateEvery: 'P1D',
    filter(event) {
      // A reply ends a wait; an internal note changes nothing the rule reads.
      if (event.eventType === 'interaction.recorded') return event.direction !== 'INTERNAL';
      if (event.eventType === 'score.changed') return INPUT_SCORES.includes(event.rule);
      return true;
    },
    async evaluate(subject) {
      const [byRecency, byEngagement, byUnresolved, byCsat, bySentiment] = await Promise.all([
        recency(subject, settings),
        engagement(subject, settings),
        unresolved(subject, settings),
        csat(subject),
        sentiment(subject),
      ]);
      // An open conversation alone is no history to judge churn from.
      if (!isFactor(byRecency) && !isFactor(byEngagement) && !byCsat && !bySentiment) return undefined;
      const readings = [byRecency, byEngagement, byUnresolved, byCsat, bySentiment].filter(isFactor);
      // Only a missing score with a weight changes the others' share.
      const missing = [...(byCsat || settings.weights.csat === 0 ? [] : ['CSAT']), ...(bySentiment || settings.weights.sentiment === 0 ? [] : ['sentiment'])];
      const notes = settings.weights.recency > 0 && byRecency && 'note' in byRecency ? [byRecency.note] : [];
      const missingNote = missingScoresNote(missing);
      return combine(readings, settings.weights, missingNote ? [...notes, missingNote] : notes);
    },
  };
}

function isFactor(reading: Reading): reading is FactorReading {
  return reading !== undefined && 'factor' in reading;
}
