import { CORE_OWNER, MigrationRunner } from '../../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../../src/persistence/migrations/index.js';
import type { Database } from '../../../src/persistence/openDatabase.js';
import { SqlSession } from '../../../src/persistence/SqlSession.js';
import { compileRules, countMatchingCustomers, validateRuleTree } from '../../../src/segments/index.js';
import { createTestDatabase, type TestDatabaseKind } from '../../support/testDatabases.js';

/** The rows of one customer, as the test writes them and as the in-test evaluator reads them. */
export interface SeedCustomer {
  id: string;
  displayName: string | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
  emails: string[];
  phones: string[];
  scores: Record<string, number>;
  segments: Record<string, string[]>;
  interactions: SeedInteraction[];
}

export interface SeedInteraction {
  channel: string;
  direction: 'INBOUND' | 'OUTBOUND' | 'INTERNAL';
  type: string;
  occurredAt: Date;
  metadata: Record<string, unknown>;
}

export const NOW = new Date('2026-03-02T09:00:00.000Z');
export const DAY = 86_400_000;
export const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

/** A fresh migrated database holding `customers`, and what the tests ask of it. */
export interface SegmentFixture {
  kind: TestDatabaseKind;
  database: Database;
  customers: readonly SeedCustomer[];
  /** The ids the compiled tree selects, sorted. */
  select(tree: unknown): Promise<string[]>;
  /** The compiled count. */
  count(tree: unknown): Promise<number>;
  close(): Promise<void>;
}

export async function createSegmentFixture(kind: TestDatabaseKind, customers: readonly SeedCustomer[]): Promise<SegmentFixture> {
  const testDatabase = createTestDatabase(kind);
  const database = await testDatabase.open();
  await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
  await SqlSession.transaction(database, (sql) => insertCustomers(sql, customers));
  const session = SqlSession.autocommit(database);
  return {
    kind,
    database,
    customers,
    async select(tree) {
      // Both forms of the predicate (CompileOptions.walk) must match the same customers.
      const [whole, walked] = await Promise.all(
        [false, true].map(async (walk) => {
          const compiled = compileRules(validateRuleTree(tree), { dialect: kind, now: NOW, walk });
          const rows = await session.all<{ id: string }>(`select c.id from customers c where ${compiled.sql}`, compiled.params);
          return rows.map((row) => row.id).sort();
        }),
      );
      if (JSON.stringify(whole) !== JSON.stringify(walked)) throw new Error(`The set and walk forms of ${JSON.stringify(tree)} disagree: ${JSON.stringify(whole)} against ${JSON.stringify(walked)}.`);
      return whole!;
    },
    async count(tree) {
      const compiled = countMatchingCustomers(tree === undefined ? undefined : validateRuleTree(tree), { dialect: kind, now: NOW });
      return Number((await session.one<{ count: unknown }>(compiled.sql, compiled.params))!.count);
    },
    async close() {
      await database.close();
      await testDatabase.destroy();
    },
  };
}

async function insertCustomers(sql: SqlSession, customers: readonly SeedCustomer[]): Promise<void> {
  let row = 0;
  for (const customer of customers) {
    await sql.run('insert into customers (id, display_name, attributes, created_at, updated_at) values (?, ?, ?, ?, ?)', [
      customer.id,
      customer.displayName,
      sql.json(customer.attributes),
      sql.date(customer.createdAt),
      sql.date(customer.createdAt),
    ]);
    const identities = [...customer.emails.map((value) => ['email', value]), ...customer.phones.map((value) => ['phone', value])];
    for (const [kind, value] of identities) {
      await sql.run('insert into customer_identities (id, customer_id, kind, channel, value, created_at) values (?, ?, ?, ?, ?, ?)', [
        `ci-${++row}`,
        customer.id,
        kind,
        '',
        value,
        sql.date(NOW),
      ]);
    }
    for (const [rule, value] of Object.entries(customer.scores)) {
      await sql.run('insert into scores (customer_id, rule, value, label, explanation, computed_at) values (?, ?, ?, null, null, ?)', [customer.id, rule, value, sql.date(NOW)]);
    }
    for (const [model, segments] of Object.entries(customer.segments)) {
      for (const segment of segments) {
        await sql.run('insert into segment_memberships (customer_id, model, segment, since) values (?, ?, ?, ?)', [customer.id, model, segment, sql.date(NOW)]);
      }
    }
    for (const interaction of customer.interactions) {
      await sql.run(
        'insert into interactions (id, customer_id, conversation_id, channel, direction, type, subject, text, occurred_at, external_id, thread_key, metadata, created_at) values (?, ?, null, ?, ?, ?, null, null, ?, null, null, ?, ?)',
        [`i-${++row}`, customer.id, interaction.channel, interaction.direction, interaction.type, sql.date(interaction.occurredAt), sql.json(interaction.metadata), sql.date(NOW)],
      );
    }
  }
}

/** The core's seedable generator (mulberry32), so random data and random trees repeat run after run. */
export { seededRandom } from '../../../src/util/seededRandom.js';

/** Picks one of `items`. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}
