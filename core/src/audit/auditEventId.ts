import { randomUUID } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * A UUID version 7 for an audit event: the time in milliseconds and a counter first, so events
 * written in one millisecond keep their order as strings too (the API's newest-first order breaks
 * ties by id), then random bits. Built on `randomUUID()`, whose entropy is pooled: this runs once
 * per audited write, on the ingest path, where the 16 fresh random bytes of `util/orderedUuid`
 * cost several microseconds.
 */
export function auditEventId(): string {
  let now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    // 4,096 ids within one millisecond: borrow the next millisecond rather than lose the order.
    lastMs += 1;
    counter = 0;
  }
  now = lastMs;
  const time = now.toString(16).padStart(12, '0');
  const random = randomUUID();
  // xxxxxxxx-xxxx-7ccc-(variant and random)-random
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${counter.toString(16).padStart(3, '0')}${random.slice(18)}`;
}
