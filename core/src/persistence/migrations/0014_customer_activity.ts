import type { SqlMigration } from '../SqlMigration.js';


/** The summary's columns, in the order the inserts below give them. */
const COLUMNS = 'customer_id, inbound_count, first_at, last_inbound_at, purchase_count, purchase_total, first_purchase_at, last_purchase_at';

/** The summary's part of one interaction `row` (`new`, or a table alias), as the values of {@link COLUMNS}. */
function partOf(row: string, amount: string): string {
  const inbound = `${row}.direction = 'INBOUND'`;
  const purchase = `${row}.type = 'purchase'`;
  return [
    `${row}.customer_id`,
    `case when ${inbound} then 1 else 0 end`,
    `${row}.occurred_at`,
    `case when ${inbound} then ${row}.occurred_at end`,
    `case when ${purchase} then 1 else 0 end`,
    `case when ${purchase} then ${amount} else 0 end`,
    `case when ${purchase} then ${row}.occurred_at end`,
    `case when ${purchase} then ${row}.occurred_at end`,
  ].join(', ');
}

/** The backfill: every customer's part summed, from `interactions i`. */
function backfill(amount: string): string {
  return (
    `insert into customer_activity (${COLUMNS}) select i.customer_id, ` +
    "sum(case when i.direction = 'INBOUND' then 1 else 0 end), min(i.occurred_at), max(case when i.direction = 'INBOUND' then i.occurred_at end), " +
    `sum(case when i.type = 'purchase' then 1 else 0 end), coalesce(sum(case when i.type = 'purchase' then ${amount} end), 0), ` +
    "min(case when i.type = 'purchase' then i.occurred_at end), max(case when i.type = 'purchase' then i.occurred_at end) " +
    'from interactions i group by i.customer_id'
  );
}

/**
 * Taking the `old` row's part away from its customer's summary, in order: the decrement (which
 * takes the row's lock on PostgreSQL), the row's removal when the customer has no interaction
 * left, then the recomputation of each first/last time the old row may have held, and of the
 * purchases when it was one. `old` is a trigger's OLD row (SQLite) or a plpgsql record.
 */
function removalOf(old: string, amount: string): string[] {
  const mine = `customer_id = ${old}.customer_id`;
  const purchases = `from interactions p where p.${mine} and p.type = 'purchase'`;
  return [
    `update customer_activity set inbound_count = inbound_count - case when ${old}.direction = 'INBOUND' then 1 else 0 end, ` +
      `purchase_count = purchase_count - case when ${old}.type = 'purchase' then 1 else 0 end where ${mine}`,
    `delete from customer_activity where ${mine} and not exists (select 1 from interactions i where i.${mine})`,
    `update customer_activity set first_at = (select min(i.occurred_at) from interactions i where i.${mine}) where ${mine} and ${old}.occurred_at <= first_at`,
    `update customer_activity set last_inbound_at = (select max(i.occurred_at) from interactions i where i.${mine} and i.direction = 'INBOUND') ` +
      `where ${mine} and ${old}.direction = 'INBOUND' and ${old}.occurred_at >= last_inbound_at`,
    `update customer_activity set purchase_total = (select coalesce(sum(${amount.replaceAll('{row}', 'p')}), 0) ${purchases}), ` +
      `first_purchase_at = (select min(p.occurred_at) ${purchases}), last_purchase_at = (select max(p.occurred_at) ${purchases}) ` +
      `where ${mine} and ${old}.type = 'purchase'`,
  ];
}

// ---------------------------------------------------------------------------------------------

/** SQLite's amount of a purchase row `{row}`: the JSON number, else 0. */
const SQLITE_AMOUNT = "case when json_type({row}.metadata, '$.amount') in ('integer', 'real') then json_extract({row}.metadata, '$.amount') else 0 end";

function sqliteStatements(): string[] {
  const amount = (row: string) => SQLITE_AMOUNT.replaceAll('{row}', row);
  // SQLite's min() and max() of two values are NULL when one is: coalesce keeps the other.
  const widen = (fn: 'min' | 'max', column: string) => `${column} = coalesce(${fn}(${column}, excluded.${column}), ${column}, excluded.${column})`;
  const addition =
    `insert into customer_activity (${COLUMNS}) values (${partOf('new', amount('new'))}) on conflict (customer_id) do update set ` +
    [
      'inbound_count = inbound_count + excluded.inbound_count',
      widen('min', 'first_at'),
      widen('max', 'last_inbound_at'),
      'purchase_count = purchase_count + excluded.purchase_count',
      'purchase_total = purchase_total + excluded.purchase_total',
      widen('min', 'first_purchase_at'),
      widen('max', 'last_purchase_at'),
    ].join(', ');
  const removal = removalOf('old', SQLITE_AMOUNT);
  const body = (statements: string[]) => `begin ${statements.map((statement) => `${statement};`).join(' ')} end`;
  return [
    'create table `customer_activity` (`customer_id` text not null primary key references `customers` (`id`) on delete cascade, ' +
      '`inbound_count` integer not null, `first_at` datetime not null, `last_inbound_at` datetime null, `purchase_count` integer not null, ' +
      '`purchase_total` double not null, `first_purchase_at` datetime null, `last_purchase_at` datetime null)',
    backfill(amount('i')),
    ...INDEXES.map((index) => index.replaceAll('"', '`')),
    `create trigger \`interactions_activity_insert\` after insert on \`interactions\` for each row ${body([addition])}`,
    `create trigger \`interactions_activity_delete\` after delete on \`interactions\` for each row ${body(removal)}`,
    // The addition first: the removal's recomputations then read the final rows and override it where they must.
    'create trigger `interactions_activity_update` after update of `customer_id`, `occurred_at`, `type`, `direction`, `metadata` on `interactions` for each row ' +
      `when ${CHANGED('old.metadata is not new.metadata')} ${body([addition, ...removal])}`,
  ];
}

// ---------------------------------------------------------------------------------------------

/** PostgreSQL's amount of a purchase row `{row}`: the JSON number, else 0. */
const POSTGRES_AMOUNT = "case when jsonb_typeof({row}.metadata -> 'amount') = 'number' then cast({row}.metadata -> 'amount' as double precision) else 0 end";

/** Whether an update changed what the summary reads (`metadataChanged` in the dialect's terms). */
const CHANGED = (metadataChanged: string): string =>
  "(old.customer_id <> new.customer_id or old.occurred_at <> new.occurred_at or old.type <> new.type or old.direction <> new.direction or ((old.type = 'purchase' or new.type = 'purchase') and " +
  `${metadataChanged}))`;

const INDEXES = [
  'create index "customer_activity_last_inbound_index" on "customer_activity" ("last_inbound_at", "customer_id")',
  'create index "customer_activity_purchase_total_index" on "customer_activity" ("purchase_total", "customer_id")',
  'create index "customer_activity_inbound_count_index" on "customer_activity" ("inbound_count", "customer_id")',
  'create index "customer_activity_last_purchase_index" on "customer_activity" ("last_purchase_at", "customer_id")',
];

function postgresStatements(): string[] {
  const amount = (row: string) => POSTGRES_AMOUNT.replaceAll('{row}', row);
  const addition =
    `insert into customer_activity as a (${COLUMNS}) values (${partOf('new', amount('new'))}) on conflict (customer_id) do update set ` +
    [
      'inbound_count = a.inbound_count + excluded.inbound_count',
      'first_at = least(a.first_at, excluded.first_at)',
      'last_inbound_at = greatest(a.last_inbound_at, excluded.last_inbound_at)',
      'purchase_count = a.purchase_count + excluded.purchase_count',
      'purchase_total = a.purchase_total + excluded.purchase_total',
      'first_purchase_at = least(a.first_purchase_at, excluded.first_purchase_at)',
      'last_purchase_at = greatest(a.last_purchase_at, excluded.last_purchase_at)',
    ].join(', ');
  const removal = removalOf('old', POSTGRES_AMOUNT);
  const trigger = (name: string, events: string, when = '') =>
    `create trigger "${name}" after ${events} on "interactions" for each row ${when}execute function rapport_interaction_activity()`;
  return [
    'create table "customer_activity" ("customer_id" varchar(36) not null primary key references "customers" ("id") on delete cascade, ' +
      '"inbound_count" integer not null, "first_at" timestamptz not null, "last_inbound_at" timestamptz null, "purchase_count" integer not null, ' +
      '"purchase_total" double precision not null, "first_purchase_at" timestamptz null, "last_purchase_at" timestamptz null)',
    backfill(amount('i')),
    ...INDEXES,
    // One function for the three events: the addition of NEW, then the removal of OLD (see removalOf).
    'create or replace function rapport_interaction_activity() returns trigger language plpgsql as $$ begin ' +
      `if tg_op <> 'DELETE' then ${addition}; end if; ` +
      `if tg_op <> 'INSERT' then ${removal.join('; ')}; end if; ` +
      'return null; end $$',
    trigger('interactions_activity_insert', 'insert'),
    trigger('interactions_activity_delete', 'delete'),
    trigger('interactions_activity_update', 'update of "customer_id", "occurred_at", "type", "direction", "metadata"', `when ${CHANGED("(old.metadata -> 'amount') is distinct from (new.metadata -> 'amount')")} `),
    // A truncate fires no row trigger: the summary of nothing is empty.
    'create or replace function rapport_interactions_truncated() returns trigger language plpgsql as $$ begin delete from customer_activity; return null; end $$',
    'create trigger "interactions_activity_truncate" after truncate on "interactions" for each statement execute function rapport_interactions_truncated()',
  ];
}

/**
 * A per-customer activity summary, `customer_activity`, that rule trees read instead of
 * aggregating interactions (core/src/segments, docs/segments.md "The activity summary"). Measured
 * with EXPLAIN ANALYZE on PostgreSQL at 1,000,000 customers and 10,000,000 interactions, the
 * correlated counts, sums and maxima over `interactions` cost seconds per finder query
 * (`purchases.total gt X` counted in 9.4 s, `interactions.count` in 3.2 s, a page ordered by
 * `interactions.lastAt` in 2.7 s): each reads every customer's history. One narrow row per
 * customer who has interactions answers the same questions from a row, or from an index range.
 *
 * - What it holds: inbound count and last inbound time, the first interaction of any kind, the
 *   purchases' count, total (`metadata.amount` when it is a JSON number, else 0, exactly as
 *   `purchases.total` is defined) and first and last times. A customer without interactions has
 *   no row: the compiler reads "no row" as 0 and "none".
 * - Kept current by triggers on `interactions`, in the writer's transaction, so every writer is
 *   covered: the recorders, bulk imports, merges (which move interactions), erasure (which
 *   clears metadata and moves them), plugins and hand-written SQL. An insert adds to the counts
 *   and widens the first/last times; a delete, or an update of what the summary reads, takes the
 *   old row's part away and, when the old row may have held a first/last time or was a purchase,
 *   recomputes those for that customer from its rows (index probes on the indexes of 0009/0012).
 *   Totals are recomputed rather than decremented, so no floating-point residue builds up.
 * - PostgreSQL: an insert is `insert … on conflict do update`, so concurrent writers for one
 *   customer serialize on its row and no count is lost. A removal first takes the row's lock (the
 *   decrement), then recomputes in later statements, whose snapshots see every writer that got
 *   the lock before it; writers after it add to what it leaves. Functions resolve the tables by
 *   the connection's search_path, as the rest of the schema does.
 * - Backfilled set-based from the existing interactions (one `insert … select … group by`).
 * - Indexes, checked with EXPLAIN: (last_inbound_at, customer_id) for "nothing in 60 days", recency
 *   and pages ordered by `interactions.lastAt`; (purchase_total), (inbound_count) and
 *   (last_purchase_at) so that a selective comparison reads its range of the summary instead of all
 *   of it. Every index costs each interaction's write one more index entry: these are all.
 *
 * Measured with bench/lib/activitySeed.ts at 200,000 customers and 2,000,000 interactions on a
 * loaded machine: `purchases.total gt 400` counted in 12.0 s before, 0.53 s after; the first page
 * by `interactions.lastAt` in 13 s before, 0.7 ms after; the triggers cost a batch insert about
 * 160 µs per row (1,273 rows/s against 1,609 without them, same run).
 */
export const customerActivity: SqlMigration = {
  name: '0014_customer_activity',
  sqlite: sqliteStatements(),
  postgresql: postgresStatements(),
};
