import { eachInteraction, ValidationError, type PluginContext } from '@rapport/sdk';
import { NOTE_CHANNEL, type WinbackOutcome } from './winback.js';

/** `WinbackStats`, as schema.graphql declares it. */
export interface WinbackStats {
  started: number;
  wonBack: number;
  interacted: number;
  purchased: number;
  notWonBack: number;
  inProgress: number;
  rate: number | null;
  wonBackAfterMessages: number[];
  from: Date;
  to: Date;
}

/**
 * The win-back figures of the runs started in `[from, to)`: their start notes in the range, and
 * their outcome notes from `from` on (a run ends after it starts). Reads notes a page at a time.
 *
 * @throws ValidationError (`BAD_USER_INPUT`) when `from` is after `to`.
 */
export async function winbackStats(ctx: PluginContext, from: Date, to: Date): Promise<WinbackStats> {
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new ValidationError(`${field} must be a valid date-time, e.g. "2026-03-01T00:00:00Z".`, field);
  }
  if (from.getTime() > to.getTime()) throw new ValidationError(`from (${from.toISOString()}) is after to (${to.toISOString()}); give the earlier date as from.`, 'from');
  const search = { channel: NOTE_CHANNEL, direction: 'INTERNAL' as const, type: 'note' };
  const started = new Set<string>();
  for await (const note of eachInteraction(ctx.interactions, { ...search, from, to })) {
    if (note.metadata.kind === 'started' && typeof note.metadata.runId === 'string') started.add(note.metadata.runId);
  }
  const stats: WinbackStats = { started: started.size, wonBack: 0, interacted: 0, purchased: 0, notWonBack: 0, inProgress: 0, rate: null, wonBackAfterMessages: [0, 0, 0], from, to };
  if (started.size > 0) {
    for await (const note of eachInteraction(ctx.interactions, { ...search, from })) {
      if (note.metadata.kind !== 'outcome' || !started.has(String(note.metadata.runId))) continue;
      const outcome = note.metadata.outcome as WinbackOutcome;
      if (outcome === 'not-won-back') {
        stats.notWonBack++;
        continue;
      }
      stats.wonBack++;
      stats[outcome]++;
      const after = Number(note.metadata.afterMessages);
      if (Number.isInteger(after) && after >= 0 && after < stats.wonBackAfterMessages.length) stats.wonBackAfterMessages[after]!++;
    }
  }
  stats.inProgress = stats.started - stats.wonBack - stats.notWonBack;
  const ended = stats.wonBack + stats.notWonBack;
  stats.rate = ended === 0 ? null : Math.round((stats.wonBack / ended) * 1000) / 10;
  return stats;
}
