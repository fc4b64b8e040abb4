/**
 * The segments benchmark's hand-written SQL: the insert into memberships an engineer would write
 * by hand for the benchmark's three-condition segment. The bench process runs it on a connection
 * of its own (bench/lib/segmentQueries.ts), and the bare graphql-yoga server runs it behind a
 * mutation (bench/lib/bareYogaBaseline.ts), so that a definition is measured both against the SQL
 * alone and against a hand-written server that does nothing else.
 */
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';

/** Memberships written by hand, apart from the server's `rules` model. */
export const BENCH_MODEL = 'bench';

/** "Quiet for 60 days", the segment's recency condition. */
export const QUIET_DAYS = 60;

/**
 * The segment's insert into memberships as an engineer would write it by hand for this schema:
 * the score as a join on its primary key, the plan by JSON containment on PostgreSQL (which its
 * GIN index serves) or json_extract on SQLite, and "quiet for 60 days" as `not exists` on the
 * customer's inbound interactions after the cutoff (the partial index of migration 0012), or on
 * the activity summary's last inbound time when that table exists (migration 0014). Each form
 * that the schema allows is measured; the faster is the baseline. Parameters: {@link handWrittenParams}.
 */
export function handWrittenForms(database: Database, hasActivity: boolean): Record<string, string> {
  const plan = database.dialect === 'postgresql' ? `c.attributes @> '{"plan": "pro"}'` : `json_extract(c.attributes, '$.plan') = 'pro'`;
  const insert = (quiet: string) => `insert into segment_memberships (customer_id, model, segment, since)
    select c.id, '${BENCH_MODEL}', ?, ? from customers c
      join scores s on s.customer_id = c.id and s.rule = 'csat'
     where ${plan} and s.value < 40 and not exists (${quiet})`;
  const forms: Record<string, string> = {
    interactions: insert(`select 1 from interactions i where i.customer_id = c.id and i.direction = 'INBOUND' and i.occurred_at > ?`),
  };
  if (hasActivity) forms.activity = insert('select 1 from customer_activity a where a.customer_id = c.id and a.last_inbound_at > ?');
  return forms;
}

/** The parameters of a {@link handWrittenForms} insert into segment `segment` as of `now`. */
export function handWrittenParams(sql: SqlSession, segment: string, now: Date): unknown[] {
  return [segment, sql.date(now), sql.date(new Date(now.getTime() - QUIET_DAYS * 86_400_000))];
}

/** Whether the activity summary of migration 0014 is in the schema. */
export async function hasActivitySummary(database: Database): Promise<boolean> {
  const sql = SqlSession.autocommit(database);
  try {
    await sql.one('select 1 from customer_activity limit 1');
    return true;
  } catch {
    return false;
  }
}

/** How many members segment `segment` has in the hand-written model. */
export async function handWrittenMembers(sql: SqlSession, segment: string): Promise<number> {
  const row = await sql.one<{ n: unknown }>('select count(*) as n from segment_memberships where model = ? and segment = ?', [BENCH_MODEL, segment]);
  return Number(row?.n ?? 0);
}
