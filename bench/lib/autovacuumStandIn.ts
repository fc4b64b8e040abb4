/**
 * What PostgreSQL's autovacuum would do, for a server where it is off. The machines these
 * benchmarks run on have `autovacuum = off`; no production PostgreSQL should. Without it no table
 * is ever vacuumed or analyzed: the queue tables' indexes fill with dead entries that every claim
 * walks, and the planner, with no statistics, picks indexes that read a whole segment's members
 * for one customer's (seen: 46,000 index entries per lookup at 215,000 interactions). A soak run
 * there would measure the server's missing maintenance, not Rapport.
 *
 * So, when the server's autovacuum is off, this loop applies autovacuum's own rules to the bench
 * schema's tables every few seconds: VACUUM (ANALYZE) a table once its dead rows pass
 * `threshold + scale factor × rows` (the table's own `autovacuum_vacuum_*` options if it has them,
 * as migration 0009 sets on the queue tables, else the server's), and ANALYZE it once its changes
 * since the last analyze pass the analyze threshold. What it did is reported in the JSON.
 */
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';

export interface AutovacuumReport {
  /** The server's `autovacuum` setting. */
  server: string;
  /** Whether this stand-in ran (only when the server's autovacuum is off). */
  standIn: boolean;
  vacuums: number;
  analyzes: number;
  /** Time spent in VACUUM and ANALYZE, in ms. */
  busyMs: number;
}

interface TableState {
  schema: string;
  table: string;
  rows: number;
  dead: number;
  modifiedSinceAnalyze: number;
  options: string[] | null;
}

const CHECK_EVERY_MS = 5_000;

/** Starts the stand-in on `database` (PostgreSQL only); `stop()` ends it and returns the report. */
export async function startAutovacuumStandIn(database: Database): Promise<{ stop(): Promise<AutovacuumReport> }> {
  const sql = SqlSession.autocommit(database);
  const setting = async (name: string) => String((await sql.one<{ setting: string }>('select setting from pg_settings where name = ?', [name]))?.setting);
  const report: AutovacuumReport = { server: await setting('autovacuum'), standIn: false, vacuums: 0, analyzes: 0, busyMs: 0 };
  if (report.server !== 'off') return { stop: async () => report };
  report.standIn = true;
  const defaults = {
    vacuumThreshold: Number(await setting('autovacuum_vacuum_threshold')),
    vacuumScale: Number(await setting('autovacuum_vacuum_scale_factor')),
    analyzeThreshold: Number(await setting('autovacuum_analyze_threshold')),
    analyzeScale: Number(await setting('autovacuum_analyze_scale_factor')),
  };
  let stopped = false;
  const pass = async () => {
    const tables = await sql.all<TableState>(
      'select s.schemaname as schema, s.relname as "table", s.n_live_tup as rows, s.n_dead_tup as dead, s.n_mod_since_analyze as "modifiedSinceAnalyze", c.reloptions as options ' +
        'from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.schemaname = current_schema()',
    );
    for (const table of tables) {
      if (stopped) return;
      const option = (name: string, fallback: number) => {
        const found = table.options?.find((entry) => entry.startsWith(`${name}=`));
        return found === undefined ? fallback : Number(found.slice(name.length + 1));
      };
      const rows = Number(table.rows);
      const vacuumAt = option('autovacuum_vacuum_threshold', defaults.vacuumThreshold) + option('autovacuum_vacuum_scale_factor', defaults.vacuumScale) * rows;
      const analyzeAt = option('autovacuum_analyze_threshold', defaults.analyzeThreshold) + option('autovacuum_analyze_scale_factor', defaults.analyzeScale) * rows;
      const vacuum = Number(table.dead) > vacuumAt;
      const analyze = Number(table.modifiedSinceAnalyze) > analyzeAt;
      if (!vacuum && !analyze) continue;
      const started = performance.now();
      const name = `"${table.schema}"."${table.table}"`;
      await sql.run(vacuum ? `vacuum (analyze) ${name}` : `analyze ${name}`);
      report.busyMs += performance.now() - started;
      if (vacuum) report.vacuums++;
      report.analyzes++;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await pass();
      await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      report.busyMs = Math.round(report.busyMs);
      return report;
    },
  };
}
