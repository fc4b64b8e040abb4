import { ValidationError, type ResolverMap } from '@rapport/sdk';
import { tally } from './answers.js';
import { TEAM_ATTRIBUTE, type PulseRounds } from './rounds.js';
import type { PulseSettings } from './settings.js';
import type { PulseStore, RoundRecord } from './store.js';
import { suppress, type PulseGroup } from './suppression.js';

/**
 * What results may be grouped by: the team only. Answers are stored per team and nothing else,
 * because every further attribute would make smaller cells in the database, and two groupings
 * of the same answers (by team, then by office) can be subtracted from each other to recover a
 * cell that each one alone keeps above the threshold.
 */
export const GROUP_BY = [TEAM_ATTRIBUTE] as const;

/** The GraphQL resolvers of schema.graphql. */
export function pulseResolvers(rounds: PulseRounds, store: PulseStore, settings: PulseSettings): ResolverMap {
  return {
    Mutation: {
      startPulseRound: async (_: unknown, args: { input: { question: string } }) => asRound(await rounds.start(args.input.question)),
    },
    Query: {
      pulseRounds: async () => (await store.rounds()).map(asRound),
      pulseResults: async (_: unknown, args: { round: string; groupBy?: string | null }): Promise<PulseGroup[]> => {
        const groupBy = args.groupBy ?? TEAM_ATTRIBUTE;
        if (!(GROUP_BY as readonly string[]).includes(groupBy)) {
          throw new ValidationError(
            `groupBy "${groupBy}" is not offered: pulse results group by ${GROUP_BY.map((name) => `"${name}"`).join(', ')} only (attributes.team), ` +
              'since each further grouping of the same answers could be subtracted from the others to reveal a small group. Leave groupBy out, or pass "team".',
            'groupBy',
          );
        }
        const round = await rounds.get(args.round);
        const tallies = await Promise.all(round.teams.map(async (team) => tally(await store.teamAnswers(round.id, team))));
        return suppress(tallies, settings.minGroupSize);
      },
    },
  };
}

function asRound(round: RoundRecord) {
  return { id: round.id, question: round.question, sentTo: round.sentTo, startedAt: round.startedAt, closesAt: round.closesAt, closed: round.closed };
}
