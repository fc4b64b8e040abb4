import { CSAT_QUESTION, type Workflow, type PluginContext, type WorkflowRun } from '@rapport/sdk';
import { loadAnswer } from './answer.js';
import { recordLowScoreNote, reopenConversation } from './followUp.js';
import { surveyMessage } from './messages.js';
import type { FollowupSettings } from './settings.js';
import { chooseSurveyTarget, type ResolvedInput, type SkipReason } from './surveyTarget.js';

/** The workflow's id, as declared in the manifest's `contributes.workflows`. */
export const WORKFLOW_ID = 'post-resolution-survey';

const SKIP_EXPLANATIONS: Record<SkipReason, string> = {
  'conversation-missing': 'the conversation no longer exists',
  reopened: 'the conversation is open again',
  'resolved-again': 'the conversation was resolved again later; that resolution asks instead',
  'already-surveyed': 'a survey already went out in this conversation',
  'no-channel': 'the customer has no channel to send it on',
};

/**
 * The `post-resolution-survey` workflow: after a conversation is resolved, a CSAT survey on the
 * channel the customer last used, one reminder, and for a low score an internal note and the
 * conversation re-opened.
 *
 * Every side effect is its own named primitive, so a replay after a restart or a timer does not
 * repeat it. The run ends with a step named for its outcome (`skipped`, `gave-up` or
 * `answered`), which is what operators see last in `workflowRuns`.
 *
 * @param ctx - the plugin's context.
 * @param settings - the plugin's parsed settings.
 */
export function postResolutionSurvey(ctx: PluginContext, settings: FollowupSettings): Workflow<ResolvedInput> {
  return {
    filter: (input) => typeof input.conversationId === 'string' && typeof input.customerId === 'string',

    async run(run, input) {
      const about = { runId: run.id, conversationId: input.conversationId, customerId: run.customerId };
      await run.sleep('delay', settings.delayMs);

      const target = await run.step('choose-channel', () => chooseSurveyTarget(ctx, input, settings.surveyChannels));
      if (target.channel === null) {
        const reason = target.skip;
        await run.step('skipped', () => {
          ctx.logger.info({ ...about, reason }, `no survey after the resolution: ${SKIP_EXPLANATIONS[reason]}`);
          return reason;
        });
        return;
      }
      const channel = target.channel;
      const ask = (name: string, subject: string, question: string) =>
        run.send(name, {
          channel,
          conversationId: input.conversationId,
          subject,
          text: surveyMessage(question),
          // Tells the channel this message asks a question, so it reads a reply as the answer.
          metadata: { survey: CSAT_QUESTION },
        });

      await ask('survey', settings.surveySubject, settings.surveyText);
      let answer = await waitForAnswer(run, 'answer', settings.reminderAfterMs);
      if (!answer) {
        await ask('reminder', settings.reminderSubject, settings.reminderText);
        // Both durations count from the survey, so the second wait is the rest of the window.
        answer = await waitForAnswer(run, 'answer-after-reminder', settings.giveUpAfterMs - settings.reminderAfterMs);
      }
      if (!answer) {
        await run.step('gave-up', () => {
          ctx.logger.info({ ...about, channel }, 'no answer to the survey or the reminder; gave up');
          return 'no-answer';
        });
        return;
      }

      const interactionId = answer.interactionId;
      // Whether to follow up is decided once and stored, so a threshold changed in the settings
      // while the run is under way cannot make a replay take the other branch.
      const { csat, followUp } = await run.step('read-answer', async () => {
        const read = await loadAnswer(ctx, interactionId);
        return { ...read, followUp: read.csat !== null && read.csat <= settings.lowScoreThreshold };
      });
      if (followUp && csat !== null) {
        const customerId = run.customerId ?? input.customerId;
        await run.step('note', () => recordLowScoreNote(ctx, { runId: run.id, customerId, conversationId: input.conversationId, channel, csat, answerInteractionId: interactionId }));
        await run.step('reopen', () => reopenConversation(ctx, input.conversationId));
      }
      await run.step('answered', () => {
        const what = followUp ? `low CSAT ${csat}: noted and re-opened the conversation` : csat === null ? 'survey answered without a CSAT score; no follow-up' : `survey answered with CSAT ${csat}`;
        ctx.logger.info({ ...about, channel, csat, followUp }, what);
        return { csat, followUp };
      });
    },
  };
}

/** Waits for the customer's next `survey_response`, resolving with its event or null at the timeout. */
function waitForAnswer(run: WorkflowRun, name: string, timeoutMs: number) {
  return run.waitForEvent(name, {
    event: 'interaction.recorded',
    match: (event) => event.customerId === run.customerId && event.type === 'survey_response',
    timeout: timeoutMs,
  });
}
