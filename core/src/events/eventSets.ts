import type { Database } from '../persistence/openDatabase.js';
import type { Dialect } from '../persistence/SqlMigration.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { OUTBOX_INSERT_COLUMNS } from './outboxInsert.js';

/**
 * Event sets (migration 0021): a set-based writer's events as one row, `type` and `fields` once
 * and the customers as a list, standing for one event `{ customerId, ...fields }` per customer.
 *
 * Why: a segment's first refresh at a million customers moves thousands of customers, and one
 * outbox row per customer, each with four index entries, cost a tenth of a definition's time in
 * its own transaction (docs/benchmarks.md). The set commits with the writer's change, so nothing
 * is announced that did not commit and nothing committed is lost in a crash; the dispatcher then
 * expands the sets into ordinary outbox rows ({@link expandEventSets}) before it claims, one
 * expansion at a time and in `seq` order, so a segment's `segment.entered` and a later
 * `segment.left` keep their order.
 */

/** Sets expanded per transaction; a set holds any number of customers. */
export const SETS_PER_EXPANSION = 100;

/**
 * The PostgreSQL advisory lock that lets one instance expand at a time (the sets' order). Advisory
 * locks are the database's, not a schema's: the key names the schema, so deployments in two
 * schemas of one database (or tests side by side) do not wait for each other.
 */
export const EXPANSION_LOCK = "hashtext('rapport_event_sets:' || current_schema())";

type Statement = { sql: string; params: unknown[] };

/**
 * PostgreSQL: `moved` (a statement ending in `returning customer_id`) extended to write one set of
 * the customers it returns, in the same statement (a data-modifying CTE), so the customers never
 * travel to Node; it answers one row `{ n }`, how many it moved. No set is written when it moved
 * nobody.
 */
export function eventSetForEach(moved: Statement, type: string, fields: Readonly<Record<string, string>>, at: unknown): Statement {
  return {
    sql: `with moved as (${moved.sql}),
          staged as (
            insert into event_sets (type, fields, customer_ids, occurred_at)
              select cast(? as text), cast(? as jsonb), array_agg(cast(m.customer_id as text) order by m.customer_id), cast(? as timestamptz)
                from moved m having count(*) > 0)
          select count(*) as n from moved`,
    params: [...moved.params, type, JSON.stringify(fields), at],
  };
}

/**
 * SQLite, which cannot chain writes: one set of the rows `selected` gives (a `customer_id`
 * column), in its order, by one `insert … select` after the writer's own statement. No set is
 * written when it selects nothing.
 */
export function eventSetOfSelected(selected: Statement, type: string, fields: Readonly<Record<string, string>>, at: unknown): Statement {
  return {
    sql: `insert into event_sets (type, fields, customer_ids, occurred_at)
            select type, fields, ids, at from (
              select ? as type, ? as fields, json_group_array(m.customer_id) as ids, ? as at, count(*) as n from (${selected.sql}) m)
             where n > 0`,
    params: [type, JSON.stringify(fields), at, ...selected.params],
  };
}

/** One set of the customers given (a writer that already has them in Node); undefined for none. */
export function eventSetOf(dialect: Dialect, customerIds: readonly string[], type: string, fields: Readonly<Record<string, string>>, at: unknown): Statement | undefined {
  if (customerIds.length === 0) return undefined;
  const values = dialect === 'postgresql' ? '(cast(? as text), cast(? as jsonb), cast(? as text[]), cast(? as timestamptz))' : '(?, ?, ?, ?)';
  return {
    sql: `insert into event_sets (type, fields, customer_ids, occurred_at) values ${values}`,
    params: [type, JSON.stringify(fields), dialect === 'postgresql' ? [...customerIds] : JSON.stringify(customerIds), at],
  };
}

/** What one expansion did; `busy` when another instance was expanding (PostgreSQL). */
export interface Expansion {
  sets: number;
  events: number;
  busy: boolean;
}

/**
 * Expands the oldest sets (up to {@link SETS_PER_EXPANSION}) into outbox rows and deletes them, in
 * one transaction: a crash leaves both or neither, so each event is written once. The rows
 * follow the sets' order and each set's own, and get ids that share one ordered prefix
 * (`idPrefix`, the first 19 characters of an ordered UUID made now), so they sort after every
 * earlier event's. A customer that no longer exists (erased since) gets no event.
 *
 * One instance expands at a time: SQLite's write lock, or PostgreSQL's advisory lock, which an
 * instance that finds it taken does not wait for (`busy`: the holder, or its next pass, expands).
 */
export async function expandEventSets(database: Database, idPrefix: string): Promise<Expansion> {
  return SqlSession.transaction(database, (sql) => (sql.dialect === 'postgresql' ? expandOnPostgres(sql, idPrefix) : expandOnSqlite(sql, idPrefix)));
}

// An id's random half hashes the row's place in the expansion, unique in it: PostgreSQL may
// memoize the lateral for equal inputs, and a customer can be in two sets (one segment left,
// another entered), which once gave two events one id.
async function expandOnPostgres(sql: SqlSession, idPrefix: string): Promise<Expansion> {
  const lock = await sql.one<{ locked: boolean }>(`select pg_try_advisory_xact_lock(${EXPANSION_LOCK}) as locked`);
  if (!lock?.locked) return { sets: 0, events: 0, busy: true };
  const row = await sql.one<{ sets: unknown; events: unknown }>(
    `with taken as (
       delete from event_sets where seq in (select seq from event_sets order by seq limit ?)
       returning seq, type, fields, customer_ids, occurred_at),
     expanded as (
       insert into event_outbox (${OUTBOX_INSERT_COLUMNS})
         select cast(? as text) || '8' || substr(r.hex, 1, 3) || '-' || substr(r.hex, 4, 12), t.type,
                jsonb_build_object('customerId', e.customer_id) || t.fields, e.customer_id, t.occurred_at, t.occurred_at
           from taken t cross join lateral unnest(t.customer_ids) with ordinality as e(customer_id, n)
                cross join lateral (select md5(random()::text || t.seq || '.' || e.n) as hex) r
          where exists (select 1 from customers c where c.id = e.customer_id)
          order by t.seq, e.n
         returning 1)
     select (select count(*) from taken) as sets, (select count(*) from expanded) as events`,
    [SETS_PER_EXPANSION, idPrefix],
  );
  return { sets: Number(row?.sets ?? 0), events: Number(row?.events ?? 0), busy: false };
}

async function expandOnSqlite(sql: SqlSession, idPrefix: string): Promise<Expansion> {
  const range = await sql.one<{ last: unknown; sets: unknown }>('select max(seq) as last, count(*) as sets from (select seq from event_sets order by seq limit ?)', [SETS_PER_EXPANSION]);
  const sets = Number(range?.sets ?? 0);
  if (sets === 0) return { sets: 0, events: 0, busy: false };
  const last = Number(range!.last);
  await sql.run(
    `insert into event_outbox (${OUTBOX_INSERT_COLUMNS})
       select ? || '8' || substr(lower(hex(randomblob(2))), 1, 3) || '-' || lower(hex(randomblob(6))), s.type,
              json_patch(json_object('customerId', e.value), s.fields), e.value, s.occurred_at, s.occurred_at
         from event_sets s join json_each(s.customer_ids) e
        where s.seq <= ? and exists (select 1 from customers c where c.id = e.value)
        order by s.seq, e.key`,
    [idPrefix, last],
  );
  const events = Number((await sql.one<{ n: unknown }>('select changes() as n'))?.n ?? 0);
  await sql.run('delete from event_sets where seq <= ?', [last]);
  return { sets, events, busy: false };
}

/**
 * Takes erased customers out of the sets not yet expanded, in the erasure's transaction: their
 * ids must not stay in the database, even for the moment until the next expansion (which would
 * skip them anyway, their rows being gone).
 */
export async function eraseFromEventSets(sql: SqlSession, customerIds: readonly string[]): Promise<void> {
  if (sql.dialect === 'postgresql') {
    for (const id of customerIds) await sql.run('update event_sets set customer_ids = array_remove(customer_ids, cast(? as text)) where cast(? as text) = any(customer_ids)', [id, id]);
    return;
  }
  const list = SqlSession.placeholders(customerIds);
  await sql.run(
    `update event_sets set customer_ids = (select json_group_array(e.value) from json_each(event_sets.customer_ids) e where e.value not in (${list}))
      where exists (select 1 from json_each(event_sets.customer_ids) e where e.value in (${list}))`,
    [...customerIds, ...customerIds],
  );
}
