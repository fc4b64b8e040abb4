import { CSAT_QUESTION, readAnswer, type PluginContext } from '@rapport/sdk';

/** A survey answer as the run stores it. Plain JSON: it is a step's stored result. */
export interface SurveyAnswer {
  interactionId: string;
  /** The CSAT score, or null when the `survey_response` carried none on the 1–5 scale (e.g. an NPS answer). */
  csat: number | null;
}

/**
 * Loads a `survey_response` interaction and reads its CSAT answer with the SDK's `readAnswer`,
 * so the workflow counts exactly the answers the CSAT score counts (`4` and `"4"` alike).
 *
 * @param ctx - the plugin's context.
 * @param interactionId - the answer's interaction, from its `interaction.recorded` event.
 */
export async function loadAnswer(ctx: PluginContext, interactionId: string): Promise<SurveyAnswer> {
  const interaction = await ctx.interactions.get(interactionId);
  return { interactionId, csat: readAnswer(interaction?.metadata, CSAT_QUESTION) ?? null };
}
