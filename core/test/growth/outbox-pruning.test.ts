import { afterEach, describe, expect, it } from 'vitest';
import { SqlEventOutbox } from '../../src/events/EventOutbox.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';

const DAY = 86_400_000;
const NOW = new Date('2026-03-20T12:00:00Z');

describe.each(TEST_DATABASES)('pruning the event outbox on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let outbox: SqlEventOutbox;
  afterEach(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  async function setUp() {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
    outbox = new SqlEventOutbox(database);
  }

  /** Appends an event that occurred `ageDays` before NOW, then gives it `status`. */
  async function event(name: string, ageDays: number, status: 'pending' | 'delivered' | 'dead') {
    await outbox.append('customer.updated', { customerId: name }, new Date(NOW.getTime() - ageDays * DAY));
    const sql = SqlSession.autocommit(database);
    await sql.run('update event_outbox set status = ? where seq = (select max(seq) from event_outbox)', [status]);
  }

  const left = async () =>
    (await SqlSession.autocommit(database).all<{ customer_id: string; status: string }>('select customer_id, status from event_outbox order by seq')).map(
      (row) => `${row.customer_id}:${row.status}`,
    );

  it('removes delivered events older than the cutoff, in batches, and keeps pending, dead and young ones', async () => {
    await setUp();
    for (let i = 0; i < 7; i++) await event(`old-delivered-${i}`, 10, 'delivered');
    await event('old-pending', 10, 'pending');
    await event('old-dead', 10, 'dead');
    await event('young-delivered', 1, 'delivered');
    await event('young-pending', 1, 'pending');

    // Batches of 3: seven old delivered events take three batches, the last one short.
    expect(await outbox.prune(new Date(NOW.getTime() - 7 * DAY), 3)).toBe(7);
    expect(await left()).toEqual(['old-pending:pending', 'old-dead:dead', 'young-delivered:delivered', 'young-pending:pending']);
    expect(await outbox.prune(new Date(NOW.getTime() - 7 * DAY), 3)).toBe(0);
  });

  it('stops at the first delivered event still within the retention, so a prune never walks what it keeps', async () => {
    await setUp();
    await event('old-1', 10, 'delivered');
    await event('young', 1, 'delivered');
    // Out of order (an event's time is its writer's): older than the cutoff, but behind a young one.
    await event('old-2', 10, 'delivered');

    expect(await outbox.prune(new Date(NOW.getTime() - 7 * DAY), 100)).toBe(1);
    expect(await left()).toEqual(['young:delivered', 'old-2:delivered']);
    // Once the young one is old enough, both go.
    expect(await outbox.prune(new Date(NOW.getTime()), 100)).toBe(2);
    expect(await left()).toEqual([]);
  });

  it('lets delivery claim pending events whatever the number of delivered ones before them', async () => {
    await setUp();
    for (let i = 0; i < 50; i++) await event(`delivered-${i}`, 1, 'delivered');
    await event('waiting', 1, 'pending');
    const claimed = await outbox.claim(NOW, new Date(NOW.getTime() + 30_000), 10);
    expect(claimed.map((stored) => stored.customerId)).toEqual(['waiting']);
  });
});
