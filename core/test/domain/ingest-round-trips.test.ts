import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../src/kernel/createKernel.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import { useCountedDatabases } from '../support/countedKernel.js';
import { createTestDatabase } from '../support/testDatabases.js';

/**
 * The ingest path's round trips on PostgreSQL, where each one costs: an interaction of a known
 * customer that joins their open conversation is one statement (interaction, conversation join
 * and outbox event together); the other cases take the general path.
 */
describe('recording an interaction on postgresql', () => {
  const open = useCountedDatabases('postgresql');

  async function start(): Promise<{ kernel: Kernel; statements: string[] }> {
    const { statements, kernel } = await open();
    // Delivery waits long enough not to add its own statements to the count.
    return { kernel: await kernel({ awaitDelivery: false, coalesceMs: 60_000 }), statements };
  }

  const message = (externalId: string, minutes: number) => ({
    email: 'ada@example.com',
    channel: 'email',
    direction: 'INBOUND' as const,
    type: 'message',
    text: externalId,
    externalId,
    occurredAt: new Date(Date.UTC(2026, 2, 2, 9, minutes)),
  });

  it('joins a known customer\'s open conversation in one statement, with its event', async () => {
    const { kernel: k, statements } = await start();
    const first = await k.interactions.record(message('m-1', 0));
    statements.length = 0;

    const second = await k.interactions.record(message('m-2', 5));
    expect(statements).toHaveLength(1);
    expect(second).toMatchObject({ customerId: first.customerId, conversationId: first.conversationId, externalId: 'm-2', text: 'm-2' });
    const [outboxed] = await k.database.orm.em
      .getConnection()
      .execute<{ payload: Record<string, unknown>; customer_id: string }[]>(
        "select payload, customer_id from event_outbox where type = 'interaction.recorded' and payload->>'interactionId' = ?",
        [second.id],
      );
    expect(outboxed).toMatchObject({
      customer_id: first.customerId,
      payload: { interactionId: second.id, customerId: first.customerId, conversationId: first.conversationId, channel: 'email', type: 'message', direction: 'INBOUND' },
    });
    const conversation = await k.conversations.get(first.conversationId!);
    expect(conversation?.lastActivityAt).toEqual(new Date(Date.UTC(2026, 2, 2, 9, 5)));
  });

  it('does not try the one-statement join for a sender this instance has not recorded, nor past the window', async () => {
    const { kernel: k, statements } = await start();
    const tried = () => statements.filter((sql) => /^with target as/.test(sql.trim())).length;
    statements.length = 0;
    // A new sender: the lookup and the write, nothing before them.
    const first = await k.interactions.record(message('m-1', 0));
    expect(tried()).toBe(0);
    expect(statements).toHaveLength(2);

    // Within the window: the one statement.
    statements.length = 0;
    await k.interactions.record(message('m-2', 5));
    expect(statements).toHaveLength(1);
    expect(tried()).toBe(1);

    // Four days later, past the three-day window, it would find nothing: not tried.
    statements.length = 0;
    const later = await k.interactions.record({ ...message('m-3', 0), occurredAt: new Date(Date.UTC(2026, 2, 6, 9, 0)) });
    expect(later.conversationId).not.toBe(first.conversationId);
    expect(tried()).toBe(0);
  });

  it('takes the general path for a duplicate, a new customer, or a conversation outside the window', async () => {
    const { kernel: k, statements } = await start();
    const first = await k.interactions.record(message('m-1', 0));

    statements.length = 0;
    const again = await k.interactions.record(message('m-1', 0));
    expect(again.id).toBe(first.id);
    expect(statements.length).toBeGreaterThan(1);

    // Four days later, past the three-day window: a new conversation, opened by the general path.
    const later = await k.interactions.record({ ...message('m-3', 0), occurredAt: new Date(Date.UTC(2026, 2, 6, 9, 0)) });
    expect(later.conversationId).not.toBe(first.conversationId);
    expect(await k.interactions.list(first.customerId)).toHaveLength(2);
  });
});

describe('recording an interaction that links other identities, on postgresql', () => {
  const open = useCountedDatabases('postgresql');

  it('takes two statements, the lookup and one write, without BEGIN and COMMIT', async () => {
    const { statements, kernel } = await open();
    const k = await kernel({ awaitDelivery: false, coalesceMs: 60_000 });
    const signed = (email: string, text: string, minutes: number) => ({
      email,
      channel: 'email',
      direction: 'INBOUND' as const,
      type: 'message',
      text,
      otherIdentities: { phone: '+44 20 7946 0000' },
      occurredAt: new Date(Date.UTC(2026, 2, 2, 9, minutes)),
    });
    const isTransactionControl = (sql: string) => /^(begin|commit|rollback)\b/i.test(sql.trim());

    const first = await k.interactions.record({ ...signed('ada@example.com', 'hello', 0), otherIdentities: undefined });

    // Her next message gives her phone number in its signature: it is linked to her, in the same write.
    statements.length = 0;
    const second = await k.interactions.record(signed('ada@example.com', 'again', 5));
    expect(second).toMatchObject({ customerId: first.customerId, conversationId: first.conversationId });
    expect(statements.filter(isTransactionControl)).toEqual([]);
    expect(statements).toHaveLength(2);

    // Another address of hers with the same signature: found through the phone number, it joins her and her conversation.
    statements.length = 0;
    const third = await k.interactions.record(signed('ada@work.example.com', 'from work', 10));
    expect(third).toMatchObject({ customerId: first.customerId, conversationId: first.conversationId });
    expect(statements.filter(isTransactionControl)).toEqual([]);
    // The lookup, her open conversation (the lookup fetched the sender's, and the sender was nobody), the write.
    expect(statements).toHaveLength(3);
    const identities: { kind: string; value: string }[] = await k.database.orm.em
      .getConnection()
      .execute('select kind, value from customer_identities where customer_id = ? order by kind, value', [first.customerId]);
    expect(identities.map((row) => `${row.kind}:${row.value}`)).toEqual(['email:ada@example.com', 'email:ada@work.example.com', 'phone:+442079460000']);
  });
});

describe('preparedStatements in a PostgreSQL URL', () => {
  it('turns prepared statements off with false, and refuses anything but true or false', async () => {
    const { openDatabase } = await import('../../src/persistence/openDatabase.js');
    const testDatabase = createTestDatabase('postgresql');
    const url = `${testDatabase.url}&preparedStatements=false`;
    const database = await openDatabase(url, { baseDir: process.cwd() });
    try {
      await migrateAll(database, []);
      const sql = (await import('../../src/persistence/SqlSession.js')).SqlSession.autocommit(database);
      await sql.one('select count(*) as n from customers');
      // No statement of this connection was prepared: pg_prepared_statements is per session.
      const prepared = await database.direct.withConnection((runner) => runner.all("select count(*)::int as n from pg_prepared_statements where name like 'rapport_%'", []));
      expect(prepared[0]!.n).toBe(0);
    } finally {
      await database.close();
      await testDatabase.destroy();
    }
    await expect(openDatabase(`${testDatabase.url}&preparedStatements=sometimes`, { baseDir: process.cwd() })).rejects.toThrow(
      'database: url: preparedStatements must be true or false, got "sometimes"',
    );
  });

  it('prepares statements by default', async () => {
    const { openDatabase } = await import('../../src/persistence/openDatabase.js');
    const testDatabase = createTestDatabase('postgresql');
    const database = await openDatabase(testDatabase.url, { baseDir: process.cwd() });
    try {
      await migrateAll(database, []);
      // One held connection, so the check runs in the session that prepared the statement.
      const prepared = await database.direct.withConnection(async (runner) => {
        await runner.all('select count(*) as n from customers', []);
        return runner.all("select count(*)::int as n from pg_prepared_statements where name like 'rapport_%'", []);
      });
      expect(prepared[0]!.n).toBeGreaterThanOrEqual(1);
    } finally {
      await database.close();
      await testDatabase.destroy();
    }
  });
});
