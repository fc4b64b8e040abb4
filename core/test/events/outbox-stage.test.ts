import { describe, expect, it } from 'vitest';
import { SqlEventOutbox } from '../../src/events/EventOutbox.js';
import { ARRAY_INSERT_FROM } from '../../src/events/outboxInsert.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { insertCustomers, useMigratedDatabase } from '../support/migratedDatabase.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const NOW = new Date('2026-03-20T12:00:00Z');

describe.each(TEST_DATABASES)('staging events in the outbox on %s', (kind) => {
  const open = useMigratedDatabase(kind);

  /** Events of several types and customers (every fifth without one), payloads with text to escape. */
  const events = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      type: i % 3 === 0 ? 'segment.left' : 'segment.entered',
      payload: { ...(i % 5 !== 4 && { customerId: `c-${i}` }), model: 'rules', segment: `s"${i}'\\ é`, nested: { n: i } },
    }));

  // A few rows go as a values list, many as arrays (unnest, json_each): both must write the same.
  it.each([3, ARRAY_INSERT_FROM, 2_500])('writes %i events in the order given, with their ids, types, payloads and customers', async (count) => {
    const db = await open();
    const outbox = new SqlEventOutbox(db);
    const given = events(count);
    const staged = outbox.stage(given, NOW);
    expect(staged).toHaveLength(count);
    expect(staged.filter((event) => event.statement)).toHaveLength(1);
    await SqlSession.transaction(db, (sql) => sql.run(staged[0]!.statement!.sql, staged[0]!.statement!.params));

    const rows = await SqlSession.autocommit(db).all<Record<string, unknown>>('select * from event_outbox order by seq');
    expect(rows.map((row) => ({ id: row.id, type: row.type, payload: SqlSession.readJson(row.payload), customerId: row.customer_id ?? null }))).toEqual(
      given.map((event, i) => ({ id: staged[i]!.event.id, type: event.type, payload: event.payload, customerId: (event.payload as { customerId?: string }).customerId ?? null })),
    );
    expect(rows.every((row) => row.status === 'pending' && SqlSession.readDate(row.occurred_at)!.getTime() === NOW.getTime() && SqlSession.readDate(row.available_at)!.getTime() === NOW.getTime())).toBe(true);
    // Events carry what handlers get: the payload, the event's own id and when it occurred.
    expect(staged[1]!.event).toMatchObject({ eventType: given[1]!.type, ...given[1]!.payload, id: rows[1]!.id, occurredAt: NOW.toISOString() });
  });

  async function outboxRows(sql: SqlSession) {
    return sql.all<{ id: string; type: string; payload: unknown; customer_id: string; occurred_at: unknown }>('select id, type, payload, customer_id, occurred_at from event_outbox order by seq');
  }

  /** UUIDs (version 7, RFC variant), distinct, after the first (earlier) event's. */
  function expectOrderedIds(ids: readonly string[]): void {
    for (const id of ids.slice(1)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(1).every((id) => id > ids[0]!)).toBe(true);
  }

  it('has a statement write one event set of the customers it moves where the database chains writes (PostgreSQL), expanded into an event per customer', async () => {
    const db = await open();
    const outbox = new SqlEventOutbox(db);
    const sql = SqlSession.autocommit(db);
    // The expansion writes no event for a customer that does not exist.
    await insertCustomers(sql, ['c-1', 'c-2', 'c-3'], NOW);
    await sql.run('create table moved_here (customer_id text)');
    const before = outbox.stage([{ type: 'customer.created', payload: { customerId: 'c-0' } }], NOW)[0]!;
    await sql.run(before.statement!.sql, before.statement!.params);
    const moved = { sql: "insert into moved_here (customer_id) select 'c-' || n from (values (3), (1), (2)) v(n) returning customer_id", params: [] };
    const chained = outbox.stageForEach(moved, 'segment.entered', { model: 'rules', segment: 'vip' }, NOW);
    if (kind === 'sqlite') {
      expect(chained).toBeUndefined();
      return;
    }
    expect(Number((await sql.one<{ n: unknown }>(chained!.sql, chained!.params))?.n)).toBe(3);
    // One row in the sets, none more in the outbox until the set is expanded.
    expect(await sql.all('select type from event_sets')).toEqual([{ type: 'segment.entered' }]);
    expect(await outboxRows(sql)).toHaveLength(1);
    expect(await outbox.expandSets()).toEqual({ sets: 1, events: 3, busy: false });
    const rows = await outboxRows(sql);
    expect(rows.slice(1).map((row) => ({ type: row.type, payload: SqlSession.readJson(row.payload), customerId: row.customer_id }))).toEqual(
      ['c-1', 'c-2', 'c-3'].map((customerId) => ({ type: 'segment.entered', payload: { customerId, model: 'rules', segment: 'vip' }, customerId })),
    );
    expect(rows.map((row) => SqlSession.readDate(row.occurred_at)?.toISOString())).toEqual([NOW, NOW, NOW, NOW].map((at) => at.toISOString()));
    expectOrderedIds(rows.map((row) => row.id));
    expect(await sql.all('select seq from event_sets')).toEqual([]);
  });

  it('writes one event set of the rows a select gives where the database cannot chain writes (SQLite), expanded in their order', async () => {
    const db = await open();
    const outbox = new SqlEventOutbox(db);
    const sql = SqlSession.autocommit(db);
    if (kind === 'postgresql') {
      expect(() => outbox.stageForEachSelected({ sql: 'select 1', params: [] }, 'segment.entered', {}, NOW)).toThrow(/stageForEach/);
      return;
    }
    // The expansion writes no event for a customer that does not exist.
    await insertCustomers(sql, ['c-1', 'c-2', 'c-3'], NOW);
    await sql.run('create table moved_here (customer_id text)');
    await sql.run("insert into moved_here (customer_id) values ('c-3'), ('c-1'), ('c-2')");
    const before = outbox.stage([{ type: 'customer.created', payload: { customerId: 'c-0' } }], NOW)[0]!;
    await sql.run(before.statement!.sql, before.statement!.params);
    const selected = { sql: "select customer_id from moved_here where customer_id <> ? order by rowid", params: ['c-1'] };
    const insert = outbox.stageForEachSelected(selected, 'segment.entered', { model: 'rules', segment: `vip "gold" 'é'` }, NOW);
    await sql.run(insert.sql, insert.params);
    // A select that finds nobody writes no set.
    const none = outbox.stageForEachSelected({ sql: 'select customer_id from moved_here where 0', params: [] }, 'segment.left', { model: 'rules', segment: 'vip' }, NOW);
    await sql.run(none.sql, none.params);
    expect(await sql.all('select type from event_sets')).toEqual([{ type: 'segment.entered' }]);
    expect(await outbox.expandSets()).toEqual({ sets: 1, events: 2, busy: false });
    const rows = await outboxRows(sql);
    expect(rows.slice(1).map((row) => ({ type: row.type, payload: SqlSession.readJson(row.payload), customerId: row.customer_id }))).toEqual(
      ['c-3', 'c-2'].map((customerId) => ({ type: 'segment.entered', payload: { customerId, model: 'rules', segment: `vip "gold" 'é'` }, customerId })),
    );
    expect(rows.map((row) => SqlSession.readDate(row.occurred_at)?.toISOString())).toEqual([NOW, NOW, NOW].map((at) => at.toISOString()));
    expectOrderedIds(rows.map((row) => row.id));
  });

  it('stages nothing for no events', async () => {
    const db = await open();
    expect(new SqlEventOutbox(db).stage([], NOW)).toEqual([]);
  });
});
