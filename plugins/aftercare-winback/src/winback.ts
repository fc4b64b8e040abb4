import { claimOnce, claimsOf, fillTemplate, mostUsedChannel } from '@rapport/lib-aftercare';
import type { DeliveredEvent, PluginContext, Workflow, WorkflowRun } from '@rapport/sdk';
import type { WinbackSettings } from './settings.js';

/** The channel of the win-back's INTERNAL notes: a run's start (its claim) and its outcome. */
export const NOTE_CHANNEL = 'winback';

/** How a run ended. */
export type WinbackOutcome = 'interacted' | 'purchased' | 'not-won-back';

/** The trigger's payload (`segment.entered`), as the run's input. */
export interface SegmentEnteredInput {
  customerId: string;
  model: string;
  segment: string;
}

/** The note keys of a customer's nth win-back: one run per customer at a time. */
export function episodeKeys(customerId: string, episode: number): { start: string; outcome: string } {
  return { start: `winback:${customerId}:${episode}`, outcome: `winback:${customerId}:${episode}:outcome` };
}

/**
 * The `winback` workflow: on entering the segment (`lifecycle:at-risk` by default), up to two
 * messages spaced by `messages[].after`, on the channel the customer uses most. Any INBOUND
 * interaction of theirs (a message, a call, a survey answer, a purchase) ends the run at once as
 * won back; none by `giveUpAfter` after the last message ends it as not won back. The outcome is
 * an INTERNAL note (channel `winback`) that `winbackStats` counts.
 *
 * One run per customer at a time: a run claims the customer's next episode (a note whose
 * external id is unique); a run that finds the episode claimed by another ends as `skipped`.
 */
export function winback(ctx: PluginContext, settings: WinbackSettings): Workflow<SegmentEnteredInput> {
  return {
    filter: (input) => input.model === settings.model && input.segment === settings.segment && typeof input.customerId === 'string',

    async run(run, input) {
      const customerId = run.customerId ?? input.customerId;
      const about = { runId: run.id, customerId };
      const start = await run.step('start', async () => {
        const notes = await claimsOf(ctx.interactions, customerId, NOTE_CHANNEL);
        const episode = notes.filter((note) => note.key.endsWith(':outcome')).length + 1;
        const startedAt = ctx.clock.now().toISOString();
        const claimed = await claimOnce(ctx.interactions, {
          customerId,
          channel: NOTE_CHANNEL,
          key: episodeKeys(customerId, episode).start,
          runId: run.id,
          text: `Win-back started: the customer entered ${settings.model}:${settings.segment}`,
          metadata: { kind: 'started', episode, startedAt },
        });
        return { claimed, episode, startedAt };
      });
      if (!start.claimed) {
        await run.step('skipped', () => {
          ctx.logger.info(about, 'no win-back: one is already under way for this customer');
          return 'already-running';
        });
        return;
      }

      let returned: DeliveredEvent<'interaction.recorded'> | null = null;
      let sent = 0;
      for (const [index, message] of settings.messages.entries()) {
        returned = await waitForReturn(run, customerId, `wait-${index + 1}`, message.afterMs);
        if (returned) break;
        const target = await run.step(`channel-${index + 1}`, async () => {
          const customer = await ctx.customers.get(customerId);
          const channel = await mostUsedChannel(ctx.interactions, customerId, { channels: settings.channels, fallback: settings.defaultChannel });
          return { channel, name: customer?.displayName?.trim() || settings.nameFallback };
        });
        const values = { name: target.name };
        await run.send(`message-${index + 1}`, {
          channel: target.channel,
          ...(message.subject !== undefined && { subject: fillTemplate(message.subject, values) }),
          text: fillTemplate(message.text, values),
          metadata: { winback: { episode: start.episode, message: index + 1 } },
        });
        sent = index + 1;
      }
      returned ??= await waitForReturn(run, customerId, 'wait-last', settings.giveUpAfterMs);

      const outcome: WinbackOutcome = !returned ? 'not-won-back' : returned.type === 'purchase' ? 'purchased' : 'interacted';
      await run.step('outcome', async () => {
        const said = outcome === 'not-won-back' ? `not won back after ${sent} messages` : `won back (${outcome}) after ${sent} of ${settings.messages.length} messages`;
        await claimOnce(ctx.interactions, {
          customerId,
          channel: NOTE_CHANNEL,
          key: episodeKeys(customerId, start.episode).outcome,
          runId: run.id,
          text: `Win-back ended: ${said}`,
          metadata: { kind: 'outcome', episode: start.episode, outcome, afterMessages: sent, startedAt: start.startedAt, ...(returned && { interactionId: returned.interactionId }) },
        });
        ctx.logger.info({ ...about, outcome, afterMessages: sent }, `win-back ended: ${said}`);
        return { outcome, afterMessages: sent };
      });
    },
  };
}

/** Waits for the customer's next INBOUND interaction of any type, or null at the timeout. */
function waitForReturn(run: WorkflowRun, customerId: string, name: string, timeoutMs: number) {
  return run.waitForEvent(name, {
    event: 'interaction.recorded',
    match: (event) => event.customerId === customerId && event.direction === 'INBOUND',
    timeout: timeoutMs,
  });
}
