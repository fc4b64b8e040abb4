/**
 * The data of the segments benchmark (bench/segments.ts), generated set-based in the database
 * itself: `insert … select … from generate_series(…)` on PostgreSQL, a recursive CTE on SQLite
 * (which has no generate_series built in), each table in a few statements whatever its size. The
 * rows go through the real schema, its indexes and its triggers (the activity summary of
 * migration 0014 is kept by triggers on `interactions`), exactly as the core's writers leave them.
 *
 * - Customers, created one after the other over two years: attributes `plan` (free 45%, team
 *   25%, pro 20%, enterprise 10%), `country` (12 weighted codes) and `employees` (1 to 10,000,
 *   mostly small); an email each, a phone for 30%.
 * - A CSAT score for 40% of them: 0 to 100, the larger of two uniform draws (16% under 40).
 * - Interactions, each for a customer picked at random, dated between that customer's creation
 *   and now: 40% inbound and 40% outbound messages on email, chat, SMS, WhatsApp and phone, 10%
 *   purchases (`metadata.amount` 5 to 200, `metadata.currency` EUR), 10% internal notes.
 */
import { readDatabaseGauges } from '../../core/src/metrics/databaseGauges.js';
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';

const DAY_MS = 86_400_000;
/** Customers were created over this span, ending at `now`. */
export const HISTORY_DAYS = 730;
/** Interactions are inserted in statements of at most this many rows, so progress shows. */
const INTERACTION_BATCH = 1_000_000;

/** How large the data set is, and the instant it ends at. */
export interface SegmentDataSize {
  customers: number;
  interactions: number;
  now: Date;
}

/** How long each step of the generation took, in ms. */
export type GenerationTimes = Record<'customers' | 'identities' | 'scores' | 'interactions' | 'interactionIndexes' | 'total', number>;

/** Which interactions to insert: rows `first` to `last`, and when they happened. */
interface InteractionBatch {
  first: number;
  last: number;
  /** `history`: between the customer's creation and now; `recent`: in the day before now. */
  dated: 'history' | 'recent';
  /** Id prefix, so a later batch never collides with the history. */
  prefix: string;
  /** Only inbound messages (the later batch of the refresh measurement). */
  inboundOnly?: boolean;
}

/** Fills a fresh, migrated database; progress goes to standard error. */
export async function generateSegmentData(database: Database, size: SegmentDataSize, log: (line: string) => void): Promise<GenerationTimes> {
  const sql = SqlSession.autocommit(database);
  const dialect = database.dialect === 'postgresql' ? POSTGRES : SQLITE;
  const times = {} as GenerationTimes;
  const started = performance.now();
  const step = async (name: Exclude<keyof GenerationTimes, 'total'>, statements: string[]) => {
    const at = performance.now();
    for (const statement of statements) await sql.run(statement);
    times[name] = Math.round(performance.now() - at);
    log(`  ${name}: ${(times[name] / 1000).toFixed(1)} s`);
  };
  // PostgreSQL's random() repeats from a seed per connection; SQLite's cannot be seeded.
  if (database.dialect === 'postgresql') await sql.one('select setseed(0.14)');
  await step('customers', [dialect.customers(size)]);
  await step('identities', dialect.identities(size));
  await step('scores', [dialect.scores(size)]);
  const batches: string[] = [];
  for (let first = 1; first <= size.interactions; first += INTERACTION_BATCH) {
    batches.push(dialect.interactions(size, { first, last: Math.min(size.interactions, first + INTERACTION_BATCH - 1), dated: 'history', prefix: 'i' }));
  }
  // The secondary indexes of interactions are built once after the load (their definitions read
  // back from the catalog) rather than grown by millions of random inserts each. Triggers stay.
  const indexes = await secondaryIndexes(sql);
  await step('interactions', [...indexes.map(({ name }) => `drop index "${name}"`), ...batches]);
  await step('interactionIndexes', indexes.map(({ definition }) => definition));
  times.total = Math.round(performance.now() - started);
  return times;
}

/** The indexes of `interactions` that no constraint owns (every one but the primary key), with their definitions. */
async function secondaryIndexes(sql: SqlSession): Promise<{ name: string; definition: string }[]> {
  const rows = await sql.all<{ name: string; definition: string }>(
    sql.dialect === 'postgresql'
      ? `select indexname as name, indexdef as definition from pg_indexes where schemaname = current_schema() and tablename = 'interactions'
           and indexname not in (select conname from pg_constraint where conrelid = 'interactions'::regclass)`
      : "select name, sql as definition from sqlite_master where type = 'index' and tbl_name = 'interactions' and sql is not null",
  );
  return rows;
}

/** Inserts `count` new inbound messages, dated in the last day, for customers picked at random; resolves to the ms it took. */
export async function insertRecentInteractions(database: Database, size: SegmentDataSize, count: number, prefix: string): Promise<number> {
  const dialect = database.dialect === 'postgresql' ? POSTGRES : SQLITE;
  const at = performance.now();
  await SqlSession.autocommit(database).run(dialect.interactions(size, { first: 1, last: count, dated: 'recent', prefix, inboundOnly: true }));
  return Math.round(performance.now() - at);
}

/** The customers of the interactions {@link insertRecentInteractions} wrote with `count` and `prefix` (their ids are derived from both). */
export async function customersOfRecentInteractions(database: Database, count: number, prefix: string): Promise<string[]> {
  const statement =
    database.dialect === 'postgresql'
      ? `select distinct customer_id from interactions where id in (select ${pgId(prefix, 'g')} from generate_series(1, ${count}) g)`
      : `${sequence(1, count)} select distinct customer_id from interactions where id in (select ${sqliteId(prefix, 'g')} from seq)`;
  return (await SqlSession.autocommit(database).all<{ customer_id: string }>(statement)).map((row) => row.customer_id);
}

/**
 * How often {@link outboxDrained} looks. Every 200 ms made the figure a multiple of 200: a backlog
 * delivered in 30 ms read as 200 (docs/benchmarks.md, sixth pass). A count of pending events reads
 * the status index's few pending entries, so looking every 10 ms costs the server nothing it would notice.
 */
const DRAIN_POLL_MS = 10;

/**
 * Waits until no event is pending (the events a refresh staged are delivered), as the operator's
 * gauge counts them: the outbox's pending rows and the customers of event sets not yet expanded.
 * Resolves to the ms waited.
 */
export async function outboxDrained(database: Database, timeoutMs = 300_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { outboxPending } = await readDatabaseGauges(database, new Date());
    if (outboxPending === 0) return Math.round(performance.now() - started);
    if (performance.now() - started > timeoutMs) throw new Error(`The event outbox still had ${outboxPending} pending events after ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
}

interface DialectSql {
  customers(size: SegmentDataSize): string;
  identities(size: SegmentDataSize): string[];
  scores(size: SegmentDataSize): string;
  interactions(size: SegmentDataSize, batch: InteractionBatch): string;
}

/** Picks by a random number `r` in [0, 1): `[upTo, value]` pairs, the last one the rest. */
function pick(r: string, choices: [number, string][]): string {
  const cases = choices.slice(0, -1).map(([upTo, value]) => `when ${r} < ${upTo} then '${value}'`);
  return `case ${cases.join(' ')} else '${choices.at(-1)![1]}' end`;
}

const PLAN = (r: string) => pick(r, [[0.45, 'free'], [0.7, 'team'], [0.9, 'pro'], [1, 'enterprise']]);
/** Two letters each, weighted by repetition, read with substr. */
const COUNTRIES = 'USUSUSGBDEFRESITCAAUBRJP';
const COUNTRY = (r: string) => `substr('${COUNTRIES}', 1 + 2 * cast(floor(${r} * ${COUNTRIES.length / 2}) as integer), 2)`;
const EMPLOYEES = (r: string) => `cast(1 + floor(${r} * ${r} * ${r} * 9999) as integer)`;
const MESSAGE_CHANNEL = (r: string) => pick(r, [[0.35, 'email'], [0.6, 'chat'], [0.75, 'sms'], [0.92, 'whatsapp'], [1, 'phone']]);
/** Interaction kinds by a random `u`: inbound message, outbound message, purchase, note. */
const KIND = { inbound: 0.4, outbound: 0.8, purchase: 0.9 } as const;

function interactionColumns(u: string, v: string, inboundOnly: boolean): { channel: string; direction: string; type: string; purchase: string } {
  if (inboundOnly) return { channel: MESSAGE_CHANNEL(v), direction: `'INBOUND'`, type: `'message'`, purchase: 'false' };
  const purchase = `(${u} >= ${KIND.outbound} and ${u} < ${KIND.purchase})`;
  return {
    channel: `case when ${purchase} then 'shop' else ${MESSAGE_CHANNEL(v)} end`,
    direction: `case when ${u} < ${KIND.inbound} or ${purchase} then 'INBOUND' when ${u} < ${KIND.outbound} then 'OUTBOUND' else 'INTERNAL' end`,
    type: `case when ${u} < ${KIND.outbound} then 'message' when ${u} < ${KIND.purchase} then 'purchase' else 'note' end`,
    purchase,
  };
}

const INTERACTION_INSERT =
  'insert into interactions (id, customer_id, conversation_id, channel, direction, type, subject, text, occurred_at, external_id, thread_key, metadata, created_at)';

// PostgreSQL ----------------------------------------------------------------------------------

const pgId = (prefix: string, n: string) => `md5('${prefix}' || ${n})::uuid::text`;
/** A customer's creation time from its number `k` (1…customers), as a timestamptz. */
const pgCreated = (size: SegmentDataSize, k: string) =>
  pgMs(`timestamptz '${size.now.toISOString()}' - interval '${HISTORY_DAYS} days' + (${k}::float8 / ${size.customers}) * interval '${HISTORY_DAYS} days'`);
/** Times to the millisecond, as the core writes them (JavaScript dates): a finder cursor holds milliseconds. */
const pgMs = (at: string) => `date_trunc('milliseconds', ${at})`;

const POSTGRES: DialectSql = {
  customers: (size) => `insert into customers (id, display_name, attributes, created_at, updated_at)
    select ${pgId('c', 'r.g')}, 'Customer ' || r.g,
      jsonb_build_object('plan', ${PLAN('r.p')}, 'country', ${COUNTRY('r.q')}, 'employees', ${EMPLOYEES('r.e')}),
      ${pgCreated(size, 'r.g')}, ${pgCreated(size, 'r.g')}
    from (select g, random() as p, random() as q, random() as e from generate_series(1, ${size.customers}) g) r`,
  identities: (size) => [
    `insert into customer_identities (id, customer_id, kind, channel, value, created_at)
      select ${pgId('e', 'g')}, ${pgId('c', 'g')}, 'email', '', 'customer' || g || '@example.com', ${pgCreated(size, 'g')}
      from generate_series(1, ${size.customers}) g`,
    `insert into customer_identities (id, customer_id, kind, channel, value, created_at)
      select ${pgId('p', 'g')}, ${pgId('c', 'g')}, 'phone', '', '+1555' || lpad(g::text, 8, '0'), ${pgCreated(size, 'g')}
      from generate_series(1, ${size.customers}) g where random() < 0.3`,
  ],
  scores: (size) => `insert into scores (customer_id, rule, value, label, explanation, computed_at)
    select ${pgId('c', 'g')}, 'csat', floor(greatest(random(), random()) * 101), null, null, timestamptz '${size.now.toISOString()}'
    from generate_series(1, ${size.customers}) g where random() < 0.4`,
  interactions: (size, batch) => {
    const { channel, direction, type, purchase } = interactionColumns('r.u', 'r.v', batch.inboundOnly ?? false);
    const now = `timestamptz '${size.now.toISOString()}'`;
    const at = pgMs(batch.dated === 'recent' ? `${now} - random() * interval '1 day'` : `${pgCreated(size, 'k')} + random() * (${now} - ${pgCreated(size, 'k')})`);
    return `${INTERACTION_INSERT}
      select ${pgId(batch.prefix, 'r.g')}, ${pgId('c', 'r.k')}, null, ${channel}, ${direction}, ${type}, null,
        case when ${type} = 'message' then 'Message ' || r.g end, r.at, null, null,
        case when ${purchase} then jsonb_build_object('amount', round((5 + r.w * 195)::numeric, 2), 'currency', 'EUR') else '{}'::jsonb end, r.at
      from (select g, k, u, v, w, ${at} as at
            from (select g, 1 + floor(random() * ${size.customers})::int as k, random() as u, random() as v, random() as w
                  from generate_series(${batch.first}, ${batch.last}) g) s) r`;
  },
};

// SQLite --------------------------------------------------------------------------------------

/** A random number in [0, 1) from SQLite's 64-bit random(). */
const R = '((random() & 9007199254740991) / 9007199254740992.0)';
/** A uuid-shaped id for number `n`: hashed high parts, so ids land all over the index as random uuids do. */
const sqliteId = (prefix: string, n: string) =>
  `printf('%08x-%04x-4%03x-a%03x-%s%011x', (${n} * 2654435761) % 4294967296, (${n} * 40503) % 65536, (${n} * 2971) % 4096, (${n} * 1877) % 4096, '${prefix}', ${n})`;
/** Rows numbered `first` to `last`, as a recursive CTE `seq(g)`. */
const sequence = (first: number, last: number) => `with recursive seq(g) as (select ${first} union all select g + 1 from seq where g < ${last})`;
const sqliteCreated = (size: SegmentDataSize, k: string) => {
  const span = HISTORY_DAYS * DAY_MS;
  return `(${size.now.getTime() - span} + cast(${k} * ${span / size.customers} as integer))`;
};

const SQLITE: DialectSql = {
  // `materialized`: each random number is drawn once per row, however often the select reads it.
  customers: (size) => `insert into customers (id, display_name, attributes, created_at, updated_at)
    ${sequence(1, size.customers)}, r as materialized (select g, ${R} as p, ${R} as q, ${R} as e from seq)
    select ${sqliteId('c', 'g')}, 'Customer ' || g, json_object('plan', ${PLAN('p')}, 'country', ${COUNTRY('q')}, 'employees', ${EMPLOYEES('e')}),
      ${sqliteCreated(size, 'g')}, ${sqliteCreated(size, 'g')}
    from r`,
  identities: (size) => [
    `insert into customer_identities (id, customer_id, kind, channel, value, created_at)
      ${sequence(1, size.customers)}
      select ${sqliteId('e', 'g')}, ${sqliteId('c', 'g')}, 'email', '', 'customer' || g || '@example.com', ${sqliteCreated(size, 'g')} from seq`,
    `insert into customer_identities (id, customer_id, kind, channel, value, created_at)
      ${sequence(1, size.customers)}
      select ${sqliteId('p', 'g')}, ${sqliteId('c', 'g')}, 'phone', '', printf('+1555%08d', g), ${sqliteCreated(size, 'g')} from seq where ${R} < 0.3`,
  ],
  scores: (size) => `insert into scores (customer_id, rule, value, label, explanation, computed_at)
    ${sequence(1, size.customers)}
    select ${sqliteId('c', 'g')}, 'csat', cast(max(${R}, ${R}) * 101 as integer), null, null, ${size.now.getTime()} from seq where ${R} < 0.4`,
  interactions: (size, batch) => {
    const { channel, direction, type, purchase } = interactionColumns('u', 'v', batch.inboundOnly ?? false);
    const now = size.now.getTime();
    const at = batch.dated === 'recent' ? `${now} - cast(t * ${DAY_MS} as integer)` : `${sqliteCreated(size, 'k')} + cast(t * (${now} - ${sqliteCreated(size, 'k')}) as integer)`;
    return `${INTERACTION_INSERT}
      ${sequence(batch.first, batch.last)},
      r as materialized (select g, 1 + cast(${R} * ${size.customers} as integer) as k, ${R} as u, ${R} as v, ${R} as w, ${R} as t from seq)
      select ${sqliteId(batch.prefix, 'g')}, ${sqliteId('c', 'k')}, null, ${channel}, ${direction}, ${type}, null,
        case when ${type} = 'message' then 'Message ' || g end, ${at}, null, null,
        case when ${purchase} then json_object('amount', round(5 + w * 195, 2), 'currency', 'EUR') else '{}' end, ${at}
      from r`;
  },
};
