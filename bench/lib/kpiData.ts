/**
 * The data of the KPI benchmark (bench/kpis.ts), generated set-based in the database itself
 * (`generate_series` on PostgreSQL, a recursive CTE on SQLite), through the real schema and
 * indexes: a year of conversations, one customer each, opened at random over the year before
 * `now`, on five channels; 20 agents, 70% of the conversations assigned.
 *
 * - 90% have a first customer message within 10 minutes of opening; 80% of those were answered,
 *   after up to two days (most much sooner: the square of a uniform draw);
 * - 70% were resolved up to four days after opening, unless that is still to come.
 */
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const AGENTS = 20;

/** How many conversations, and the instant the year ends at. */
export interface KpiDataSize {
  conversations: number;
  now: Date;
}

/** Fills a fresh, migrated database; resolves to the ms each step took. */
export async function generateKpiData(database: Database, size: KpiDataSize, log: (line: string) => void): Promise<Record<string, number>> {
  const sql = SqlSession.autocommit(database);
  const postgres = database.dialect === 'postgresql';
  const times: Record<string, number> = {};
  const step = async (name: string, statement: string) => {
    const at = performance.now();
    await sql.run(statement);
    times[name] = Math.round(performance.now() - at);
    log(`  ${name}: ${(times[name] / 1000).toFixed(1)} s`);
  };
  if (postgres) await sql.one('select setseed(0.27)');
  const now = size.now.getTime();
  const series = (n: number) => (postgres ? `generate_series(1, ${n}) g` : `(with recursive s(g) as (select 1 union all select g + 1 from s where g < ${n}) select g from s)`);
  const id = (prefix: string, n: string) => (postgres ? `md5('${prefix}' || ${n})::uuid::text` : `'${prefix}' || ${n}`);
  // Epoch ms to the column's type: SQLite stores ms, PostgreSQL timestamptz.
  const at = (ms: string) => (postgres ? `to_timestamp((${ms}) / 1000.0)` : `cast(${ms} as integer)`);
  const random = postgres ? 'random()' : '((random() / 18446744073709551616.0) + 0.5)';

  await step('agents', `insert into users (id, email, display_name, role, password_hash, created_at)
    select ${id('u', 'g')}, 'agent' || g || '@example.com', 'Agent ' || g, 'AGENT', 'x', ${at(String(now - 400 * DAY_MS))} from ${series(AGENTS)}`);
  await step('customers', `insert into customers (id, display_name, attributes, created_at, updated_at)
    select ${id('c', 'g')}, 'Customer ' || g, '{}', ${at(String(now - 400 * DAY_MS))}, ${at(String(now - 400 * DAY_MS))} from ${series(size.conversations)}`);
  // Draws per row first, then the instants from them, so each is drawn once.
  const draws = `select g, ${now - 365 * DAY_MS} + floor(${random} * ${365 * DAY_MS}) as opened, ${random} as a, ${random} as b, ${random} as c, ${random} as d,
                        ${random} as e, ${random} as f, ${random} as h from ${series(size.conversations)}`;
  const inbound = `case when r.a < 0.9 then r.opened + floor(r.b * ${10 * 60_000}) end`;
  const response = `case when r.a < 0.9 and r.c < 0.8 then r.opened + floor(r.b * ${10 * 60_000}) + floor(r.d * r.d * ${48 * HOUR_MS}) end`;
  const resolvedMs = `r.opened + floor(r.e * ${96 * HOUR_MS})`;
  const resolved = `case when r.f < 0.7 and ${resolvedMs} < ${now} then ${resolvedMs} end`;
  const channel = `case when r.h < 0.35 then 'email' when r.h < 0.6 then 'chat' when r.h < 0.75 then 'sms' when r.h < 0.92 then 'whatsapp' else 'phone' end`;
  const assignee = `case when r.f < 0.7 or r.h > 0.3 then ${id('u', `(1 + cast(floor(r.d * ${AGENTS}) as integer))`)} end`;
  const nullable = (ms: string) => `case when (${ms}) is null then null else ${at(ms)} end`;
  await step(
    'conversations',
    // Materialized, so that each draw is made once per row: SQLite would otherwise evaluate
    // random() again at every reference to a column of a flattened subquery.
    `with r as materialized (${draws})
     insert into conversations (id, customer_id, status, thread_key, opened_channel, channels, opened_at, first_inbound_at, last_activity_at, first_response_at, resolved_at, assignee_id)
     select ${id('v', 'r.g')}, ${id('c', 'r.g')}, case when (${resolved}) is null then 'OPEN' else 'RESOLVED' end, null, ${channel}, ${postgres ? `jsonb_build_array(${channel})` : `'["' || ${channel} || '"]'`},
            ${at('r.opened')}, ${nullable(inbound)}, ${at('r.opened')}, ${nullable(response)}, ${nullable(resolved)}, ${assignee}
       from r`,
  );
  if (postgres) await sql.run('analyze conversations');
  else await sql.run('analyze');
  return times;
}
