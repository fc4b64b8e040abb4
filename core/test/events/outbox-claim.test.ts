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
    await outbox.append('interaction.recorded', { customerId: 'bob' }, NOW);

    const first = await outbox.claim(NOW, LEASE, 10);
    expect(first.map((stored) => [stored.customerId, stored.event.eventType, stored.blocksNext])).toEqual([
      ['ada', 'customer.created', false],
      ['bob', 'interaction.recorded', false],
    ]);

    // Ada's next event is written while her first is being delivered; her first is delivered, Bob's
    // is not (its handler failed, say): Ada's next one comes in the statement that marks her first;
    // Bob's stays leased and is not claimed again.
    await outbox.append('interaction.recorded', { customerId: 'ada' }, NOW);
    const second = await outbox.claim(NOW, LEASE, 10, [first[0]!.seq]);
    expect(second.map((stored) => [stored.customerId, stored.event.eventType, stored.blocksNext, stored.attempts])).toEqual([
      ['ada', 'interaction.recorded', false, 1],
    ]);
    expect(await statuses(db)).toEqual(['ada:customer.created:delivered', 'bob:interaction.recorded:pending', 'ada:interaction.recorded:pending']);

    // Marking with nothing left to claim.
    expect(await outbox.claim(NOW, LEASE, 10, [second[0]!.seq])).toEqual([]);
    expect(await statuses(db)).toEqual(['ada:customer.created:delivered', 'bob:interaction.recorded:pending', 'ada:interaction.recorded:delivered']);
  });

  it('claims a customer\'s due events together, and none behind one leased or waiting for a retry', async () => {
    const db = await open();
    const outbox = new SqlEventOutbox(db);
    for (const type of ['customer.created', 'conversation.opened', 'interaction.recorded']) await outbox.append(type, { customerId: 'ada' }, NOW);
    await outbox.append('interaction.recorded', { customerId: 'bob' }, NOW);
    await outbox.append('interaction.recorded', { customerId: 'bob' }, NOW);
    const claimed = await outbox.claim(NOW, LEASE, 10);
    expect(claimed.map((stored) => [stored.customerId, stored.event.eventType])).toEqual([
      ['ada', 'customer.created'],
      ['ada', 'conversation.opened'],
      ['ada', 'interaction.recorded'],
      ['bob', 'interaction.recorded'],
      ['bob', 'interaction.recorded'],
    ]);
    // Each says whether a later event of its customer is pending; for each customer's last, none is.
    expect(claimed.map((stored) => stored.blocksNext)).toEqual([true, true, false, true, false]);

    // Ada's first is delivered; the second fails and waits ten minutes; the third is given back.
    await outbox.failed(claimed[1]!.seq, [], 'boom', new Date(NOW.getTime() + 600_000));
    await outbox.release([claimed[2]!.seq]);
    await outbox.append('interaction.recorded', { customerId: 'cy' }, NOW);
    const next = await outbox.claim(NOW, LEASE, 10, [claimed[0]!.seq]);
    // Bob's are still leased; Ada's third waits behind her second: only Cy's.
    expect(next.map((stored) => stored.customerId)).toEqual(['cy']);
    const attempts = await SqlSession.autocommit(db).all<{ attempts: unknown; lease_until: unknown }>('select attempts, lease_until from event_outbox where seq = ?', [claimed[2]!.seq]);
    expect(attempts.map((row) => [Number(row.attempts), row.lease_until])).toEqual([[0, null]]);

    // Ten minutes later Ada's second is due again, and her third comes with it.
    const later = new Date(NOW.getTime() + 600_000);
    const retried = await outbox.claim(later, new Date(later.getTime() + 30_000), 10);
    expect(retried.filter((stored) => stored.customerId === 'ada').map((stored) => [stored.event.eventType, stored.attempts])).toEqual([
      ['conversation.opened', 2],
      ['interaction.recorded', 1],
    ]);
  });

  it('claims no more than the limit, cutting a run short, and the rest next', async () => {
    const db = await open();
    const outbox = new SqlEventOutbox(db);
    for (let i = 0; i < 3; i++) await outbox.append('interaction.recorded', { customerId: 'ada', n: i }, NOW);
    const first = await outbox.claim(NOW, LEASE, 2);
    expect(first.map((stored) => [(stored.event as unknown as { n?: number }).n, stored.blocksNext])).toEqual([
      [0, true],
      [1, true],
    ]);
    const second = await outbox.claim(NOW, LEASE, 2, first.map((stored) => stored.seq));
    expect(second.map((stored) => [(stored.event as unknown as { n?: number }).n, stored.blocksNext])).toEqual([[2, false]]);
  });

  it('delivers a new customer\'s three events in one claim and one last mark, without a claim that finds nothing', async () => {
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
    expect({ claims: claims.length, marks: marks.length }).toEqual({ claims: 1, marks: 1 });

    // A returning customer's one event: one claim, one mark.
    statements.length = 0;
    await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'again' });
    expect(statements.filter((sql) => /event_outbox set/.test(sql)).length).toBe(2);
  });

  it('marks the last batch of a pass in the next pass\'s claim when writers do not wait, and on stop', async () => {
    const { database: db, statements, kernel: start } = await openCounted();
    // Passes come only from local commits (no timer), each once its commit is 1 ms old; a pass of
    // their own would mark the last batch only after a minute.
    const kernel = await start({ awaitDelivery: false, coalesceMs: 1, pollIntervalMs: 60_000 });
    const seen: string[] = [];
    kernel.events.subscribe('*', (event) => {
      seen.push(event.eventType);
    });
    const updates = () => statements.filter((sql) => /event_outbox set/.test(sql));
    const waitForSeen = async (n: number) => {
      for (let i = 0; i < 500 && seen.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(seen).toHaveLength(n);
    };
    statements.length = 0;

    await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    await waitForSeen(3);
    // Delivered, and left for the next claim to mark: a claim, no mark on its own.
    expect(updates().every((sql) => /set lease_until/.test(sql))).toBe(true);
    expect(await statuses(db)).toEqual(expect.arrayContaining([expect.stringMatching(/:interaction\.recorded:pending$/)]));

    await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'again' });
    await waitForSeen(4);
    expect(seen.at(-1)).toBe('interaction.recorded');
    // The first message's last event was marked by the claim that took the second's.
    const rows = await statuses(db);
    expect(rows.slice(0, 3).every((row) => row.endsWith(':delivered'))).toBe(true);
    expect(rows[3]).toMatch(/:interaction\.recorded:pending$/);
    expect(updates().every((sql) => /set lease_until/.test(sql))).toBe(true);

    // Stopping marks what is left.
    await kernel.dispatcher.stop();
    expect((await statuses(db)).every((row) => row.endsWith(':delivered'))).toBe(true);
  });

  it('marks the last batch of a pass on its own, soon after, when no commit comes', async () => {
    const { database: db, statements, kernel: start } = await openCounted();
    const kernel = await start({ awaitDelivery: false, coalesceMs: 1, pollIntervalMs: 50 });
    statements.length = 0;
    await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    for (let i = 0; i < 200 && !(await statuses(db)).every((row) => row.endsWith(':delivered')); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await statuses(db)).every((row) => row.endsWith(':delivered'))).toBe(true);
    // One claim for the three events, and the one that marked them: then nothing more.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(statements.filter((sql) => /event_outbox set/.test(sql))).toHaveLength(2);
  });

  it('delivers a customer\'s claimed events in order, and gives back those behind one that fails', async () => {
    const { database: db, kernel: start } = await openCounted();
    const kernel = await start({ awaitDelivery: false, coalesceMs: 60_000, pollIntervalMs: 60_000, retryDelayMs: 1 });
    const seen: string[] = [];
    let failOpened = true;
    kernel.events.subscribe('*', (event) => {
      if ((event.eventType as string) === 'conversation.opened' && failOpened) {
        failOpened = false;
        throw new Error('not now');
      }
      seen.push(event.eventType);
    });
    await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    await kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'again' });
    await kernel.dispatcher.dispatch();
    // customer.created went through; conversation.opened failed; the two messages waited behind it, unattempted.
    const rows = async () =>
      (await SqlSession.autocommit(db).all<{ type: string; status: string; attempts: unknown; lease_until: unknown }>('select type, status, attempts, lease_until from event_outbox order by seq')).map(
        (row) => `${row.type}:${row.status}:${Number(row.attempts)}:${row.lease_until === null ? 'free' : 'leased'}`,
      );
    expect(seen).toEqual(['customer.created']);
    expect(await rows()).toEqual(['customer.created:delivered:1:free', 'conversation.opened:pending:1:free', 'interaction.recorded:pending:0:free', 'interaction.recorded:pending:0:free']);

    await new Promise((resolve) => setTimeout(resolve, 5));
    await kernel.dispatcher.dispatch();
    expect(seen).toEqual(['customer.created', 'conversation.opened', 'interaction.recorded', 'interaction.recorded']);
    expect(await rows()).toEqual(['customer.created:delivered:1:free', 'conversation.opened:delivered:2:free', 'interaction.recorded:delivered:1:free', 'interaction.recorded:delivered:1:free']);
  });
});

describe('claiming outbox events from two instances at once on postgresql', () => {
  const openCounted = useCountedDatabases('postgresql');

  it('claims none of a customer\'s events behind one another claim has locked at that moment', async () => {
    const { database: db } = await openCounted();
    const outbox = new SqlEventOutbox(db);
    for (let n = 0; n < 3; n++) await outbox.append('interaction.recorded', { customerId: 'ada', n }, NOW);
    await outbox.append('interaction.recorded', { customerId: 'bob', n: 0 }, NOW);
    const [first] = await SqlSession.autocommit(db).all<{ seq: unknown }>("select seq from event_outbox where customer_id = 'ada' order by seq limit 1");
    // Another instance's claim is under way: it holds Ada's first event locked, not yet leased.
    const claimed = await SqlSession.transaction(db, async (sql) => {
      await sql.all('select seq from event_outbox where seq = ? for update', [Number(first!.seq)]);
      return outbox.claim(NOW, LEASE, 10);
    });
    // Skipped as locked, her first keeps her later ones back; Bob's is free.
    expect(claimed.map((stored) => stored.customerId)).toEqual(['bob']);
  });

  it('never hands a customer\'s later event to one instance while an earlier one is with the other', async () => {
    const { database: db } = await openCounted();
    const writer = new SqlEventOutbox(db);
    const customers = 8;
    const perCustomer = 12;
    for (let n = 0; n < perCustomer; n++) for (let c = 0; c < customers; c++) await writer.append('interaction.recorded', { customerId: `c${c}`, n }, NOW);
    // Each instance claims small batches, "delivers" them in order, and marks them with its next claim.
    const delivered: { customerId: string; n: number; at: number }[] = [];
    let clock = 0;
    const instance = async (outbox: SqlEventOutbox) => {
      let marks: number[] = [];
      for (let idle = 0; idle < 3; ) {
        const claimed = await outbox.claim(NOW, LEASE, 5, marks);
        marks = [];
        if (claimed.length === 0) {
          idle++;
          await new Promise((resolve) => setTimeout(resolve, 2));
          continue;
        }
        idle = 0;
        for (const stored of claimed) {
          delivered.push({ customerId: stored.customerId!, n: (stored.event as unknown as { n: number }).n, at: clock++ });
          await new Promise((resolve) => setImmediate(resolve));
          marks.push(stored.seq);
        }
      }
      await outbox.delivered(marks);
    };
    await Promise.all([instance(new SqlEventOutbox(db)), instance(new SqlEventOutbox(db))]);
    expect(delivered).toHaveLength(customers * perCustomer);
    for (let c = 0; c < customers; c++) {
      expect(delivered.filter((d) => d.customerId === `c${c}`).map((d) => d.n)).toEqual(Array.from({ length: perCustomer }, (_, n) => n));
    }
  });
});
