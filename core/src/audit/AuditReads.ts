import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import type { AuditEventRow, AuditFilter } from './AuditLog.js';
import { COLUMNS, readAuditRow } from './auditRows.js';
import { keysetBounds, type KeysetPage } from '../util/KeysetPage.js';

/** The columns of a sealed event, and the same of a pending one (no sequence number or hash yet). */
const SEALED = `select ${COLUMNS.join(', ')}, redacted_at, seq, hash from audit_events`;
const PENDING = `select ${COLUMNS.join(', ')}, redacted_at, cast(null as bigint) as seq, cast(null as text) as hash from audit_pending`;

/**
 * Reading the log for the API: newest first, filtered, by keyset pages. Events still waiting for
 * the sealer are read too, so a write's event shows at once, not a moment later.
 */
export class AuditReads {
  constructor(private readonly database: Database) {}

  async list(filter: AuditFilter, limit: number, page: KeysetPage = {}): Promise<AuditEventRow[]> {
    const sql = SqlSession.autocommit(this.database);
    const { conditions, params } = filterConditions(sql, filter);
    const bounds = keysetBounds('at', true, page);
    if (bounds.condition) {
      conditions.push(bounds.condition);
      params.push(...bounds.cursorParams(sql.date(page.cursor!.at)));
    }
    const where = conditions.join(' and ');
    // The sealed events' own page first, so the database seeks in their index instead of sorting them all.
    const rows = await sql.all(
      `select * from (
         select * from (${SEALED} where ${where} order by ${bounds.order} limit ?) sealed
         union all ${PENDING} where ${where}
       ) e order by ${bounds.order} limit ?`,
      [...params, limit, ...params, limit],
    );
    return rows.map(readAuditRow);
  }

  async count(filter: AuditFilter): Promise<number> {
    const sql = SqlSession.autocommit(this.database);
    const { conditions, params } = filterConditions(sql, filter);
    const where = conditions.join(' and ');
    const row = await sql.one<{ n: unknown }>(
      `select (select count(*) from audit_events where ${where}) + (select count(*) from audit_pending where ${where}) as n`,
      [...params, ...params],
    );
    return Number(row?.n ?? 0);
  }

  async get(id: string): Promise<AuditEventRow | undefined> {
    const row = await SqlSession.autocommit(this.database).one(`${SEALED} where id = ? union all ${PENDING} where id = ?`, [id, id]);
    return row ? readAuditRow(row) : undefined;
  }
}

function filterConditions(sql: SqlSession, filter: AuditFilter): { conditions: string[]; params: unknown[] } {
  const conditions = ['1 = 1'];
  const params: unknown[] = [];
  for (const [condition, value] of [
    ['action = ?', filter.action],
    ['actor_id = ?', filter.actorId],
    ['target_id = ?', filter.targetId],
    ['at >= ?', filter.from && sql.date(filter.from)],
    ['at < ?', filter.to && sql.date(filter.to)],
  ] as const) {
    if (value === undefined) continue;
    conditions.push(condition);
    params.push(value);
  }
  return { conditions, params };
}
