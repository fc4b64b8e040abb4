/*
 * Where the email channel remembers what it sent with an idempotency key. Since 2.0 a record is
 * kept under the customer it was sent to, so that all of one customer's records are found (and
 * exported or erased) with one prefix; 1.x kept it under the key alone.
 */

/** The key of a record since 2.0: `sent-to:<customer id>:<idempotency key>`. */
export function sentKey(customerId: string, idempotencyKey: string): string {
  return `${sentPrefix(customerId)}${idempotencyKey}`;
}

/** The prefix of every record of one customer. */
export function sentPrefix(customerId: string): string {
  return `sent-to:${customerId}:`;
}

/**
 * The prefix of the records 1.x wrote (`sent:<idempotency key>`), read so that a send retried
 * across the upgrade still goes out once. No record is written under it any more.
 */
export const LEGACY_SENT_PREFIX = 'sent:';
