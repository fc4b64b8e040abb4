/**
 * `@rapport/lib-satisfaction`: satisfaction metrics from survey answers, CSAT (1–5) and NPS
 * (0–10), for the plugins that score or report on them. A library, not a plugin: it has no
 * manifest and the host never loads it; plugins import it like any npm dependency.
 *
 * A survey answer is an interaction of type `survey_response` with the answer under
 * `metadata[metric]` (`{ "csat": 4 }`, `{ "nps": 9 }`), read with the SDK's `readAnswer`. This
 * package adds what a satisfaction plugin does with those answers: the arithmetic of each
 * metric, sentences a person can read, a customer's score over a moving window, org-wide
 * figures over a date range, and the registration of all that in one call.
 *
 * @packageDocumentation
 */
export { countOf, percentOf, tallyAnswers, type AnswerTally, type SatisfactionMetric } from './metric.js';
export { CSAT_METRIC, CSAT_SATISFIED_FROM, CSAT_UNSATISFIED_BELOW, type CsatTally } from './csat.js';
export { NPS_METRIC, NPS_PROMOTER_FROM, NPS_DETRACTOR_UP_TO, type NpsTally } from './nps.js';
export { parseWindow, windowSetting, describeWindow } from './window.js';
export { answersInWindow } from './answers.js';
export { evaluateSatisfaction, satisfactionRule } from './rule.js';
export { checkRange, tallyOrgWide, orgWideFigures, type SatisfactionRange, type OrgWideFigures } from './orgWide.js';
export { registerSatisfactionPlugin, orgWideResolvers, type SatisfactionPlugin } from './plugin.js';
