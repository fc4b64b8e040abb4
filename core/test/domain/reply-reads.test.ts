import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { RecordInteractionInput } from '@rapport/sdk';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernel, type Kernel } from '../../src/kernel/createKernel.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';

/** A reply (`references`, as inbound webhooks give them) to the conversation the ingest's lookup already found. */
describe.each(TEST_DATABASES)('recording a reply on %s', (kind) => {
  let testDatabase: TestDatabase | undefined;
  let database: Database | undefined;
  let kernel: Kernel | undefined;
  afterEach(async () => {
    await kernel?.dispatcher.stop();
    await database?.close();
    await testDatabase?.destroy();
    kernel = database = testDatabase = undefined;
  });

  async function start() {
    const statements: string[] = [];
    const clock = new FakeClock('2026-03-02T09:00:00.000Z');
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open({ onQuery: (sql) => statements.push(sql) });
    await migrateAll(database, []);
    // Delivery waits long enough not to add its own statements to the count.
    kernel = createKernel({ logger: pino({ level: 'silent' }), database, clock, events: { awaitDelivery: false, coalesceMs: 60_000 } });
    await kernel.host.load({ entries: [], baseDir: process.cwd(), configFile: 'test', settings: {} });
    const k = kernel;
    const email = (externalId: string, references?: string[]) =>
      k.interactions.record({
        email: 'ada@example.com',
        channel: 'email',
        direction: 'INBOUND',
        type: 'message',
        text: externalId,
        externalId,
        occurredAt: clock.now(),
        ...(references && { references }),
      } as RecordInteractionInput);
    return { statements, clock, email };
  }
  const conversationReads = (statements: string[]) => statements.filter((sql) => /^select \* from conversations where id = \?$/.test(sql.trim())).length;

  it('joins the open conversation it replies to without reading it again', async () => {
    const { statements, clock, email } = await start();
    const first = await email('m-1');
    await clock.advance('PT1H');
    statements.length = 0;
    const reply = await email('m-2', ['m-1']);
    expect(reply.conversationId).toBe(first.conversationId);
    expect(conversationReads(statements)).toBe(0);
  });

  it('still joins it outside the window, reading it by id', async () => {
    const { statements, clock, email } = await start();
    const first = await email('m-1');
    await clock.advance('P5D');
    statements.length = 0;
    const reply = await email('m-2', ['m-1']);
    expect(reply.conversationId).toBe(first.conversationId);
    expect(conversationReads(statements)).toBe(1);
    // Without the reference, the same message opens a new conversation.
    await clock.advance('P5D');
    expect((await email('m-3')).conversationId).not.toBe(first.conversationId);
  });
});
