import { describe, expect, it } from 'vitest';
import { useCountedDatabases } from '../support/countedKernel.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

/**
 * What the bot conductor reads for a customer message it does not answer: on the ingest path,
 * every message of a conversation people handle goes through it.
 */
describe.each(TEST_DATABASES)('the bot conductor\'s reads on %s', (kind) => {
  const open = useCountedDatabases(kind);

  it('reads only the conversation of a message people handle, not the message again', async () => {
    const { statements, kernel: start } = await open();
    const kernel = await start({ awaitDelivery: true });
    const first = await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    statements.length = 0;

    const second = await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'again' });
    expect(second.conversationId).toBe(first.conversationId);
    const reads = (table: string) => statements.filter((sql) => new RegExp(`^select .* from ${table} where id = \\?$`).test(sql.trim())).length;
    expect({ interactions: reads('interactions'), conversations: reads('conversations') }).toEqual({ interactions: 0, conversations: 1 });
  });
});
