import { serviceToken } from '@rapport/sdk';

/** When bots hand conversations to people (`botHandoff` in the config). */
export interface BotHandoffOptions {
  /** Words and phrases that ask for a person, in any language; matched as whole words, ignoring case and accents. */
  words: readonly string[];
  /** An answer below this confidence (0..1) is not sent; people take over. */
  minConfidence: number;
  /** This many unanswered bot turns in a row hand off. */
  maxUnansweredTurns: number;
  /** A message whose sentiment (-1..1) is below this hands off. */
  angerBelow: number;
  /** How long a bot may take for one turn, in milliseconds of the core's clock. */
  timeoutMs: number;
  /** What the customer is told on a hand-off, on the conversation's channel; null tells nothing. */
  message: string | null;
}

/**
 * Requests for a person in the languages most deployments start with; a deployment replaces the
 * list with `botHandoff.words`. Whole words only, so "agenda" or "humanity" do not match.
 */
export const DEFAULT_HANDOFF_WORDS: readonly string[] = [
  // English
  'human', 'a person', 'real person', 'agent', 'representative', 'operator', 'someone real', 'talk to someone', 'speak to someone',
  // German
  'mensch', 'mitarbeiter', 'mitarbeiterin', 'berater', 'echte person',
  // French
  'humain', 'conseiller', 'conseillère', 'une personne', 'opérateur',
  // Spanish
  'humano', 'agente', 'una persona', 'asesor', 'operador',
  // Dutch
  'medewerker', 'een mens', 'echt persoon',
  // Italian
  'operatore', 'una persona reale', 'assistente umano',
  // Portuguese
  'atendente', 'uma pessoa', 'falar com alguém',
];

export const DEFAULT_BOT_HANDOFF_OPTIONS: BotHandoffOptions = {
  words: DEFAULT_HANDOFF_WORDS,
  minConfidence: 0.5,
  maxUnansweredTurns: 2,
  angerBelow: -0.5,
  timeoutMs: 8_000,
  message: 'I am passing you to a member of our team. They will answer here as soon as they can.',
};

/** The container token of the deployment's {@link BotHandoffOptions}. */
export const BotHandoffOptions = serviceToken<BotHandoffOptions>('rapport.core.BotHandoffOptions');
