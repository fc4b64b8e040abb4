import { claimOnce, claimsOf, fillTemplate, mostUsedChannel, openConversationOf, recentLowCsat } from '@rapport/lib-aftercare';
import type { PluginContext, Workflow } from '@rapport/sdk';
import { MILESTONE_TYPES, milestoneOf, type AppreciationInput, type Milestone } from './milestones.js';
import type { AppreciationSettings } from './settings.js';

/** The channel of the INTERNAL notes that claim a milestone; one note per customer and milestone. */
export const CLAIM_CHANNEL = 'appreciation';

/** The claim's key: unique per customer and milestone. */
export function claimKey(customerId: string, milestoneId: string): string {
  return `appreciation:${customerId}:${milestoneId}`;
}

/** Why a run thanks nobody. */
export type SkipReason = 'already-thanked' | 'low-csat' | 'conversation-open';

const SKIP_EXPLANATIONS: Record<SkipReason, string> = {
  'already-thanked': 'the customer was already thanked for this milestone',
  'low-csat': 'their last CSAT answer was low',
  'conversation-open': 'a conversation of theirs stayed open past waitForResolution',
};

/** Rounds of "open conversation → wait for its resolution" before a run gives up anyway. */
const MAX_ROUNDS = 10;

/** What a check before sending found. Plain JSON: it is a step's stored result. */
interface Moment {
  block: 'low-csat' | 'conversation-open' | null;
  /** How much of waitForResolution is left. */
  remainingMs: number;
}

/**
 * The `appreciation` workflow: a thank-you on a milestone, once per customer and milestone, on
 * the channel they use most; held back while a conversation of theirs is open (up to
 * `waitForResolution`), and skipped after a low CSAT answer.
 *
 * Runs start from `interaction.recorded` (purchases and survey answers) and from the anniversary
 * sweep. The run ends with a step named for its outcome: `thanked` or `skipped`; a run whose
 * trigger is no milestone ends after its `milestone` step.
 */
export function appreciation(ctx: PluginContext, settings: AppreciationSettings): Workflow<AppreciationInput> {
  return {
    filter: (input) => MILESTONE_TYPES.includes(String(input.type)) && input.direction === 'INBOUND',

    async run(run, input) {
      const customerId = run.customerId ?? input.customerId;
      const milestone = await run.step('milestone', async (): Promise<(Milestone & { thanked: boolean }) | null> => {
        const found = await milestoneOf(ctx, settings, input);
        if (!found) return null;
        const claims = await claimsOf(ctx.interactions, customerId, CLAIM_CHANNEL);
        return { ...found, thanked: claims.some((claim) => claim.key === claimKey(customerId, found.id)) };
      });
      if (!milestone) return;
      const about = { runId: run.id, customerId, milestone: milestone.id };
      const skip = (reason: SkipReason) =>
        run.step('skipped', () => {
          ctx.logger.info({ ...about, reason }, `no thank-you for ${milestone.id}: ${SKIP_EXPLANATIONS[reason]}`);
          return reason;
        });
      if (milestone.thanked) return void (await skip('already-thanked'));

      const deadline = await run.step('deadline', () => ctx.clock.now().getTime() + settings.waitForResolutionMs);
      for (let round = 1; ; round++) {
        const moment = await run.step(`check-${round}`, () => checkMoment(ctx, settings, customerId, deadline));
        if (moment.block === null) break;
        if (moment.block === 'low-csat') return void (await skip('low-csat'));
        if (moment.remainingMs <= 0 || round >= MAX_ROUNDS) return void (await skip('conversation-open'));
        // Woken by a resolution (then checked again: another may be open) or by the deadline.
        await run.waitForEvent(`resolved-${round}`, {
          event: 'conversation.resolved',
          match: (event) => event.customerId === customerId,
          timeout: moment.remainingMs,
        });
      }

      const target = await run.step('channel', async () => {
        const customer = await ctx.customers.get(customerId);
        const channel = await mostUsedChannel(ctx.interactions, customerId, { channels: settings.channels, fallback: settings.defaultChannel });
        return { channel, name: customer?.displayName?.trim() || settings.nameFallback };
      });
      const claimed = await run.step('claim', () =>
        claimOnce(ctx.interactions, {
          customerId,
          channel: CLAIM_CHANNEL,
          key: claimKey(customerId, milestone.id),
          runId: run.id,
          text: `Thanked for ${milestone.label} on ${target.channel}`,
          metadata: { milestone: milestone.id, channel: target.channel },
        }),
      );
      if (!claimed) return void (await skip('already-thanked'));

      const values = { name: target.name, milestone: milestone.label };
      const text = { purchase: settings.purchaseText, anniversary: settings.anniversaryText, promoter: settings.promoterText }[milestone.kind];
      await run.send('thanks', { channel: target.channel, subject: fillTemplate(settings.subject, values), text: fillTemplate(text, values), metadata: { appreciation: milestone.id } });
      await run.step('thanked', () => {
        ctx.logger.info({ ...about, channel: target.channel }, `thanked the customer for ${milestone.label}`);
        return { milestone: milestone.id, channel: target.channel };
      });
    },
  };
}

async function checkMoment(ctx: PluginContext, settings: AppreciationSettings, customerId: string, deadline: number): Promise<Moment> {
  const now = ctx.clock.now();
  const remainingMs = deadline - now.getTime();
  const low = await recentLowCsat(ctx.interactions, customerId, { threshold: settings.lowCsatThreshold, withinMs: settings.lowCsatForMs, now });
  if (low) return { block: 'low-csat', remainingMs };
  const open = await openConversationOf(ctx, customerId);
  return { block: open ? 'conversation-open' : null, remainingMs };
}
