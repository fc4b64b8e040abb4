/**
 * `@rapport/lib-survey-replies`: survey answers on channels whose replies do not say which
 * message they answer (SMS, WhatsApp, Messenger), shared by the channel plugins that need it.
 *
 * @packageDocumentation
 */
export { PendingSurveys, pendingSurveyKey, type PendingSurvey, type PendingSurveysOptions } from './PendingSurveys.js';
