import { describe, expect, it } from 'vitest';
import { CANDIDATE_LIMIT } from '../../src/domain/customerTextIndex.js';
import { countMatching, estimateCount, finderRequest, findMatchingCustomers, matchingRows } from '../../src/graphql/data/customerFinder.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { type RuleTree } from '../../src/segments/index.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabaseKind } from '../support/testDatabases.js';

const CUSTOMERS = 6_000;
const T0 = Date.UTC(2026, 0, 1);
const PAGE = 100;
const NOW = new Date(T0 + 30 * 86_400_000);

interface Row {
  id: string;
  name: string | null;
  emails: string[];
  phones: string[];
  csat: number | null;
}

/** A finder request, and whether the text index bounds it. */
interface Case {
  where: RuleTree;
  /** True when the tree's text leaves bound it, so its page must read the index. */
  bounded: boolean;
}

/**
 * `customers(where:)` whose `contains` leaves on a name, an email or a phone read their
 * candidates from the trigram index (segments/textCandidates.ts): every page, `totalCount` and
 * `countEstimate` equal the matches computed here from the rows read back, whether the tree is
 * bounded by the index (a rare text, `all` with other rules, `any` of bounded leaves) or not (a
 * common or short text, a `contains` under `not`, `any` with an unbounded branch).
 */
describe.each(TEST_DATABASES)('finder text leaves on %s, with 6,000 customers', (kind) => {
  it('finds exactly the matches, reading the index only where the text bounds the tree', { timeout: 180_000 }, async () => {
    const statements: string[] = [];
    const { database, dispose } = await seeded(kind, (statement) => statements.push(statement));
    try {
      const rows = await readBack(SqlSession.autocommit(database));
      expect(rows.filter((row) => row.emails.some((email) => email.includes('example'))).length).toBeGreaterThan(CANDIDATE_LIMIT);
      for (const { where, bounded } of CASES) {
        const label = JSON.stringify(where);
        const expected = rows.filter((row) => holds(row, where)).map((row) => row.id);
        statements.length = 0;
        const found = await allPages(database, where);
        expect(found, label).toEqual(expected);
        expect(statements.some((statement) => statement.includes(kind === 'sqlite' ? 'json_each' : '= any(')), `${label} read candidates`).toBe(bounded);
        const request = finderRequest({ where });
        expect(await countMatching(database, request.where, NOW), label).toBe(expected.length);
        const estimate = await estimateCount(database, await matchingRows(database, request.where, NOW));
        if (estimate.exact) expect(estimate.value, label).toBe(expected.length);
        else expect(expected.length, label).toBeGreaterThan(1000);
      }
    } finally {
      await dispose();
    }
  });
});

const CASES: Case[] = [
  { where: { field: 'email', op: 'contains', value: 'customer123@' }, bounded: true },
  { where: { field: 'email', op: 'contains', value: 'CUSTOMER4999@Example' }, bounded: true },
  { where: { field: 'displayName', op: 'contains', value: 'CUSTOMER 4999' }, bounded: true },
  { where: { field: 'displayName', op: 'contains', value: 'zoë dupont_1' }, bounded: true },
  { where: { field: 'phone', op: 'contains', value: '+1 555 000 07' }, bounded: true },
  { where: { field: 'phone', op: 'contains', value: '5550004' }, bounded: true },
  { where: { field: 'email', op: 'contains', value: 'nobody@nowhere.test' }, bounded: true },
  { where: { any: [{ field: 'displayName', op: 'contains', value: 'Dupont' }, { field: 'email', op: 'contains', value: 'acme.io' }] }, bounded: true },
  { where: { all: [{ field: 'email', op: 'contains', value: 'customer12' }, { field: 'score.csat', op: 'lt', value: 50 }] }, bounded: true },
  // 1,111 emails hold "customer1" (names hold "Customer 1", with a space): many candidates, under the cap.
  { where: { all: [{ field: 'email', op: 'contains', value: 'customer1' }, { field: 'score.csat', op: 'lt', value: 50 }] }, bounded: true },
  { where: { all: [{ field: 'phone', op: 'contains', value: '555000' }, { not: { field: 'email', op: 'contains', value: 'customer7' } }] }, bounded: true },
  { where: { all: [{ field: 'email', op: 'contains', value: 'customer45' }, { field: 'displayName', op: 'contains', value: '45' }] }, bounded: true },
  { where: { all: [{ field: 'email', op: 'contains', value: 'example' }, { field: 'email', op: 'contains', value: 'vip' }] }, bounded: true },
  // Not bounded: a common text, a short one, a `not`, an `any` with a branch the index cannot bound.
  { where: { field: 'email', op: 'contains', value: 'example' }, bounded: false },
  { where: { all: [{ field: 'email', op: 'contains', value: 'example.com' }, { field: 'score.csat', op: 'lt', value: 50 }] }, bounded: false },
  { where: { field: 'displayName', op: 'contains', value: '99' }, bounded: false },
  { where: { not: { field: 'email', op: 'contains', value: 'customer1' } }, bounded: false },
  { where: { any: [{ field: 'email', op: 'contains', value: 'customer42@' }, { field: 'score.csat', op: 'gte', value: 98 }] }, bounded: false },
];

/** Every page of the finder, forward by keyset, as ids in the list's order (created, then id). */
async function allPages(database: Database, where: RuleTree): Promise<string[]> {
  const request = finderRequest({ where });
  const found: string[] = [];
  let cursor: { id: string; value: string | number | null } | undefined;
  for (;;) {
    const rows = await findMatchingCustomers(database, request, { size: PAGE, now: NOW, ...(cursor && { cursor }) });
    found.push(...rows.slice(0, PAGE).map((row) => row.customer.id));
    if (rows.length <= PAGE) return found;
    cursor = rows[PAGE - 1]!.key;
  }
}

/** The rule language's meaning for these trees, written apart from its SQL (the data's only non-ASCII letter is a lower-case `ë`). */
function holds(row: Row, tree: RuleTree): boolean {
  if ('all' in tree) return tree.all.every((child) => holds(row, child));
  if ('any' in tree) return tree.any.some((child) => holds(row, child));
  if ('not' in tree) return !holds(row, tree.not);
  const value = tree.value as string | number;
  switch (tree.field) {
    case 'displayName':
      return row.name !== null && asciiLower(row.name).includes(asciiLower(String(value)));
    case 'email':
      return row.emails.some((email) => email.includes(String(value).toLowerCase()));
    case 'phone':
      return row.phones.some((phone) => phone.includes(String(value).replace(/[\s.()-]/g, '')));
    case 'score.csat':
      return row.csat !== null && (tree.op === 'lt' ? row.csat < Number(value) : row.csat >= Number(value));
    default:
      throw new Error(`No meaning written for ${tree.field}.`);
  }
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

async function seeded(kind: TestDatabaseKind, onQuery: (sql: string) => void): Promise<{ database: Database; dispose(): Promise<void> }> {
  const testDatabase = createTestDatabase(kind);
  const database = await testDatabase.open({ onQuery });
  const dispose = async () => {
    await database.close();
    await testDatabase.destroy();
  };
  try {
    await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
    await seed(SqlSession.autocommit(database), kind);
    // PostgreSQL's autovacuum keeps statistics on a deployment; SQLite keeps none until someone
    // runs ANALYZE, and the statements must plan well without them.
    if (kind === 'postgresql') await SqlSession.autocommit(database).run('analyze');
    return { database, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Written set-based after the migrations: the index's triggers index every name and identity. */
async function seed(sql: SqlSession, kind: TestDatabaseKind): Promise<void> {
  const sqlite = kind === 'sqlite';
  const numbers = sqlite ? `(with recursive n(i) as (select 1 union all select i + 1 from n where i < ${CUSTOMERS}) select i from n) g` : `generate_series(1, ${CUSTOMERS}) g(i)`;
  const text = (expression: string) => (sqlite ? expression : `(${expression})::text`);
  const at = sqlite ? `${T0} + i * 1000` : `timestamptz '2026-01-01T00:00:00Z' + (i * interval '1 second')`;
  const name = `case when i % 50 = 0 then null when i % 997 = 0 then 'Zoë Dupont_' || ${text('i')} else 'Customer ' || ${text('i')} end`;
  const json = sqlite ? "'{}'" : "'{}'::jsonb";
  await sql.run(`insert into customers (id, display_name, attributes, created_at, updated_at) select 'c' || ${text('i')}, ${name}, ${json}, ${at}, ${at} from ${numbers}`);
  // Emails and phones carry the empty channel, as the core stores them (handles have one).
  const identity = (idPrefix: string, kindName: string, value: string, where: string) =>
    sql.run(`insert into customer_identities (id, customer_id, kind, channel, value, created_at) select '${idPrefix}' || ${text('i')}, 'c' || ${text('i')}, '${kindName}', '', ${value}, ${at} from ${numbers} where ${where}`);
  await identity('e', 'email', `'customer' || ${text('i')} || '@example.com'`, '1 = 1');
  await identity('v', 'email', `'vip' || ${text('i')} || '@acme.io'`, 'i % 1000 = 1');
  await identity('p', 'phone', sqlite ? `'+1555' || substr('0000000' || i, -7)` : `'+1555' || lpad(i::text, 7, '0')`, 'i % 7 = 0');
  // A handle holds the text too but is no email: the index finds it, the leaf must not match it.
  await sql.run(`insert into customer_identities (id, customer_id, kind, channel, value, created_at) select 'h' || ${text('i')}, 'c' || ${text('i')}, 'handle', 'chat', 'customer123@handle', ${at} from ${numbers} where i = 5`);
  await sql.run(`insert into scores (customer_id, rule, value, computed_at) select 'c' || ${text('i')}, 'csat', i % 100, ${at} from ${numbers} where i % 3 = 0`);
}

async function readBack(sql: SqlSession): Promise<Row[]> {
  const customers = await sql.all<{ id: string; display_name: string | null }>('select id, display_name from customers order by created_at, id');
  const identities = await sql.all<{ customer_id: string; kind: string; channel: string; value: string }>('select customer_id, kind, channel, value from customer_identities');
  const scores = new Map((await sql.all<{ customer_id: string; value: unknown }>("select customer_id, value from scores where rule = 'csat'")).map((row) => [row.customer_id, Number(row.value)]));
  const byCustomer = new Map<string, typeof identities>();
  for (const row of identities) if (row.channel === '') byCustomer.set(row.customer_id, [...(byCustomer.get(row.customer_id) ?? []), row]);
  const valuesOf = (id: string, kind: string) => (byCustomer.get(id) ?? []).filter((row) => row.kind === kind).map((row) => row.value);
  return customers.map((row) => ({ id: row.id, name: row.display_name, emails: valuesOf(row.id, 'email'), phones: valuesOf(row.id, 'phone'), csat: scores.get(row.id) ?? null }));
}
