import { describe, expect, it } from 'vitest';
import { useCountedDatabases } from '../support/countedKernel.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

/**
 * What the bot conductor reads for a customer message it does not answer: on the ingest path,
 * every message of a conversation people handle goes through it.
 */
describe.each(TEST_DATABASES)('the bot conductor\'s reads on %s', (kind) => {
  const open = useCountedDatabases(kind);

  const readsIn = (statements: string[]) => (table: string) => statements.filter((sql) => new RegExp(`^select .* from ${table} where id = \\?$`).test(sql.trim())).length;

  it('reads nothing for the messages of a conversation this instance opened for people', async () => {
    const { statements, kernel: start } = await open();
    const kernel = await start({ awaitDelivery: true });
    const reads = readsIn(statements);
    const first = await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    // The router opened it with people as its handler (no bot on email): the conductor knows.
    expect({ interactions: reads('interactions'), conversations: reads('conversations') }).toEqual({ interactions: 0, conversations: 0 });
    statements.length = 0;

    const second = await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'again' });
    expect(second.conversationId).toBe(first.conversationId);
    // People never hand a conversation back to a bot: the conductor remembers, and reads nothing.
    expect({ interactions: reads('interactions'), conversations: reads('conversations') }).toEqual({ interactions: 0, conversations: 0 });
  });

  it('reads the conversation of a message once when another instance opened it, and not again for its later messages', async () => {
    const { statements, kernel: start } = await open();
    // Another instance's ingest, which leaves the delivery of its events to this one: the
    // conversation and the message are in the database, and their events reach this instance's
    // conductor through the outbox.
    const other = await start({ awaitDelivery: false, coalesceMs: 600_000, pollIntervalMs: 600_000 });
    const kernel = await start({ awaitDelivery: true });
    const reads = readsIn(statements);
    const first = await other.interactions.record({ email: 'bo@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    statements.length = 0;
    await kernel.dispatcher.dispatch();
    expect({ interactions: reads('interactions'), conversations: reads('conversations') }).toEqual({ interactions: 0, conversations: 1 });
    statements.length = 0;

    const second = await other.interactions.record({ email: 'bo@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'again' });
    expect(second.conversationId).toBe(first.conversationId);
    await kernel.dispatcher.dispatch();
    expect({ interactions: reads('interactions'), conversations: reads('conversations') }).toEqual({ interactions: 0, conversations: 0 });
  });
});
