import { fileURLToPath } from 'node:url';
import type { KeyValueStorage, SendResult } from '@rapport/sdk';
import { createTestHost, type TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eraseSentRecords, exportSentRecords, sendOnce } from '../src/index.js';

const FIXTURE = 'lib-provider-http-test-storage';

describe("sendOnce on the core's real plugin storage", () => {
  let host: TestHost;
  let storage: KeyValueStorage;
  let sends: string[];
  /** A send that counts its calls and answers a new id each time. */
  const provider = (text: string) => async (): Promise<SendResult> => {
    sends.push(text);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { externalId: `msg-${sends.length}`, status: 'SENT' };
  };

  beforeEach(async () => {
    host = await createTestHost({ plugins: ['./storage-plugin'], baseDir: fileURLToPath(new URL('./fixtures/', import.meta.url)) });
    storage = host.storage(FIXTURE);
    sends = [];
  });
  afterEach(async () => {
    await host.stop();
  });

  it('sends once per key and returns the first external id to a retry', async () => {
    const first = await sendOnce(storage, 'c1', 'key-1', provider('hello'));
    const retry = await sendOnce(storage, 'c1', 'key-1', provider('hello again'));
    expect(first).toEqual({ externalId: 'msg-1', status: 'SENT' });
    expect(retry.externalId).toBe('msg-1');
    expect(sends).toEqual(['hello']);
    expect(await storage.get('sent:c1:key-1')).toEqual({ externalId: 'msg-1', sentAt: expect.any(String) });
  });

  it('sends again for another key, another customer, or no key at all', async () => {
    await sendOnce(storage, 'c1', 'key-1', provider('a'));
    await sendOnce(storage, 'c1', 'key-2', provider('b'));
    await sendOnce(storage, 'c2', 'key-1', provider('c'));
    await sendOnce(storage, 'c1', undefined, provider('d'));
    await sendOnce(storage, 'c1', undefined, provider('e'));
    expect(sends).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await storage.keys()).sort()).toEqual(['sent:c1:key-1', 'sent:c1:key-2', 'sent:c2:key-1']);
  });

  it('shares one send between two concurrent calls with the same key', async () => {
    const [one, two] = await Promise.all([sendOnce(storage, 'c1', 'race', provider('x')), sendOnce(storage, 'c1', 'race', provider('y'))]);
    expect(two.externalId).toBe(one.externalId);
    expect(sends).toHaveLength(1);
  });

  it('remembers nothing for a send that failed, so a retry sends', async () => {
    const failing = async (): Promise<SendResult> => {
      throw new Error('provider down');
    };
    await expect(sendOnce(storage, 'c1', 'flaky', failing)).rejects.toThrow('provider down');
    expect(await storage.get('sent:c1:flaky')).toBeUndefined();
    await sendOnce(storage, 'c1', 'flaky', provider('second try'));
    expect(sends).toEqual(['second try']);
  });

  it("exports and erases one customer's records only", async () => {
    await sendOnce(storage, 'c1', 'k1', provider('a'));
    await sendOnce(storage, 'c1', 'k2', provider('b'));
    await sendOnce(storage, 'c10', 'k1', provider('c'));
    const records = await exportSentRecords(storage, 'c1');
    expect(records.map((record) => record.externalId).sort()).toEqual(['msg-1', 'msg-2']);
    await eraseSentRecords(storage, 'c1');
    expect(await exportSentRecords(storage, 'c1')).toEqual([]);
    // c10 shares the prefix "c1" but not "c1:".
    expect(await storage.keys()).toEqual(['sent:c10:k1']);
    // Erasing twice is harmless (privacy erasure is retried after a failure).
    await eraseSentRecords(storage, 'c1');
  });
});
