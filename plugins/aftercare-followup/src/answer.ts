import { CSAT_QUESTION, type PluginContext } from '@rapport/sdk';

/** A survey answer as the run stores it. Plain JSON: it is a step's stored result. */
export interface SurveyAnswer {
  interactionId: string;
  /** The CSAT score, or null when the `survey_response` carried none on the 1–5 scale (e.g. an NPS answer). */
  csat: number | null;
}

/**
 * Reads the CSAT score of a `survey_response` interaction from its `metadata.csat`, the shape
 * channels record survey answers in.
 *
 * @param ctx - the plugin's context.
 * @param interactionId - the answer's interaction, from its `interaction.recorded` event.
 */
export async function readAnswer(ctx: PluginContext, interactionId: string): Promise<SurveyAnswer> {
  const interaction = await ctx.interactions.get(interactionId);
  const csat = interaction?.metadata.csat;
  const onScale = typeof csat === 'number' && Number.isInteger(csat) && csat >= CSAT_QUESTION.min && csat <= CSAT_QUESTION.max;
  return { interactionId, csat: onScale ? csat : null };
}
