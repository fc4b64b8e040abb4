/**
 * `@rapport/plugin-aftercare-appreciation`: a thank-you on a customer's milestones (their Nth
 * purchase, a year as a customer, becoming an NPS promoter), once per milestone, on the channel
 * they use most.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { sweepAnniversaries } from './anniversaries.js';
import { appreciation } from './appreciation.js';
import { readSettings } from './settings.js';
import { WORKFLOW_ID } from './workflowId.js';

export { WORKFLOW_ID } from './workflowId.js';
export { CLAIM_CHANNEL, claimKey, type SkipReason } from './appreciation.js';
export { anniversaryMilestone, ordinal, type Milestone, type AppreciationInput } from './milestones.js';
export { SWEPT_UNTIL_KEY, MAX_CATCH_UP_MS, yearsBefore } from './anniversaries.js';
export { DEFAULT_SETTINGS, PLACEHOLDERS, type AppreciationSettings } from './settings.js';

/** What `activate()` returns: the anniversary sweep, for operators' scripts and tests. */
export interface AppreciationApi {
  /** Runs the anniversary sweep now; resolves with the number of runs it started. */
  sweep(): Promise<number>;
  /** Resolves when the sweep under way (the timer's or `sweep()`'s), if any, is over. */
  idle(): Promise<void>;
}

/**
 * Registers the `appreciation` workflow and starts the anniversary sweep: now, then every
 * `sweepEvery` on `ctx.clock`. The sweep's timer does not outlive the process; the next process
 * sweeps from where the last one stopped (kept in storage), so no anniversary is missed by a
 * restart.
 */
export function activate(ctx: PluginContext): AppreciationApi {
  const settings = readSettings(ctx);
  ctx.subscriptions.push(ctx.workflows.registerWorkflow(WORKFLOW_ID, appreciation(ctx, settings)));
  let current: Promise<number> = Promise.resolve(0);
  const sweep = (): Promise<number> => {
    // One sweep at a time: a second call waits for the first, then looks from where it stopped.
    current = current.catch(() => 0).then(() => sweepAnniversaries(ctx, settings));
    return current;
  };
  const tick = async (): Promise<void> => {
    try {
      const started = await sweep();
      if (started > 0) ctx.logger.info({ started }, `anniversary sweep started ${started} appreciation runs`);
    } finally {
      ctx.clock.setTimer(settings.sweepEveryMs, tick);
    }
  };
  // The clock awaits the callback, so a failing sweep is charged to this plugin like a failing handler.
  if (settings.anniversaries.length > 0) ctx.clock.setTimer(0, tick);
  return {
    sweep,
    idle: () => current.then(() => undefined, () => undefined),
  };
}
