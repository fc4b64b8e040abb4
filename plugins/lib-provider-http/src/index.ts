/**
 * `@rapport/lib-provider-http`: what channel plugins that call a provider's REST API (Twilio,
 * Meta) share, so that none of them writes it twice.
 *
 * @packageDocumentation
 */
export { callProvider, ProviderCallError, type ProviderCall, type RetryPolicy } from './callProvider.js';
export { sendOnce, eraseSentRecords, exportSentRecords, type SentRecord } from './sendOnce.js';
