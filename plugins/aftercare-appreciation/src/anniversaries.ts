import { eachInteraction, type PluginContext } from '@rapport/sdk';
import type { AppreciationSettings } from './settings.js';
import { WORKFLOW_ID } from './workflowId.js';

/** Where the sweep has looked up to, in the plugin's storage. */
export const SWEPT_UNTIL_KEY = 'anniversaries:sweptUntil';

/**
 * How far back a sweep catches up after the deployment was down: an anniversary missed by more
 * than this is let go rather than celebrated weeks late.
 */
export const MAX_CATCH_UP_MS = 7 * 86_400_000;

/** The same instant `years` calendar years earlier (UTC; 29 February becomes 1 March). */
export function yearsBefore(date: Date, years: number): Date {
  const shifted = new Date(date);
  shifted.setUTCFullYear(shifted.getUTCFullYear() - years);
  return shifted;
}

/**
 * Finds the customers whose anniversary as a customer fell since the last sweep, and starts an
 * `appreciation` run for each. "Customer since" is their first interaction (of any kind except
 * internal notes): events do not fire on anniversaries, so the sweep looks at the interactions of
 * the same stretch of time `years` ago and keeps those that were someone's first.
 *
 * The runs decide the rest (open conversation, low CSAT, once only), so a sweep that runs twice
 * (two instances, a restart) only starts runs that end as `already-thanked`.
 *
 * @returns the number of runs started.
 */
export async function sweepAnniversaries(ctx: PluginContext, settings: AppreciationSettings): Promise<number> {
  const now = ctx.clock.now();
  const stored = await ctx.storage.get<string>(SWEPT_UNTIL_KEY);
  // The first sweep after installation looks one interval back, not at all of history.
  const last = stored ? new Date(stored) : new Date(now.getTime() - settings.sweepEveryMs);
  const from = new Date(Math.max(last.getTime(), now.getTime() - MAX_CATCH_UP_MS));
  let started = 0;
  for (const years of settings.anniversaries) {
    const seen = new Set<string>();
    for await (const interaction of eachInteraction(ctx.interactions, { from: yearsBefore(from, years), to: yearsBefore(now, years) })) {
      if (interaction.direction === 'INTERNAL' || seen.has(interaction.customerId)) continue;
      seen.add(interaction.customerId);
      const [first] = (await ctx.interactions.list(interaction.customerId, { limit: 20 })).filter((i) => i.direction !== 'INTERNAL');
      if (first?.id !== interaction.id) continue;
      await ctx.workflows.start(WORKFLOW_ID, { customerId: interaction.customerId, anniversaryYears: years });
      started++;
    }
  }
  await ctx.storage.set(SWEPT_UNTIL_KEY, now.toISOString());
  return started;
}
