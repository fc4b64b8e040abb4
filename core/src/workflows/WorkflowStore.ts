import { inject, injectable } from 'inversify';
import { AuditLog, type AuditEntry } from '../audit/AuditLog.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { keysetBounds, type KeysetPage } from '../util/KeysetPage.js';
import { filterConditions, type RunFilter, type RunStatus } from './runFilter.js';

export type { RunStatus } from './runFilter.js';

/** The statuses a step goes through; `RETRYING` is a step whose last attempt failed and that will be tried again. */
export type StepStatus = 'COMPLETED' | 'FAILED' | 'RETRYING' | 'SLEEPING' | 'WAITING';

export type StepKind = 'step' | 'sleep' | 'wait' | 'send';

export interface RunRow {
  id: string;
  workflow: string;
  plugin: string;
  customerId: string | null;
  status: RunStatus;
  input: Record<string, unknown>;
  triggerEventId: string | null;
  wakeAt: Date | null;
  waitingEvent: string | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  updatedAt: Date;
}

export interface StepRow {
  runId: string;
  name: string;
  kind: StepKind;
  position: number;
  status: StepStatus;
  attempts: number;
  result: unknown;
  error: string | null;
  dueAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** What a run becomes after an execution: its status, when it is due again, and what it waits for. */
export interface RunOutcome {
  status: RunStatus;
  wakeAt: Date | null;
  waitingEvent: string | null;
  error: string | null;
  finishedAt: Date | null;
}

/**
 * The SQL of workflow runs, steps and inboxes (migration 0004). Starting, cancelling and retrying
 * a run are audited (`workflowRun.start`, `.cancel`, `.retry`) in their own transaction; steps
 * and leases are the engine's bookkeeping, not changes anyone made.
 */
@injectable()
export class WorkflowStore {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  private sql(): SqlSession {
    return SqlSession.autocommit(this.database);
  }

  /**
   * Inserts a run that starts at once. With a trigger event id, a second insert for the same
   * workflow and event does nothing (an event delivered twice starts one run); returns whether
   * the run was inserted.
   */
  async insertRun(run: Omit<RunRow, 'status' | 'wakeAt' | 'waitingEvent' | 'error' | 'finishedAt' | 'updatedAt'>): Promise<boolean> {
    return SqlSession.transaction(this.database, async (sql) => {
      const rows = await sql.all(
        `insert into workflow_runs (id, workflow, plugin, customer_id, status, input, trigger_event_id, wake_at, started_at, updated_at)
         values (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?) on conflict do nothing returning id`,
        [run.id, run.workflow, run.plugin, run.customerId, sql.json(run.input), run.triggerEventId, sql.date(run.startedAt), sql.date(run.startedAt), sql.date(run.startedAt)],
      );
      if (rows.length === 0) return false;
      await this.audit.appendIn(sql, [
        runAudit('workflowRun.start', run.id, run.customerId, {
          workflow: { before: null, after: run.workflow },
          status: { before: null, after: 'RUNNING' },
          ...(run.triggerEventId && { triggerEventId: { before: null, after: run.triggerEventId } }),
        }),
      ]);
      return true;
    });
  }

  async getRun(id: string): Promise<RunRow | undefined> {
    const row = await this.sql().one('select * from workflow_runs where id = ?', [id]);
    return row ? readRun(row) : undefined;
  }

  /**
   * Claims up to `limit` runs due at `now` (earliest first) and leases them to `token` until
   * `leaseUntil`.
   */
  async claimDue(now: Date, leaseUntil: Date, limit: number, token: string): Promise<RunRow[]> {
    const sql = this.sql();
    const skipLocked = sql.dialect === 'postgresql' ? ' for update skip locked' : '';
    const rows = await sql.all(
      `update workflow_runs set lease_until = ?, lease_token = ? where id in (
         select id from workflow_runs
          where status in ('RUNNING', 'SLEEPING', 'WAITING') and wake_at <= ? and (lease_until is null or lease_until < ?)
          order by wake_at limit ?${skipLocked})
       returning *`,
      [sql.date(leaseUntil), token, sql.date(now), sql.date(now), limit],
    );
    return rows.map(readRun).sort((a, b) => a.wakeAt!.getTime() - b.wakeAt!.getTime());
  }

  /** Extends the leases `token` still holds; returns the ids it still holds. */
  async renewLeases(runIds: readonly string[], token: string, leaseUntil: Date): Promise<Set<string>> {
    if (runIds.length === 0) return new Set();
    const sql = this.sql();
    const rows = await sql.all<{ id: string }>(
      `update workflow_runs set lease_until = ? where lease_token = ? and id in (${SqlSession.placeholders(runIds)}) returning id`,
      [sql.date(leaseUntil), token, ...runIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Records how an execution ended and gives the lease up; returns false if the execution had
   * lost its lease (or the run was cancelled meanwhile), in which case nothing is written.
   *
   * A run saved as WAITING is due at once if its inbox holds an event: one delivered after its
   * wait looked (see WorkflowWaits). The run's row is locked first (PostgreSQL), so a delivery
   * whose inbox row this save does not see commits after it and makes the WAITING run due itself.
   */
  async saveOutcome(runId: string, token: string, outcome: RunOutcome, now: Date): Promise<boolean> {
    const save = async (sql: SqlSession) => {
      // A parameter in a case is text to PostgreSQL unless cast.
      const cast = sql.dialect === 'postgresql' ? 'cast(? as timestamptz)' : '?';
      const wakeAt = outcome.wakeAt && sql.date(outcome.wakeAt);
      const rows = await sql.all(
        `update workflow_runs set status = ?, wake_at = ${outcome.status === 'WAITING' ? `case when exists (select 1 from workflow_inbox where run_id = ?) then ${cast} else ${cast} end` : '?'},
           waiting_event = ?, error = ?, finished_at = ?, lease_until = null, lease_token = null, updated_at = ?
          where id = ? and lease_token = ? and status not in ('CANCELLED') returning id`,
        [
          ...[outcome.status, ...(outcome.status === 'WAITING' ? [runId, sql.date(now), wakeAt] : [wakeAt]), outcome.waitingEvent, outcome.error],
          ...[outcome.finishedAt && sql.date(outcome.finishedAt), sql.date(now), runId, token],
        ],
      );
      return rows.length > 0;
    };
    if (outcome.status !== 'WAITING') return save(this.sql());
    return SqlSession.transaction(this.database, async (sql) => {
      if (sql.dialect === 'postgresql') await sql.all('select id from workflow_runs where id = ? for update', [runId]);
      return save(sql);
    });
  }

  async steps(runId: string): Promise<StepRow[]> {
    return (await this.sql().all('select * from workflow_steps where run_id = ? order by position', [runId])).map(readStep);
  }

  /** Steps of many runs at once, for the API. */
  async stepsOf(runIds: readonly string[]): Promise<StepRow[]> {
    if (runIds.length === 0) return [];
    return (
      await this.sql().all(`select * from workflow_steps where run_id in (${SqlSession.placeholders(runIds)}) order by run_id, position`, [...runIds])
    ).map(readStep);
  }

  /**
   * Stores a step, if the execution `token` still holds the run's lease; returns false (and
   * writes nothing) if it does not.
   */
  async saveStep(step: StepRow, token: string): Promise<boolean> {
    const sql = this.sql();
    const date = (value: Date | null) => value && sql.date(value);
    const rows = await sql.all(
      `insert into workflow_steps (run_id, name, kind, position, status, attempts, result, error, due_at, started_at, finished_at)
       select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from workflow_runs where id = ? and lease_token = ?)
       on conflict (run_id, name) do update set status = excluded.status, attempts = excluded.attempts, result = excluded.result,
         error = excluded.error, due_at = excluded.due_at, finished_at = excluded.finished_at
       returning run_id`,
      [
        ...[step.runId, step.name, step.kind, step.position, step.status, step.attempts],
        // Wrapped, so a result that is a plain string reads back the same from SQLite's text and PostgreSQL's jsonb.
        ...[step.result === undefined ? null : sql.json({ value: step.result }), step.error, date(step.dueAt), date(step.startedAt), date(step.finishedAt)],
        ...[step.runId, token],
      ],
    );
    return rows.length > 0;
  }

  /** When the next unfinished run is due, if any. */
  async nextWakeAt(): Promise<Date | null> {
    const row = await this.sql().one<{ at: unknown }>("select min(wake_at) as at from workflow_runs where status in ('RUNNING', 'SLEEPING', 'WAITING')");
    return SqlSession.readDate(row?.at);
  }

  /** Frees every run lease: for an embedded SQLite database at startup (see EventOutbox.releaseAllLeases). */
  async releaseLeases(): Promise<void> {
    await this.sql().run('update workflow_runs set lease_until = null where lease_until is not null');
  }

  /** Cancels a run that has not finished; returns false if it had. */
  async cancel(runId: string, now: Date): Promise<boolean> {
    return SqlSession.transaction(this.database, async (sql) => {
      const before = await this.lockRun(sql, runId);
      const rows = await sql.all(
        `update workflow_runs set status = 'CANCELLED', wake_at = null, waiting_event = null, finished_at = ?, lease_until = null, lease_token = null, updated_at = ?
          where id = ? and status in ('RUNNING', 'SLEEPING', 'WAITING') returning id`,
        [sql.date(now), sql.date(now), runId],
      );
      if (rows.length === 0 || !before) return false;
      await this.audit.appendIn(sql, [runAudit('workflowRun.cancel', runId, before.customerId, { status: { before: before.status, after: 'CANCELLED' } })]);
      return true;
    });
  }

  /**
   * Makes a FAILED or CANCELLED run run again from where it stopped: completed steps keep their
   * results, the failed step starts over with fresh attempts.
   */
  async retry(runId: string, now: Date): Promise<boolean> {
    return SqlSession.transaction(this.database, async (sql) => {
      const before = await this.lockRun(sql, runId);
      const rows = await sql.all(
        `update workflow_runs set status = 'RUNNING', wake_at = ?, error = null, finished_at = null, lease_until = null, updated_at = ?
          where id = ? and status in ('FAILED', 'CANCELLED') returning id`,
        [sql.date(now), sql.date(now), runId],
      );
      if (rows.length === 0 || !before) return false;
      await sql.run("update workflow_steps set status = 'RETRYING', attempts = 0 where run_id = ? and status = 'FAILED'", [runId]);
      await this.audit.appendIn(sql, [runAudit('workflowRun.retry', runId, before.customerId, { status: { before: before.status, after: 'RUNNING' } })]);
      return true;
    });
  }

  /** A run's status and customer, locked on PostgreSQL until the transaction ends (SQLite's writer holds its lock already). */
  private async lockRun(sql: SqlSession, runId: string): Promise<{ status: RunStatus; customerId: string | null } | undefined> {
    const row = await sql.one<{ status: RunStatus; customer_id: string | null }>(
      `select status, customer_id from workflow_runs where id = ?${sql.dialect === 'postgresql' ? ' for update' : ''}`,
      [runId],
    );
    return row && { status: row.status, customerId: row.customer_id ?? null };
  }

  /**
   * Removes runs that completed or were cancelled before `before`, with their steps and inboxes,
   * in batches of `batchSize` (oldest first, by the `finished_at` index of migration 0009), and
   * resolves with how many runs went. FAILED runs stay: they wait for an operator's retry, and
   * are the evidence of what went wrong. Without this, every run ever started stays, and the
   * engine's reads that look past finished runs grow with them.
   */
  async pruneFinished(before: Date, batchSize = 1_000): Promise<number> {
    let removed = 0;
    for (;;) {
      // One transaction per batch, the runs locked on PostgreSQL (SQLite's writer holds its lock
      // already): a run retried meanwhile is not finished any more, and keeps its steps.
      const count = await SqlSession.transaction(this.database, async (sql) => {
        const rows = await sql.all<{ id: string }>(
          `select id from workflow_runs where finished_at < ? and status in ('COMPLETED', 'CANCELLED') order by finished_at limit ?${
            sql.dialect === 'postgresql' ? ' for update skip locked' : ''
          }`,
          [sql.date(before), batchSize],
        );
        if (rows.length === 0) return 0;
        const ids = rows.map((row) => row.id);
        const list = SqlSession.placeholders(ids);
        // Children first and explicitly: SQLite enforces `on delete cascade` only with its foreign keys pragma on.
        await sql.run(`delete from workflow_inbox where run_id in (${list})`, ids);
        await sql.run(`delete from workflow_steps where run_id in (${list})`, ids);
        await sql.run(`delete from workflow_runs where id in (${list})`, ids);
        return ids.length;
      });
      removed += count;
      if (count < batchSize) return removed;
    }
  }

  /** Runs for the API, newest first, filtered. */
  async list(filter: RunFilter, limit: number, page: KeysetPage = {}): Promise<RunRow[]> {
    const sql = this.sql();
    const { conditions, params } = filterConditions(filter);
    const bounds = keysetBounds('started_at', true, page);
    if (bounds.condition) {
      conditions.push(bounds.condition);
      params.push(...bounds.cursorParams(sql.date(page.cursor!.at)));
    }
    const rows = await sql.all(`select * from workflow_runs where ${conditions.join(' and ')} order by ${bounds.order} limit ?`, [...params, limit]);
    return rows.map(readRun);
  }

  async count(filter: RunFilter): Promise<number> {
    const { conditions, params } = filterConditions(filter);
    const row = await this.sql().one<{ n: unknown }>(`select count(*) as n from workflow_runs where ${conditions.join(' and ')}`, params);
    return Number(row?.n ?? 0);
  }
}

export type { RunFilter } from './runFilter.js';

/** The audit event of a change to a run, about the run (and its customer, if it has one). */
function runAudit(action: string, runId: string, customerId: string | null, changes: AuditEntry['changes']): AuditEntry {
  return { action, targetType: 'WorkflowRun', targetId: runId, customerId, changes };
}

/** A `workflow_runs` row read with plain SQL. */
export function readRun(row: Record<string, unknown>): RunRow {
  return {
    id: String(row.id),
    workflow: String(row.workflow),
    plugin: String(row.plugin),
    customerId: (row.customer_id as string | null) ?? null,
    status: row.status as RunStatus,
    input: SqlSession.readJson<Record<string, unknown>>(row.input),
    triggerEventId: (row.trigger_event_id as string | null) ?? null,
    wakeAt: SqlSession.readDate(row.wake_at),
    waitingEvent: (row.waiting_event as string | null) ?? null,
    error: (row.error as string | null) ?? null,
    startedAt: SqlSession.readDate(row.started_at)!,
    finishedAt: SqlSession.readDate(row.finished_at),
    updatedAt: SqlSession.readDate(row.updated_at)!,
  };
}

function readStep(row: Record<string, unknown>): StepRow {
  return {
    runId: String(row.run_id),
    name: String(row.name),
    kind: row.kind as StepKind,
    position: Number(row.position),
    status: row.status as StepStatus,
    attempts: Number(row.attempts),
    result: row.result === null || row.result === undefined ? undefined : SqlSession.readJson<{ value: unknown }>(row.result).value,
    error: (row.error as string | null) ?? null,
    dueAt: SqlSession.readDate(row.due_at),
    startedAt: SqlSession.readDate(row.started_at),
    finishedAt: SqlSession.readDate(row.finished_at),
  };
}
