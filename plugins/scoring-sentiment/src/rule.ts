import type { Interaction, ScoreResult, ScoringRule } from '@rapport/sdk';
import { describeWindow } from '@rapport/lib-satisfaction';
import { sentimentOfText } from './analyzer.js';
import type { Settings } from './settings.js';

/** The id of the scoring rule, as declared in `contributes.scoringRules`. */
export const RULE_ID = 'sentiment';

/** How much of the most negative message the explanation quotes. */
export const QUOTE_LENGTH = 120;

/** A score at or below this is labelled `negative`; at or above its opposite, `positive`. */
const LABEL_FROM = 25;

/**
 * The `sentiment` rule: the mean sentiment of the customer's last `messages` inbound messages
 * within `window`, times 100 (-100..100), labelled `negative`, `neutral` or `positive`, with an
 * explanation that quotes the most negative message. Re-evaluated on each inbound message, on a
 * merge, and daily, as messages leave the window.
 */
export function sentimentRule(settings: Settings): ScoringRule<'interaction.recorded' | 'customer.merged'> {
  return {
    triggers: ['interaction.recorded', 'customer.merged'],
    reevaluateEvery: 'P1D',
    filter: (event) => event.eventType !== 'interaction.recorded' || (event.direction === 'INBOUND' && event.type === 'message'),
    async evaluate(subject) {
      const since = new Date(subject.now.getTime() - settings.windowMs);
      const recent = await subject.interactions({ direction: 'INBOUND', type: 'message', since, newestFirst: true, limit: settings.messages * 2 });
      const scored = recent.flatMap(scoredMessage).slice(0, settings.messages);
      return scoreOf(scored, settings);
    },
  };
}

interface ScoredMessage {
  text: string;
  score: number;
}

/** A message with text and its sentiment: the stored annotation, or scored now for one stored before the plugin was. */
function scoredMessage(interaction: Interaction): ScoredMessage[] {
  const text = interaction.text?.trim();
  if (!text) return [];
  const stored = (interaction.metadata?.sentiment as { score?: unknown } | undefined)?.score;
  const score = typeof stored === 'number' && Number.isFinite(stored) && stored >= -1 && stored <= 1 ? stored : sentimentOfText(text);
  return [{ text, score }];
}

/** The score of the messages, newest first, or undefined when there are none. */
export function scoreOf(messages: readonly ScoredMessage[], settings: Pick<Settings, 'windowMs'>): ScoreResult | undefined {
  if (messages.length === 0) return undefined;
  const value = Math.round((messages.reduce((sum, message) => sum + message.score, 0) / messages.length) * 100);
  const label = value <= -LABEL_FROM ? 'negative' : value >= LABEL_FROM ? 'positive' : 'neutral';
  const count = messages.length === 1 ? '1 message' : `${messages.length} messages`;
  const worst = messages.reduce((lowest, message) => (message.score < lowest.score ? message : lowest));
  const quote =
    worst.score < 0 ? `most negative (${worst.score.toFixed(2)}): "${quoted(worst.text)}"` : 'none of them negative';
  return { value, label, explanation: `mean sentiment of ${count} in the last ${describeWindow(settings.windowMs)}; ${quote}` };
}

/** The text on one line, cut at a word to about {@link QUOTE_LENGTH} characters. */
function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  if (line.length <= QUOTE_LENGTH) return line;
  const cut = line.slice(0, QUOTE_LENGTH);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > QUOTE_LENGTH / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}
