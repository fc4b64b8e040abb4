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
