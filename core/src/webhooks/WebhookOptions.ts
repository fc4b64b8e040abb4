import { serviceToken } from '@rapport/sdk';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The Standard Webhooks retry schedule: the delay before each retry after a failed attempt (the
 * first attempt is immediate). Ten attempts in all, over a little more than three days.
 */
export const STANDARD_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
]);

/** How outbound webhooks are delivered (`webhooks` in rapport.config.json, `KernelOptions.webhooks`). */
export interface WebhookOptions {
  /**
   * Allows endpoints on loopback, private, link-local and other non-public addresses. Off by
   * default: it is the SSRF guard (docs/webhooks.md). Tests and local receivers turn it on.
   */
  allowPrivateAddresses: boolean;
  /** How long the previous secret keeps signing alongside the new one after a rotation. */
  secretOverlapMs: number;
  /** How long one attempt may take, connection and response included. */
  timeoutMs: number;
  /** The delay before each retry; after the last one fails, the delivery is FAILED. */
  retryScheduleMs: readonly number[];
  /** Each retry's delay varies by up to this fraction either way, so retries of many deliveries spread out. */
  jitter: number;
  /** An endpoint with no success since its first failure this long ago is disabled. */
  disableAfterFailingMs: number;
  /** How often the worker looks for due deliveries besides being woken by new ones. */
  pollIntervalMs: number;
  /** Deliveries claimed, and sent concurrently, at once. */
  batchSize: number;
  /** How long a claimed delivery stays leased; longer than `timeoutMs`, so a live attempt keeps it. */
  leaseMs: number;
  /** The response body kept per attempt, in bytes. */
  responseBodyLimit: number;
}

/** The container token of the deployment's {@link WebhookOptions}. */
export const WebhookOptions = serviceToken<WebhookOptions>('rapport.core.WebhookOptions');

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = Object.freeze({
  allowPrivateAddresses: false,
  secretOverlapMs: DAY,
  timeoutMs: 15 * SECOND,
  retryScheduleMs: STANDARD_RETRY_SCHEDULE_MS,
  jitter: 0.1,
  disableAfterFailingMs: 5 * DAY,
  pollIntervalMs: SECOND,
  batchSize: 50,
  leaseMs: MINUTE,
  responseBodyLimit: 1_024,
});
