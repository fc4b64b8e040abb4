import type { TeamTally } from './answers.js';

/** A row of `pulseResults`, as the schema's `PulseGroup`. */
export interface PulseGroup {
  key: string;
  suppressed: boolean;
  responses: number | null;
  average: number | null;
  comments: string[] | null;
}

/** The key of the total row. */
export const TOTAL_KEY = 'all';

/**
 * The results of a round per group, plus the total (`all`, last), each shown only when at least
 * `minGroupSize` answered, and never in a combination that gives a hidden group away.
 *
 * The groups partition the answers, so the only arithmetic the shown rows allow is
 * `total − Σ shown = Σ suppressed`. That difference is harmless when it is 0 or pools at least
 * `minGroupSize` answers; otherwise (one small team hidden beside a shown total, or two teams of
 * 1 and 2) the smallest shown group is suppressed too, and again until it is. This is Microsoft
 * Viva Glint's rule (a threshold, plus suppressing the next-smallest group), applied until it
 * holds. Comments follow the figures: a set difference of comment lists works as a subtraction.
 */
export function suppress(tallies: readonly TeamTally[], minGroupSize: number): PulseGroup[] {
  const total: TeamTally = { key: TOTAL_KEY, responses: 0, sum: 0, comments: [] };
  for (const group of tallies) {
    total.responses += group.responses;
    total.sum += group.sum;
    total.comments.push(...group.comments);
  }
  const hidden = new Set(tallies.filter((group) => group.responses < minGroupSize).map((group) => group.key));
  const totalShown = total.responses >= minGroupSize;
  if (totalShown) {
    const hiddenResponses = () => tallies.filter((group) => hidden.has(group.key)).reduce((sum, group) => sum + group.responses, 0);
    for (let pooled = hiddenResponses(); pooled > 0 && pooled < minGroupSize; pooled = hiddenResponses()) {
      const next = tallies.filter((group) => !hidden.has(group.key)).sort((a, b) => a.responses - b.responses || a.key.localeCompare(b.key))[0];
      if (!next) break;
      hidden.add(next.key);
    }
  }
  const rows = [...tallies].sort((a, b) => a.key.localeCompare(b.key)).map((group) => row(group, hidden.has(group.key)));
  return [...rows, row(total, !totalShown)];
}

function row(group: TeamTally, suppressed: boolean): PulseGroup {
  if (suppressed) return { key: group.key, suppressed: true, responses: null, average: null, comments: null };
  return {
    key: group.key,
    suppressed: false,
    responses: group.responses,
    average: group.responses === 0 ? null : Math.round((group.sum / group.responses) * 100) / 100,
    comments: [...group.comments].sort((a, b) => a.localeCompare(b)),
  };
}
