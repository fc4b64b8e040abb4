import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '@rapport/sdk';
import { SqlEventOutbox } from '../../src/events/EventOutbox.js';
import { eraseFromEventSets, EXPANSION_LOCK, SETS_PER_EXPANSION } from '../../src/events/eventSets.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { insertCustomers, useMigratedDatabase } from '../support/migratedDatabase.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const NOW = new Date('2026-03-20T12:00:00Z');
const WHERE = { model: 'rules', segment: 'vip' };

async function segmentEvents(sql: SqlSession): Promise<{ id: string; type: string; customerId: string }[]> {
  const rows = await sql.all<{ id: string; type: string; customer_id: string }>("select id, type, customer_id from event_outbox where type like 'segment.%' order by seq");
  return rows.map((row) => ({ id: row.id, type: row.type, customerId: row.customer_id }));
}

describe.each(TEST_DATABASES)('event sets on %s: delivered through the dispatcher', (kind) => {
  const harnesses: KernelHarness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0).reverse()) await h.close();
  });

  async function harness(): Promise<{ h: KernelHarness; sql: SqlSession; seen: [string, string][] }> {
    const h = await createKernelHarness(kind, []);
    harnesses.push(h);
    const seen: [string, string][] = [];
    for (const type of ['segment.entered', 'segment.left'] as const) {
      h.kernel.events.subscribe(type, (event: DeliveredEvent) => {
        seen.push([event.eventType, String((event as { customerId?: string }).customerId)]);
      });
    }
    const sql = SqlSession.autocommit(h.kernel.database);
    await insertCustomers(sql, ['a', 'b', 'c'], NOW);
    return { h, sql, seen };
  }

  /** Writes a set in a transaction of its own, as a writer does, and hands it to afterCommit. */
  async function stage(h: KernelHarness, ids: string[], type: 'segment.entered' | 'segment.left'): Promise<void> {
    const set = h.kernel.events.stageForEachOf(ids, type, WHERE)!;
    await SqlSession.transaction(h.kernel.database, (sql) => sql.run(set.statement.sql, set.statement.params));
    await h.kernel.events.afterCommit([set]);
  }

  it('delivers a set as one event per customer, once each, in the order of the sets and of each set', async () => {
    const { h, sql, seen } = await harness();
    await stage(h, ['b', 'a', 'c'], 'segment.entered');
    await stage(h, ['a'], 'segment.left');
    expect(await segmentEvents(sql)).toEqual([
      { id: expect.any(String), type: 'segment.entered', customerId: 'b' },
      { id: expect.any(String), type: 'segment.entered', customerId: 'a' },
      { id: expect.any(String), type: 'segment.entered', customerId: 'c' },
      { id: expect.any(String), type: 'segment.left', customerId: 'a' },
    ]);
    expect(seen.filter(([, customer]) => customer === 'a')).toEqual([['segment.entered', 'a'], ['segment.left', 'a']]);
    expect(seen).toHaveLength(4);
    expect(await h.count('event_sets')).toBe(0);
    expect(await sql.all("select seq from event_outbox where status <> 'delivered'")).toEqual([]);
  });

  it('writes no set and delivers nothing when the writer rolls back', async () => {
    const { h, seen } = await harness();
    const set = h.kernel.events.stageForEachOf(['a', 'b'], 'segment.entered', WHERE)!;
    await expect(
      SqlSession.transaction(h.kernel.database, async (sql) => {
        await sql.run(set.statement.sql, set.statement.params);
        throw new Error('the writer failed');
      }),
    ).rejects.toThrow('the writer failed');
    await h.kernel.dispatcher.dispatch();
    expect(await h.count('event_sets')).toBe(0);
    expect(seen).toEqual([]);
  });

  it('expands and delivers a set another instance wrote, on its timer, without being told', async () => {
    const { h, seen } = await harness();
    const set = h.kernel.events.stageForEachOf(['c', 'a'], 'segment.entered', WHERE)!;
    await SqlSession.autocommit(h.kernel.database).run(set.statement.sql, set.statement.params);
    await h.kernel.dispatcher.start();
    const deadline = Date.now() + 5_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.sort()).toEqual([['segment.entered', 'a'], ['segment.entered', 'c']]);
  });
});

describe.each(TEST_DATABASES)('event sets on %s: expansion', (kind) => {
  const migrated = useMigratedDatabase(kind);

  async function open(): Promise<{ db: Database; sql: SqlSession; outbox: SqlEventOutbox }> {
    const database = await migrated();
    const sql = SqlSession.autocommit(database);
    await insertCustomers(sql, ['a', 'b', 'c'], NOW);
    return { db: database, sql, outbox: new SqlEventOutbox(database) };
  }

  async function write(sql: SqlSession, outbox: SqlEventOutbox, ids: string[], type = 'segment.entered'): Promise<void> {
    const statement = outbox.stageForEachOf(ids, type, WHERE, NOW)!;
    await sql.run(statement.sql, statement.params);
  }

  it('keeps a set whose expansion fails, and expands it whole the next time', async () => {
    const { sql, outbox } = await open();
    await write(sql, outbox, ['a', 'b']);
    await write(sql, outbox, ['c']);
    // Every insert into the outbox fails while fail_outbox has a row: the first event of the
    // expansion is written, the second is refused.
    await sql.run('create table fail_outbox (n integer)');
    await sql.run('insert into fail_outbox (n) values (1)');
    if (kind === 'sqlite') {
      await sql.run("create trigger outbox_fails before insert on event_outbox when exists (select 1 from fail_outbox) and new.customer_id = 'b' begin select raise(abort, 'injected failure'); end");
    } else {
      await sql.run(
        "create function outbox_fails() returns trigger language plpgsql as $$ begin if exists (select 1 from fail_outbox) and new.customer_id = 'b' then raise exception 'injected failure'; end if; return new; end $$",
      );
      await sql.run('create trigger outbox_fails before insert on event_outbox for each row execute function outbox_fails()');
    }
    await expect(outbox.expandSets()).rejects.toThrow(/injected failure/);
    expect(await segmentEvents(sql)).toEqual([]);
    expect(Number((await sql.one<{ n: unknown }>('select count(*) as n from event_sets'))?.n)).toBe(2);

    await sql.run('delete from fail_outbox');
    expect(await outbox.expandSets()).toEqual({ sets: 2, events: 3, busy: false });
    expect((await segmentEvents(sql)).map((event) => event.customerId)).toEqual(['a', 'b', 'c']);
    expect(await outbox.expandSets()).toEqual({ sets: 0, events: 0, busy: false });
  });

  it('expands the oldest sets first, a bounded number at a time', async () => {
    const { sql, outbox } = await open();
    for (let i = 0; i < SETS_PER_EXPANSION + 3; i++) await write(sql, outbox, [['a', 'b', 'c'][i % 3]!], i % 2 === 0 ? 'segment.entered' : 'segment.left');
    expect(await outbox.expandSets()).toEqual({ sets: SETS_PER_EXPANSION, events: SETS_PER_EXPANSION, busy: false });
    expect(await outbox.expandSets()).toEqual({ sets: 3, events: 3, busy: false });
    const events = await segmentEvents(sql);
    expect(events.map((event) => `${event.type}:${event.customerId}`)).toEqual(
      Array.from({ length: SETS_PER_EXPANSION + 3 }, (_, i) => `${i % 2 === 0 ? 'segment.entered' : 'segment.left'}:${['a', 'b', 'c'][i % 3]}`),
    );
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });

  it('takes an erased customer out of the sets not yet expanded, and writes no event for a customer that is gone', async () => {
    const { db, sql, outbox } = await open();
    await write(sql, outbox, ['a', 'b', 'c']);
    await write(sql, outbox, ['a'], 'segment.left');
    await SqlSession.transaction(db, (tx) => eraseFromEventSets(tx, ['a']));
    const lists = await sql.all<{ customer_ids: unknown }>('select customer_ids from event_sets order by seq');
    expect(lists.map((row) => (kind === 'postgresql' ? row.customer_ids : SqlSession.readJson(row.customer_ids)))).toEqual([['b', 'c'], []]);
    // Deleted without the sets' clean-up (a customer removed by other means): still no event.
    await sql.run("delete from customers where id = 'c'");
    expect(await outbox.expandSets()).toEqual({ sets: 2, events: 1, busy: false });
    expect((await segmentEvents(sql)).map((event) => event.customerId)).toEqual(['b']);
  });

  it('lets one instance expand at a time: busy while another holds the expansion (PostgreSQL), each event written once', async () => {
    const { db, sql, outbox } = await open();
    await write(sql, outbox, ['a', 'b']);
    if (kind === 'postgresql') {
      let release!: () => void;
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      const other = SqlSession.transaction(db, async (tx) => {
        await tx.run(`select pg_advisory_xact_lock(${EXPANSION_LOCK})`);
        held();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await holding;
      expect(await outbox.expandSets()).toEqual({ sets: 0, events: 0, busy: true });
      expect(await segmentEvents(sql)).toEqual([]);
      release();
      await other;
    }

    for (let i = 0; i < 40; i++) await write(sql, outbox, ['a', 'b', 'c']);
    const second = new SqlEventOutbox(db);
    const drain = async (instance: SqlEventOutbox) => {
      for (let i = 0; i < 200; i++) {
        const expansion = await instance.expandSets();
        if (!expansion.busy && expansion.sets === 0) return;
      }
    };
    await Promise.all([drain(outbox), drain(second)]);
    const events = await segmentEvents(sql);
    expect(events).toHaveLength(2 + 40 * 3);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });
});
