/**
 * What the soak benchmark (bench/soak.ts) reads from the database directly: how many rows each
 * growing table holds, and whether the outbox has delivered what a fill wrote.
 */
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';

/** Tables that grow with traffic, and the states worth telling apart. */
const COUNTS = {
  customers: 'select count(*) as n from customers',
  interactions: 'select count(*) as n from interactions',
  conversations: 'select count(*) as n from conversations',
  outboxPending: "select count(*) as n from event_outbox where status = 'pending'",
  outboxDelivered: "select count(*) as n from event_outbox where status = 'delivered'",
  workflowRuns: 'select count(*) as n from workflow_runs',
  workflowSteps: 'select count(*) as n from workflow_steps',
  auditEvents: 'select count(*) as n from audit_events',
  auditPending: 'select count(*) as n from audit_pending',
} as const;

export type TableCounts = Record<keyof typeof COUNTS, number>;

export async function tableCounts(database: Database): Promise<TableCounts> {
  const sql = SqlSession.autocommit(database);
  const entries = await Promise.all(
    Object.entries(COUNTS).map(async ([name, query]) => [name, Number((await sql.one<{ n: unknown }>(query))?.n ?? 0)] as const),
  );
  return Object.fromEntries(entries) as TableCounts;
}

export async function interactionCount(database: Database): Promise<number> {
  return Number((await SqlSession.autocommit(database).one<{ n: unknown }>(COUNTS.interactions))?.n ?? 0);
}

/**
 * Waits until the outbox has no pending event (the fill's events delivered, so a measurement
 * that follows is not competing with a backlog), or `timeoutMs` passes; resolves with how long
 * it waited and what was still pending.
 */
export async function drainOutbox(database: Database, timeoutMs: number): Promise<{ waitedMs: number; stillPending: number }> {
  const sql = SqlSession.autocommit(database);
  const started = Date.now();
  for (;;) {
    const pending = Number((await sql.one<{ n: unknown }>(COUNTS.outboxPending))?.n ?? 0);
    if (pending === 0 || Date.now() - started >= timeoutMs) return { waitedMs: Date.now() - started, stillPending: pending };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
