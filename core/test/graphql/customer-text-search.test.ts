import { describe, expect, it } from 'vitest';
import type { Customer } from '@rapport/sdk';
import { countCustomers, findCustomerPage, filterRows } from '../../src/graphql/data/customerSearch.js';
import { CANDIDATE_LIMIT } from '../../src/domain/customerTextIndex.js';
import { estimateCount } from '../../src/graphql/data/customerFinder.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase, type TestDatabaseKind } from '../support/testDatabases.js';

const CUSTOMERS = 21_000;
const T0 = Date.UTC(2026, 0, 1);
const PAGE = 50;
/** Terms whose matches are read to the last page; the common ones only for a few pages. */
const PAGES_OF_COMMON_TERMS = 3;

interface Row {
  id: string;
  name: string | null;
  at: number;
  values: { kind: string; value: string }[];
}

/**
 * `customers(query:)` with the trigram index of migration 0023: a term finds what it found
 * before the index, the customers whose name or identity value contains it (phones also by their
 * digits), whichever way the search goes: through the index for a term few names and values
 * hold, in list order for a common or a short one. The expected matches are computed here from
 * the rows read back. The customers are written before 0023 (its backfill indexes them) and
 * changed after it (its triggers keep the index), and a rare term's page reads the index.
 */
describe.each(TEST_DATABASES)('the customer search on %s, with 21,000 customers', (kind) => {
  it('finds by the index exactly what the conditions match, before and after changes', { timeout: 180_000 }, async () => {
    const { database, dispose } = await seededBeforeTheIndex(kind);
    try {
      const sql = SqlSession.autocommit(database);
      await changeAfterTheIndex(sql);
      const rows = await readBack(sql);
      for (const term of TERMS) await expectSearch(database, rows, term);
      expect(rows.filter((row) => matches(row, 'example')).length).toBeGreaterThan(CANDIDATE_LIMIT);
    } finally {
      await dispose();
    }
  });

  if (kind === 'sqlite') {
    it('reads a rare term from the index, and a short one in list order', { timeout: 180_000 }, async () => {
      const statements: string[] = [];
      const { database, dispose } = await seededBeforeTheIndex(kind, (statement) => statements.push(statement));
      try {
        const sql = SqlSession.autocommit(database);
        await sql.run('analyze');
        // The statements of a page of `term`, each with its plan.
        const plansOf = async (term: string) => {
          statements.length = 0;
          const found = await findCustomerPage(database, { text: term }, { size: PAGE, backward: false, cursor: undefined });
          expect(found.length).toBeGreaterThan(0);
          const ran = [...statements];
          return Promise.all(ran.map(async (statement) => ({ statement, plan: (await sql.all<{ detail: string }>(`explain query plan ${statement}`, placeholders(statement))).map((step) => step.detail).join(' | ') })));
        };
        const rare = await plansOf('customer123@');
        expect(rare.some(({ plan }) => /VIRTUAL TABLE INDEX \d+:L/.test(plan)), JSON.stringify(rare)).toBe(true);
        const page = rare.find(({ statement }) => statement.includes('order by c.created_at'))!;
        expect(page.plan).toMatch(/SEARCH c USING INDEX sqlite_autoindex_customers_1 \(id=\?\)/);
        expect(page.plan).not.toMatch(/SCAN c\b/);
        const short = await plansOf('11');
        expect(short.some(({ plan }) => /customer_search_index/.test(plan))).toBe(false);
        expect(short.find(({ statement }) => statement.includes('order by c.created_at'))!.plan).toMatch(/SCAN c USING INDEX customers_created_at/);
      } finally {
        await dispose();
      }
    });
  }
});

const TERMS = [
  'customer123@', 'customer6@', 'customer9@', 'customer10@', 'wombat', 'quokka', 'Customer 11', 'zoë', 'ann%e', 'pont_1', '+1 555 000 0007',
  '5550001', 'acme.io', 'customer3', 'customer1', 'example', 'ab', 'nobody-here',
];

/** Values for a statement's placeholders, for its plan: text everywhere (a JSON list where json_each reads one), a number for the limit. */
function placeholders(statement: string): unknown[] {
  const count = [...statement.matchAll(/\?/g)].length;
  return Array.from({ length: count }, (_, i) => (i === count - 1 && /limit \?$/.test(statement.trim()) ? PAGE + 1 : i === 0 && statement.includes('json_each(?)') ? '["c1"]' : '%x%'));
}

async function expectSearch(database: Database, rows: Row[], term: string): Promise<void> {
  const expected = rows.filter((row) => matches(row, term)).map((row) => row.id);
  const common = expected.length > 500;
  const found: string[] = [];
  let cursor: { at: Date; id: string } | undefined;
  for (let page = 0; !common || page < PAGES_OF_COMMON_TERMS; page++) {
    const customers: Customer[] = await findCustomerPage(database, { text: term }, { size: PAGE, backward: false, cursor });
    found.push(...customers.slice(0, PAGE).map((customer) => customer.id));
    if (customers.length <= PAGE) break;
    const last = customers[PAGE - 1]!;
    cursor = { at: last.createdAt, id: last.id };
  }
  expect(found, term).toEqual(expected.slice(0, found.length));
  if (!common) expect(found.length, term).toBe(expected.length);
  expect(await countCustomers(database, { text: term }), term).toBe(expected.length);
  const estimate = await estimateCount(database, await filterRows(database, { text: term }));
  if (estimate.exact) expect(estimate.value, term).toBe(expected.length);
  if (found.length > 1) {
    // Backward from the second row: the first row.
    const back = await findCustomerPage(database, { text: term }, { size: PAGE, backward: true, cursor: { at: new Date(rows.find((row) => row.id === found[1])!.at), id: found[1]! } });
    expect(back.map((customer) => customer.id), term).toEqual([found[0]]);
  }
}

/** The search's meaning, written apart from its SQL: the data is ASCII but for `ë`, which is searched lower-case. */
function matches(row: Row, term: string): boolean {
  const text = term.trim().toLowerCase();
  const digits = text.replace(/\D/g, '');
  const byDigits = digits.length >= 3 && /^[\d\s+().-]+$/.test(text);
  return (
    (row.name ?? '').toLowerCase().includes(text) ||
    row.values.some(({ value }) => value.toLowerCase().includes(text)) ||
    (byDigits && row.values.some(({ kind, value }) => kind === 'phone' && value.includes(digits)))
  );
}

/** A database migrated up to 0022, seeded set-based, then migrated to the end (0023 indexes what is there). */
async function seededBeforeTheIndex(kind: TestDatabaseKind, onQuery?: (sql: string) => void): Promise<{ database: Database; dispose(): Promise<void> }> {
  const testDatabase: TestDatabase = createTestDatabase(kind);
  const database = await testDatabase.open(onQuery && { onQuery });
  const dispose = async () => {
    await database.close();
    await testDatabase.destroy();
  };
  try {
    const runner = new MigrationRunner(database);
    const at = CORE_MIGRATIONS.findIndex((migration) => migration.name === '0023_customer_search');
    await runner.run(CORE_OWNER, CORE_MIGRATIONS.slice(0, at));
    await seed(SqlSession.autocommit(database), kind);
    expect(await runner.run(CORE_OWNER, CORE_MIGRATIONS)).toContain('0023_customer_search');
    return { database, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function seed(sql: SqlSession, kind: TestDatabaseKind): Promise<void> {
  const sqlite = kind === 'sqlite';
  const numbers = sqlite ? `(with recursive n(i) as (select 1 union all select i + 1 from n where i < ${CUSTOMERS}) select i from n) g` : `generate_series(1, ${CUSTOMERS}) g(i)`;
  const text = (expression: string) => (sqlite ? expression : `(${expression})::text`);
  const at = sqlite ? `${T0} + (i / 3) * 1000` : `timestamptz '2026-01-01T00:00:00Z' + ((i / 3) * interval '1 second')`;
  const name = `case when i % 50 = 0 then null when i % 997 = 0 then 'Zoë Dupont_' || ${text('i')} when i = 42 then 'Ann%e Smith' else 'Customer ' || ${text('i')} end`;
  const json = sqlite ? "'{}'" : "'{}'::jsonb";
  await sql.run(`insert into customers (id, display_name, attributes, created_at, updated_at) select 'c' || ${text('i')}, ${name}, ${json}, ${at}, ${at} from ${numbers}`);
  const identity = (idPrefix: string, kindName: string, channel: string, value: string, where: string) =>
    sql.run(`insert into customer_identities (id, customer_id, kind, channel, value, created_at) select '${idPrefix}' || ${text('i')}, 'c' || ${text('i')}, '${kindName}', '${channel}', ${value}, ${at} from ${numbers} where ${where}`);
  await identity('e', 'email', 'email', `'customer' || ${text('i')} || '@example.com'`, '1 = 1');
  await identity('v', 'email', 'email', `'vip' || ${text('i')} || '@acme.io'`, 'i % 1000 = 1');
  const phone = sqlite ? `'+1555' || substr('0000000' || i, -7)` : `'+1555' || lpad(i::text, 7, '0')`;
  await identity('p', 'phone', 'sms', phone, 'i % 7 = 0');
}

/** Changes after 0023, which only its triggers bring into the index. */
async function changeAfterTheIndex(sql: SqlSession): Promise<void> {
  await sql.run("update customers set display_name = 'Renamed Quokka' where id = 'c5'");
  await sql.run("update customer_identities set customer_id = 'c7' where id = 'e6'");
  await sql.run("update customer_identities set value = 'changed-wombat@example.org' where id = 'e8'");
  await sql.run("delete from customer_identities where id = 'e9'");
  await sql.run("delete from customers where id = 'c10'");
  await sql.run("update customers set display_name = null where id = 'c11'");
  const now = sql.date(new Date(T0 + 86_400_000));
  await sql.run("insert into customers (id, display_name, attributes, created_at, updated_at) values ('c-new', 'Newest Quokka', ?, ?, ?)", [sql.json({}), now, now]);
  await sql.run("insert into customer_identities (id, customer_id, kind, channel, value, created_at) values ('e-new', 'c-new', 'email', 'email', 'quokka@acme.io', ?)", [now]);
}

async function readBack(sql: SqlSession): Promise<Row[]> {
  const customers = await sql.all<{ id: string; display_name: string | null; created_at: unknown }>('select id, display_name, created_at from customers order by created_at, id');
  const values = new Map<string, { kind: string; value: string }[]>();
  for (const identity of await sql.all<{ customer_id: string; kind: string; value: string }>('select customer_id, kind, value from customer_identities')) {
    values.set(identity.customer_id, [...(values.get(identity.customer_id) ?? []), { kind: identity.kind, value: identity.value }]);
  }
  return customers.map((row) => ({ id: row.id, name: row.display_name, at: SqlSession.readDate(row.created_at)!.getTime(), values: values.get(row.id) ?? [] }));
}
