import type { EventPayload, PluginContext, Workflow } from '@rapport/sdk';
import type { Settings } from './settings.js';

/** The workflow's id, as declared in package.json (`rapport.contributes.workflows`). */
export const WORKFLOW_ID = '{{id}}';

/** The text of the note the workflow adds. */
export const FOLLOW_UP_NOTE = 'Follow up: check with the customer that their request is still solved.';

/**
 * The `{{id}}` workflow. Its trigger, `conversation.resolved`, is declared in package.json and
 * `input` is that event's payload. A run sleeps for `delay`, then adds an internal note to the
 * conversation reminding the team to check in with the customer.
 *
 * Runs are durable: after a restart, or when the timer fires, the core calls `run` again from the
 * top, and every primitive that already finished (`sleep`, `step`, `send`, `waitForEvent`) returns
 * its stored result at once. So keep side effects inside `run.step`, each with its own name.
 */
export function followUpWorkflow(ctx: PluginContext, settings: Settings): Workflow<EventPayload<'conversation.resolved'>> {
  return {
    async run(run, input) {
      await run.sleep('delay', settings.delayMs);
      await run.step('note', async () => {
        const conversation = await ctx.conversations.get(input.conversationId);
        // Merged away or erased in the meantime: nothing left to follow up on.
        if (!conversation) return null;
        const note = await ctx.interactions.record({
          customerId: conversation.customerId,
          conversationId: conversation.id,
          channel: conversation.channels.at(-1) ?? 'note',
          direction: 'INTERNAL',
          type: 'note',
          text: FOLLOW_UP_NOTE,
          // A step is retried if the process stops before its result is stored; recording is
          // idempotent on (channel, externalId), so the note is there once either way.
          externalId: `${WORKFLOW_ID}:${run.id}:note`,
        });
        return note.id;
      });
    },
  };
}
