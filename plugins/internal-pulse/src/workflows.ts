import type { PluginContext, Workflow } from '@rapport/sdk';
import { ROUND_WORKFLOW, type PulseRounds, type RoundRunInput } from './rounds.js';
import type { PulseSettings } from './settings.js';

/** The id of the workflow that starts rounds on the `schedule` setting. */
export const SCHEDULE_WORKFLOW = 'pulse-schedule';
const SCHEDULE_KEY = 'schedule';

/**
 * `pulse-round`: up to `maxReminders` reminders, `reminderAfter` apart, each only to members who
 * have not answered (none once all have), then closing at `closeAfter`. Steps return counts
 * only, so the run's history says nothing about who answered.
 */
export function roundWorkflow(rounds: PulseRounds): Workflow<RoundRunInput> {
  return {
    async run(run, input) {
      let waited = 0;
      for (let n = 1; n <= input.maxReminders; n++) {
        await run.sleep(`wait-${n}`, input.reminderAfterMs);
        waited += input.reminderAfterMs;
        const { pending } = await run.step(`reminder-${n}`, () => rounds.remind(input.roundId, n));
        if (pending === 0) break;
      }
      await run.sleep('until-close', Math.max(0, input.closeAfterMs - waited));
      await run.step('close', () => rounds.close(input.roundId));
    },
  };
}

/** The input of a `pulse-schedule` run. */
interface ScheduleInput {
  everyMs: number;
  question: string;
  [key: string]: unknown;
}

/**
 * `pulse-schedule`: a round every `everyMs`. A run stops when the settings started another
 * (the stored `schedule` names the current run), so a changed schedule replaces the old one.
 */
export function scheduleWorkflow(ctx: Pick<PluginContext, 'storage'>, rounds: PulseRounds): Workflow<ScheduleInput> {
  return {
    async run(run, input) {
      for (let n = 1; ; n++) {
        await run.sleep(`wait-${n}`, input.everyMs);
        const started = await run.step(`round-${n}`, async () => {
          const current = (await ctx.storage.get(SCHEDULE_KEY)) as { runId?: string } | undefined;
          if (current?.runId !== run.id) return null;
          return (await rounds.start(input.question)).id;
        });
        if (started === null) return;
      }
    },
  };
}

/** Starts the schedule's run when the settings ask for one that is not running yet. */
export async function ensureSchedule(ctx: Pick<PluginContext, 'storage' | 'workflows' | 'logger'>, settings: PulseSettings): Promise<void> {
  const current = (await ctx.storage.get(SCHEDULE_KEY)) as { runId: string; everyMs: number; question: string } | undefined;
  const wanted = settings.schedule;
  if (!wanted) {
    if (current) await ctx.storage.delete(SCHEDULE_KEY);
    return;
  }
  if (current && current.everyMs === wanted.everyMs && current.question === wanted.question) return;
  const { runId } = await ctx.workflows.start(SCHEDULE_WORKFLOW, { ...wanted });
  await ctx.storage.set(SCHEDULE_KEY, { runId, ...wanted });
  ctx.logger.info({ runId, everyMs: wanted.everyMs }, 'pulse schedule started');
}

export { ROUND_WORKFLOW };
