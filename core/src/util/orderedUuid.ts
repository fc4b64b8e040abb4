import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): the first 48 bits are the Unix time in milliseconds and the next
 * 12 a counter within that millisecond, so ids made later in this process sort after earlier
 * ones, as strings too. Interactions use them as the tie-break of `occurredAt`: two messages
 * with the same timestamp (an email's Date header has whole seconds) keep the order in which
 * they were recorded, instead of a random one.
 */
export function orderedUuid(): string {
  let now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    // 4,096 ids within one millisecond: borrow the next millisecond rather than lose the order.
    lastMs += 1;
    sequence = 0;
  }
  now = lastMs;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
