import type { Dialect } from '../persistence/SqlMigration.js';

/**
 * The columns an event is written with, in order: its id, type, payload, customer (for delivery in
 * order per customer), when it occurred and when it is first due. Writers that build their own
 * insert (the PostgreSQL ingest path) use the same list.
 */
export const OUTBOX_INSERT_COLUMNS = 'id, type, payload, customer_id, occurred_at, available_at';

/** One outbox row to write: the payload as an object, serialized here. */
export interface OutboxRow {
  id: string;
  type: string;
  payload: object;
  customerId: string | null;
}

/**
 * From this many rows on, the rows travel as arrays instead of a `values` list. A list costs six
 * parameters a row, which PostgreSQL parses and binds one by one (a segment's first refresh of
 * 4,731 members: about 400 ms for the list, 180 ms as arrays) and which meets PostgreSQL's limit
 * of 65,535 parameters at about 11,000 rows; a handful of rows is cheapest as a list.
 */
export const ARRAY_INSERT_FROM = 16;

/**
 * The insert of outbox rows, in the order given (their `seq` follows it), with the occurrence
 * time given as a value of the dialect (`SqlSession.date`): every row is due at once.
 */
export function outboxInsert(dialect: Dialect, rows: readonly OutboxRow[], at: unknown): { sql: string; params: unknown[] } {
  if (rows.length < ARRAY_INSERT_FROM) {
    const params = rows.flatMap((row) => [row.id, row.type, JSON.stringify(row.payload), row.customerId, at, at]);
    return { sql: `insert into event_outbox (${OUTBOX_INSERT_COLUMNS}) values ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`, params };
  }
  if (dialect === 'postgresql') {
    return {
      sql: `insert into event_outbox (${OUTBOX_INSERT_COLUMNS})
              select r.id, r.type, cast(r.payload as jsonb), r.customer_id, cast(? as timestamptz), cast(? as timestamptz)
                from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[])) with ordinality as r(id, type, payload, customer_id, n)
               order by r.n`,
      params: [at, at, rows.map((row) => row.id), rows.map((row) => row.type), rows.map((row) => JSON.stringify(row.payload)), rows.map((row) => row.customerId)],
    };
  }
  // One JSON array of [id, type, payload, customer] rows; json_each walks it in order.
  return {
    sql: `insert into event_outbox (${OUTBOX_INSERT_COLUMNS})
            select json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]'), ?, ?
              from json_each(?) j order by j.key`,
    params: [at, at, JSON.stringify(rows.map((row) => [row.id, row.type, row.payload, row.customerId]))],
  };
}

/**
 * PostgreSQL: `moved` (a statement ending in `returning customer_id`) extended to write one
 * event of `type` per customer it returns, payload `{ customerId, ...fields }`, in the same
 * statement (a data-modifying CTE), so the customers never travel to Node and back; it answers
 * one row `{ n }`, how many it moved. (A segment's first refresh at a million customers moves
 * thousands: staging 4,700 events as arrays from Node took 155–190 ms of it; the insert of as many
 * rows alone takes 105–180 ms in psql on the same machine.)
 *
 * The ids share the time-and-counter half of one ordered UUID (`idPrefix`, its first 19
 * characters), so they sort after every earlier event's and keep the `id` index growing at its
 * end; the other half is random.
 */
export function outboxInsertForEach(moved: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>, at: unknown, idPrefix: string): { sql: string; params: unknown[] } {
  const entries = Object.entries(fields);
  const payload = `jsonb_build_object('customerId', m.customer_id${entries.map(() => ', cast(? as text), cast(? as text)').join('')})`;
  return {
    sql: `with moved as (${moved.sql}),
          staged as (
            insert into event_outbox (${OUTBOX_INSERT_COLUMNS})
              select cast(? as text) || '8' || substr(r.hex, 1, 3) || '-' || substr(r.hex, 4, 12), cast(? as text), ${payload}, m.customer_id,
                     cast(? as timestamptz), cast(? as timestamptz)
                from moved m cross join lateral (select md5(random()::text || m.customer_id) as hex) r
               order by m.customer_id)
          select count(*) as n from moved`,
    params: [...moved.params, idPrefix, type, ...entries.flat(), at, at],
  };
}

/**
 * SQLite: one event of `type` per row `selected` gives (a `customer_id` column), payload
 * `{ customerId, ...fields }`, written by one `insert … select` so the customers never travel to
 * Node and back. SQLite has no data-modifying CTE, so the writer runs its own statement first and
 * selects what it moved (a segment's new memberships by rowid, segments/membershipMoves.ts).
 * Ids are formed as {@link outboxInsertForEach}'s.
 */
export function outboxInsertSelected(selected: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>, at: unknown, idPrefix: string): { sql: string; params: unknown[] } {
  const entries = Object.entries(fields);
  const payload = `json_object('customerId', m.customer_id${entries.map(() => ', ?, ?').join('')})`;
  return {
    sql: `insert into event_outbox (${OUTBOX_INSERT_COLUMNS})
            select ? || '8' || substr(lower(hex(randomblob(2))), 1, 3) || '-' || lower(hex(randomblob(6))), ?, ${payload}, m.customer_id, ?, ?
              from (${selected.sql}) m`,
    params: [idPrefix, type, ...entries.flat(), at, at, ...selected.params],
  };
}
