import { describe, expect, it } from 'vitest';
import { useCountedDatabases } from '../support/countedKernel.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

/**
 * What the bot conductor reads for a customer message it does not answer: on the ingest path,
 * every message of a conversation people handle goes through it.
 */
describe.each(TEST_DATABASES)('the bot conductor\'s reads on %s', (kind) => {
  const open = useCountedDatabases(kind);

  it('reads the conversation of a message people handle once, and not again for its later messages', async () => {
    const { statements, kernel: start } = await open();
    const kernel = await start({ awaitDelivery: true });
    const reads = (table: string) => statements.filter((sql) => new RegExp(`^select .* from ${table} where id = \\?$`).test(sql.trim())).length;
    const first = await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    // The conductor learns that people handle the conversation (the event says which; the message is not read again).
    expect({ interactions: reads('interactions'), conversations: reads('conversations') }).toEqual({ interactions: 0, conversations: 1 });
    statements.length = 0;

    const second = await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'again' });
    expect(second.conversationId).toBe(first.conversationId);
    // People never hand a conversation back to a bot: the conductor remembers, and reads nothing.
    expect({ interactions: reads('interactions'), conversations: reads('conversations') }).toEqual({ interactions: 0, conversations: 0 });
  });
});
