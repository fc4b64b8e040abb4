import { afterEach, describe, expect, it } from 'vitest';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createGraphQLHarness, type GraphQLHarness } from '../graphql/graphqlHarness.js';
import { createTestDatabase, TEST_DATABASES } from '../support/testDatabases.js';

/*
 * The activity summary (`customer_activity`, migration 0014) is kept by triggers on interactions.
 * After each kind of write (the core's recorders, hand-written SQL, a merge, an erasure, a bulk
 * import, concurrent writers) it must equal what the interactions say, computed here in
 * TypeScript from the rows themselves.
 */

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (days: number): Date => new Date(T0 + days * DAY);

interface Summary {
  inbound_count: number;
  first_at: string;
  last_inbound_at: string | null;
  purchase_count: number;
  purchase_total: number;
  first_purchase_at: string | null;
  last_purchase_at: string | null;
}

const iso = (value: unknown): string | null => (value === null || value === undefined ? null : SqlSession.readDate(value)!.toISOString());

/** The summary as the interactions say it, per customer with interactions. */
async function expectedSummaries(sql: SqlSession): Promise<Record<string, Summary>> {
  const rows = await sql.all<{ customer_id: string; direction: string; type: string; occurred_at: unknown; metadata: unknown }>(
    'select customer_id, direction, type, occurred_at, metadata from interactions order by occurred_at, id',
  );
  const byCustomer: Record<string, Summary> = {};
  const min = (a: string | null, b: string): string => (a === null || b < a ? b : a);
  const max = (a: string | null, b: string): string => (a === null || b > a ? b : a);
  for (const row of rows) {
    const when = iso(row.occurred_at)!;
    const summary = (byCustomer[row.customer_id] ??= { inbound_count: 0, first_at: when, last_inbound_at: null, purchase_count: 0, purchase_total: 0, first_purchase_at: null, last_purchase_at: null });
    summary.first_at = min(summary.first_at, when);
    if (row.direction === 'INBOUND') {
      summary.inbound_count++;
      summary.last_inbound_at = max(summary.last_inbound_at, when);
    }
    if (row.type === 'purchase') {
      const amount = SqlSession.readJson<Record<string, unknown>>(row.metadata).amount;
      summary.purchase_count++;
      summary.purchase_total += typeof amount === 'number' ? amount : 0;
      summary.first_purchase_at = min(summary.first_purchase_at, when);
      summary.last_purchase_at = max(summary.last_purchase_at, when);
    }
  }
  return byCustomer;
}

/** The summary as stored. */
async function storedSummaries(sql: SqlSession): Promise<Record<string, Summary>> {
  const rows = await sql.all<Record<string, unknown>>('select * from customer_activity');
  return Object.fromEntries(
    rows.map((row) => [
      String(row.customer_id),
      {
        inbound_count: Number(row.inbound_count),
        first_at: iso(row.first_at)!,
        last_inbound_at: iso(row.last_inbound_at),
        purchase_count: Number(row.purchase_count),
        purchase_total: Number(row.purchase_total),
        first_purchase_at: iso(row.first_purchase_at),
        last_purchase_at: iso(row.last_purchase_at),
      },
    ]),
  );
}

const RECORD_MANY = 'mutation ($inputs: [RecordInteractionInput!]!) { recordInteractions(inputs: $inputs) { id customer { id } } }';

describe.each(TEST_DATABASES)('the activity summary on %s', (kind) => {
  let h: GraphQLHarness;
  let sql: SqlSession;
  afterEach(() => h.close());

  async function setUp(): Promise<void> {
    h = await createGraphQLHarness(kind);
    sql = SqlSession.autocommit(h.services.database);
  }

  async function expectExact(): Promise<Record<string, Summary>> {
    const stored = await storedSummaries(sql);
    expect(stored).toEqual(await expectedSummaries(sql));
    return stored;
  }

  const record = (customerId: string, days: number, fields: { direction?: 'INBOUND' | 'OUTBOUND' | 'INTERNAL'; type?: string; metadata?: Record<string, unknown>; channel?: string } = {}) =>
    h.services.interactions.record({ customerId, channel: fields.channel ?? 'email', direction: fields.direction ?? 'INBOUND', type: fields.type ?? 'message', occurredAt: at(days), metadata: fields.metadata ?? {} });

  /** A customer with messages both ways, a note and purchases of every kind of amount. */
  async function customerWithHistory(email: string): Promise<string> {
    const { id } = await h.services.customers.create({ emails: [email] });
    await record(id, -90, { direction: 'OUTBOUND' });
    await record(id, -60);
    await record(id, -30, { type: 'purchase', metadata: { amount: 19.5 } });
    await record(id, -20, { direction: 'INTERNAL', type: 'note', channel: 'console' });
    await record(id, -10, { type: 'purchase', metadata: { amount: '12' } });
    await record(id, -5, { type: 'purchase', metadata: { amount: 100 } });
    await record(id, -1, { channel: 'sms' });
    return id;
  }

  it('adds each recorded interaction, and has no row for a customer without any', async () => {
    await setUp();
    const ada = await customerWithHistory('ada@example.com');
    const { id: quiet } = await h.services.customers.create({ emails: ['quiet@example.com'] });
    const stored = await expectExact();
    expect(stored[ada]).toEqual({
      inbound_count: 5,
      first_at: at(-90).toISOString(),
      last_inbound_at: at(-1).toISOString(),
      purchase_count: 3,
      purchase_total: 119.5,
      first_purchase_at: at(-30).toISOString(),
      last_purchase_at: at(-5).toISOString(),
    });
    expect(stored[quiet]).toBeUndefined();
    // Only outbound: a first time, but no inbound one.
    await record(quiet, 3, { direction: 'OUTBOUND' });
    expect((await expectExact())[quiet]).toMatchObject({ inbound_count: 0, first_at: at(3).toISOString(), last_inbound_at: null, purchase_count: 0 });
  });

  it('takes deleted and changed interactions away, recomputing the first and last times they held', async () => {
    await setUp();
    const ada = await customerWithHistory('ada@example.com');
    // Hand-written SQL, as an operator would run it.
    await sql.run("delete from interactions where customer_id = ? and channel = 'sms'", [ada]);
    expect((await expectExact())[ada]).toMatchObject({ inbound_count: 4, last_inbound_at: at(-5).toISOString() });
    await sql.run("delete from interactions where customer_id = ? and direction = 'OUTBOUND'", [ada]);
    expect((await expectExact())[ada]).toMatchObject({ first_at: at(-60).toISOString() });
    await sql.run("update interactions set metadata = ? where customer_id = ? and type = 'purchase' and occurred_at = ?", [sql.json({ amount: 0.25 }), ada, sql.date(at(-5))]);
    expect((await expectExact())[ada]).toMatchObject({ purchase_total: 19.75 });
    await sql.run("update interactions set type = 'message' where customer_id = ? and type = 'purchase' and occurred_at = ?", [ada, sql.date(at(-30))]);
    expect((await expectExact())[ada]).toMatchObject({ purchase_count: 2, purchase_total: 0.25, first_purchase_at: at(-10).toISOString() });
    await sql.run("update interactions set occurred_at = ?, direction = 'OUTBOUND' where customer_id = ? and type = 'note'", [sql.date(at(-200)), ada]);
    expect((await expectExact())[ada]).toMatchObject({ first_at: at(-200).toISOString() });
    // An interaction dated in the future is their last, as the rows say.
    await record(ada, 2);
    expect((await expectExact())[ada]).toMatchObject({ last_inbound_at: at(2).toISOString() });
    await sql.run('delete from interactions where customer_id = ?', [ada]);
    expect((await expectExact())[ada]).toBeUndefined();
  });

  it('follows a merge: the survivor has both histories, the merged customer no row', async () => {
    await setUp();
    const target = await customerWithHistory('ada@work.example');
    const source = await customerWithHistory('ada@home.example');
    await record(source, -400, { direction: 'OUTBOUND' });
    await record(source, 1, { type: 'purchase', metadata: { amount: 7 } });
    await h.services.merger.merge(target, source);
    const stored = await expectExact();
    expect(stored[source]).toBeUndefined();
    expect(stored[target]).toMatchObject({ inbound_count: 11, first_at: at(-400).toISOString(), last_inbound_at: at(1).toISOString(), purchase_count: 7, purchase_total: 246 });
  });

  it('follows an erasure: the de-identified remainder keeps counts and times, amounts are erased with the metadata', async () => {
    await setUp();
    const ada = await customerWithHistory('ada@example.com');
    const bob = await customerWithHistory('bob@example.com');
    await h.services.privacy.eraseCustomer(ada);
    const stored = await expectExact();
    expect(stored[ada]).toBeUndefined();
    expect(stored[bob]).toMatchObject({ purchase_total: 119.5 });
    const remainders = Object.entries(stored).filter(([id]) => id !== bob);
    expect(remainders.map(([, summary]) => summary)).toEqual([expect.objectContaining({ inbound_count: 5, purchase_count: 3, purchase_total: 0, first_at: at(-90).toISOString() })]);
  });

  it('adds a bulk import (recordInteractions) of many customers at once', async () => {
    await setUp();
    const inputs = Array.from({ length: 300 }, (_, index) => ({
      email: `customer${index % 40}@import.example`,
      channel: 'email',
      direction: index % 5 === 0 ? 'OUTBOUND' : 'INBOUND',
      type: index % 3 === 0 ? 'purchase' : 'message',
      externalId: `import-${index}`,
      occurredAt: at(-(index % 17)).toISOString(),
      metadata: index % 3 === 0 ? { amount: index % 2 === 0 ? index : `${index}` } : {},
    }));
    await h.data(RECORD_MANY, { inputs: inputs.slice(0, 150) });
    await h.data(RECORD_MANY, { inputs: inputs.slice(150) });
    expect(Object.keys(await expectExact())).toHaveLength(40);
  });

  it('counts exactly when several connections record for one customer at once', async () => {
    await setUp();
    const { id } = await h.services.customers.create({ emails: ['busy@example.com'] });
    const writers = 8;
    const each = 12;
    // Each record is its own transaction on a connection of the pool: the writers' upserts of the
    // customer's one summary row meet, the first ones on a customer who has no row yet.
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let i = 0; i < each; i++) {
          await record(id, -(writer * each + i) / 24, i % 3 === 0 ? { type: 'purchase', metadata: { amount: 1.5 } } : { channel: `w${writer}` });
        }
      }),
    );
    // And deletes of one writer's rows while others record.
    await Promise.all([
      sql.run("delete from interactions where customer_id = ? and channel = 'w0'", [id]),
      ...Array.from({ length: 4 }, (_, writer) => record(id, 1 + writer / 24, { channel: `late${writer}` })),
    ]);
    const stored = await expectExact();
    const purchases = writers * Math.ceil(each / 3);
    expect(stored[id]).toMatchObject({ inbound_count: writers * each - (each - Math.ceil(each / 3)) + 4, purchase_count: purchases, purchase_total: purchases * 1.5 });
  });
});

describe.each(TEST_DATABASES)('the activity summary\'s migration on %s', (kind) => {
  it('is backfilled from the interactions there are when its migration runs', async () => {
    const testDatabase = createTestDatabase(kind);
    const database = await testDatabase.open();
    try {
      const runner = new MigrationRunner(database);
      await runner.run(CORE_OWNER, CORE_MIGRATIONS.filter((migration) => migration.name < '0014'));
      const before = SqlSession.autocommit(database);
      const rows: [string, string, string, number, Record<string, unknown>][] = [
        ['a', 'INBOUND', 'message', -9, {}],
        ['a', 'OUTBOUND', 'message', -12, {}],
        ['a', 'INBOUND', 'purchase', -3, { amount: 40.5 }],
        ['a', 'INBOUND', 'purchase', -2, { amount: 'forty' }],
        ['b', 'INTERNAL', 'note', -1, {}],
      ];
      for (const id of ['a', 'b', 'c']) await before.run('insert into customers (id, attributes, created_at, updated_at) values (?, ?, ?, ?)', [id, before.json({}), before.date(at(-30)), before.date(at(-30))]);
      for (const [index, [customer, direction, type, days, metadata]] of rows.entries()) {
        await before.run('insert into interactions (id, customer_id, channel, direction, type, occurred_at, metadata, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)', [
          `i${index}`, customer, 'email', direction, type, before.date(at(days)), before.json(metadata), before.date(at(0)),
        ]);
      }
      expect(await runner.run(CORE_OWNER, CORE_MIGRATIONS)).toContain('0014_customer_activity');
      const stored = await storedSummaries(before);
      expect(stored).toEqual(await expectedSummaries(before));
      expect(Object.keys(stored).sort()).toEqual(['a', 'b']);
      expect(stored.a).toMatchObject({ inbound_count: 3, purchase_count: 2, purchase_total: 40.5, first_at: at(-12).toISOString() });
    } finally {
      await database.close();
      await testDatabase.destroy();
    }
  });
});
