import { describe, expect, it } from 'vitest';
import { readDatabaseGauges } from '../../src/metrics/databaseGauges.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { useSharedTestDatabase } from '../support/sharedTestDatabase.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const CUSTOMERS = ['c-1', 'c-2', 'c-3'];
const AT = new Date('2026-03-20T12:00:00Z');
/** Reads of the gauge while the events move: enough for many commits to land between statements. */
const READS = 400;

/** The events as an event set not yet expanded, as a segment's refresh commits them. */
async function stageSet(sql: SqlSession): Promise<void> {
  const ids = sql.dialect === 'postgresql' ? 'cast(? as text[])' : '?';
  await sql.run(`insert into event_sets (type, fields, customer_ids, occurred_at) values (?, ?, ${ids}, ?)`, [
    'segment.entered',
    sql.json({ model: 'rules', segment: 'vip' }),
    sql.dialect === 'postgresql' ? CUSTOMERS : JSON.stringify(CUSTOMERS),
    sql.date(AT),
  ]);
}

/** The same events after the dispatcher's expansion: a pending outbox row per customer. */
async function expand(sql: SqlSession, round: number): Promise<void> {
  await sql.run('delete from event_sets');
  for (const [n, customer] of CUSTOMERS.entries()) {
    await sql.run('insert into event_outbox (id, type, payload, customer_id, occurred_at, available_at) values (?, ?, ?, ?, ?, ?)', [
      `00000000-0000-4000-8000-${String(round * 10 + n).padStart(12, '0')}`,
      'segment.entered',
      sql.json({ customerId: customer }),
      customer,
      sql.date(AT),
      sql.date(AT),
    ]);
  }
}

describe.each(TEST_DATABASES)('the pending events gauge on %s', (kind) => {
  const database = useSharedTestDatabase(kind);

  it('counts every event exactly once while an expansion moves them from a set into the outbox', async () => {
    const scraped = await database.open();
    await migrateAll(scraped, []);
    // Another connection plays the dispatcher: each commit moves the same events between the two
    // places (set → outbox rows, then delivered and staged again as a set), so after every commit
    // exactly three are pending. Both loops only await, so they take turns at every await: a
    // commit can land between any two statements of a scrape (on SQLite, whose driver never
    // waits, as on PostgreSQL, where each statement is a round trip).
    const dispatcher = await database.open();
    await SqlSession.transaction(dispatcher, stageSet);
    let stop = false;
    let moves = 0;
    const moving = (async () => {
      for (let round = 0; !stop; round++) {
        await SqlSession.transaction(dispatcher, (sql) => expand(sql, round));
        await SqlSession.transaction(dispatcher, async (sql) => {
          await sql.run('delete from event_outbox');
          await stageSet(sql);
        });
        moves += 2;
      }
    })();
    const seen = new Map<number, number>();
    try {
      for (let read = 0; read < READS; read++) {
        const { outboxPending } = await readDatabaseGauges(scraped, AT);
        seen.set(outboxPending, (seen.get(outboxPending) ?? 0) + 1);
      }
    } finally {
      stop = true;
      await moving;
    }
    expect(Object.fromEntries(seen)).toEqual({ [CUSTOMERS.length]: READS });
    // The events did move while the gauge read.
    expect(moves).toBeGreaterThan(20);
  });
});
