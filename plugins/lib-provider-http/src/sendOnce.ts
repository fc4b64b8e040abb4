import type { JsonValue, KeyValueStorage, SendResult } from '@rapport/sdk';

/** What {@link sendOnce} keeps per idempotency key: the provider's id of the message it sent. */
export interface SentRecord {
  externalId: string;
  /** When it was sent, ISO-8601. */
  sentAt: string;
}

/**
 * Sends a message at most once per idempotency key. The core retries a send with the same key
 * (a workflow step that ran again after a crash, a client that retried `sendMessage`); when a
 * send with this key succeeded before, its result is returned and the provider is not called.
 * Records are kept in the plugin's storage under the customer (`sent:<customer>:<key>`), so a
 * privacy request finds them with one prefix ({@link exportSentRecords}, {@link eraseSentRecords}).
 *
 * Two calls with the same key at the same time in this process share one send (a client that
 * retried before the first call returned). A process that dies between the provider's answer and
 * the record being written sends again on retry: providers offer no idempotency key on their
 * message APIs, so that gap cannot be closed here, only made as short as one storage write.
 *
 * @example
 * ```ts
 * return sendOnce(ctx.storage, message.customerId, idempotencyKey, () => postToProvider(message));
 * ```
 */
export async function sendOnce(
  storage: KeyValueStorage,
  customerId: string,
  idempotencyKey: string | undefined,
  send: () => Promise<SendResult>,
): Promise<SendResult> {
  if (!idempotencyKey) return send();
  const key = sentKey(customerId, idempotencyKey);
  const running = inFlightOf(storage);
  const already = running.get(key);
  if (already) return already;
  const sending = sendAndRecord(storage, key, send).finally(() => running.delete(key));
  running.set(key, sending);
  return sending;
}

/** Sends in progress, per storage (one per plugin) and key. */
const inFlight = new WeakMap<KeyValueStorage, Map<string, Promise<SendResult>>>();

function inFlightOf(storage: KeyValueStorage): Map<string, Promise<SendResult>> {
  let running = inFlight.get(storage);
  if (!running) inFlight.set(storage, (running = new Map()));
  return running;
}

async function sendAndRecord(storage: KeyValueStorage, key: string, send: () => Promise<SendResult>): Promise<SendResult> {
  const earlier = await storage.get<SentRecord & { [field: string]: JsonValue }>(key);
  if (earlier?.externalId) return { externalId: earlier.externalId };
  const result = await send();
  await storage.set(key, { externalId: result.externalId, sentAt: new Date().toISOString() });
  return result;
}

/** Every send record of a customer, for `exportCustomer`. */
export async function exportSentRecords(storage: KeyValueStorage, customerId: string): Promise<SentRecord[]> {
  const records: SentRecord[] = [];
  for (const key of await storage.keys(sentPrefix(customerId))) {
    const record = await storage.get<SentRecord & { [field: string]: JsonValue }>(key);
    if (record) records.push({ externalId: record.externalId, sentAt: record.sentAt });
  }
  return records;
}

/** Removes every send record of a customer, for `eraseCustomer`. */
export async function eraseSentRecords(storage: KeyValueStorage, customerId: string): Promise<void> {
  for (const key of await storage.keys(sentPrefix(customerId))) await storage.delete(key);
}

function sentKey(customerId: string, idempotencyKey: string): string {
  return `${sentPrefix(customerId)}${idempotencyKey}`;
}

function sentPrefix(customerId: string): string {
  return `sent:${customerId}:`;
}
