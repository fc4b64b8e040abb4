import { describe, expect, it } from 'vitest';
import { SqlEventOutbox } from '../../src/events/EventOutbox.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { useCountedDatabases } from '../support/countedKernel.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const NOW = new Date('2026-03-20T12:00:00Z');
const LEASE = new Date(NOW.getTime() + 30_000);

describe.each(TEST_DATABASES)('claiming outbox events on %s', (kind) => {
  const openCounted = useCountedDatabases(kind);
  const open = async () => (await openCounted()).database;

  const statuses = async (db: Database) =>
    (await SqlSession.autocommit(db).all<{ customer_id: string; type: string; status: string }>('select customer_id, type, status from event_outbox order by seq')).map(
      (row) => `${row.customer_id}:${row.type}:${row.status}`,
    );

  it('marks the previous batch delivered in the claim that takes the next events of its customers', async () => {
    const db = await open();
    const outbox = new SqlEventOutbox(db);
    await outbox.append('customer.created', { customerId: 'ada' }, NOW);
    await outbox.append('interaction.recorded', { customerId: 'ada' }, NOW);
    await outbox.append('interaction.recorded', { customerId: 'bob' }, NOW);

    const first = await outbox.claim(NOW, LEASE, 10);
    expect(first.map((stored) => [stored.customerId, stored.event.eventType, stored.blocksNext])).toEqual([
      ['ada', 'customer.created', true],
      ['bob', 'interaction.recorded', false],
    ]);

    // Ada's first event is delivered, Bob's is not (its handler failed, say): Ada's next one comes
    // in the same statement; Bob's stays leased and is not claimed again.
    const second = await outbox.claim(NOW, LEASE, 10, [first[0]!.seq]);
    expect(second.map((stored) => [stored.customerId, stored.event.eventType, stored.blocksNext, stored.attempts])).toEqual([
      ['ada', 'interaction.recorded', false, 1],
    ]);
    expect(await statuses(db)).toEqual(['ada:customer.created:delivered', 'ada:interaction.recorded:pending', 'bob:interaction.recorded:pending']);

    // Marking with nothing left to claim.
    expect(await outbox.claim(NOW, LEASE, 10, [second[0]!.seq])).toEqual([]);
    expect(await statuses(db)).toEqual(['ada:customer.created:delivered', 'ada:interaction.recorded:delivered', 'bob:interaction.recorded:pending']);
  });

  it('delivers a new customer\'s three events in three claims and one last mark, without a claim that finds nothing', async () => {
    const { database: db, statements, kernel: start } = await openCounted();
    const kernel = await start({ awaitDelivery: true });
    const seen: string[] = [];
    kernel.events.subscribe('*', (event) => {
      seen.push(event.eventType);
    });
    statements.length = 0;

    await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    expect(seen).toEqual(['customer.created', 'conversation.opened', 'interaction.recorded']);
    expect(await statuses(db)).toEqual(expect.arrayContaining([expect.stringMatching(/:interaction\.recorded:delivered$/)]));
    expect((await statuses(db)).every((row) => row.endsWith(':delivered'))).toBe(true);
    // A claim (which may mark the previous batch too) leases; a mark on its own only marks.
    const claims = statements.filter((sql) => /event_outbox set lease_until/.test(sql));
    const marks = statements.filter((sql) => /^update event_outbox set status = 'delivered'/.test(sql.trim()) && !/lease_until = \?/.test(sql));
    expect({ claims: claims.length, marks: marks.length }).toEqual({ claims: 3, marks: 1 });

    // A returning customer's one event: one claim, one mark.
    statements.length = 0;
    await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'again' });
    expect(statements.filter((sql) => /^update event_outbox/.test(sql.trim())).length).toBe(2);
  });
});
