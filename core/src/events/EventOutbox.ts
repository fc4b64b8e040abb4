import { inject, injectable } from 'inversify';
import { serviceToken, type DeliveredEvent } from '@rapport/sdk';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { orderedUuid } from '../util/orderedUuid.js';
import { claimStatement, MARK_DELIVERED } from './outboxClaim.js';
import { eventSetForEach, eventSetOf, eventSetOfSelected, expandEventSets, type Expansion } from './eventSets.js';
import { outboxInsert, type OutboxRow } from './outboxInsert.js';

/** Delivered events removed per statement when pruning. */
const PRUNE_BATCH = 5_000;


/** An event written to the outbox, not yet (or not fully) delivered. */
export interface StoredEvent {
  seq: number;
  event: DeliveredEvent;
  customerId: string | null;
  /** Delivery attempts so far, this one included once claimed. */
  attempts: number;
  /** Keys of the handlers that have already succeeded (see EventBus). */
  deliveredTo: string[];
  /**
   * Whether a later pending event of its customer waited behind it when it was claimed: once
   * this one is delivered, that one can be claimed. The dispatcher claims again only then (or
   * after a full batch), instead of ending every pass with a claim that finds nothing.
   */
  blocksNext: boolean;
}

/**
 * An event as handlers receive it: its type, its payload, its own id and when it occurred. For
 * writers that put the outbox row in a statement of their own (the ingest path on PostgreSQL)
 * and build the event to match it.
 */
export function deliveredEvent(type: string, payload: object, id: string, occurredAt: Date): DeliveredEvent {
  return Object.freeze({ eventType: type, ...payload, id, occurredAt: occurredAt.toISOString() }) as DeliveredEvent;
}

/**
 * An event staged in a writer's transaction. `statement` is the insert to run there; when several
 * events are staged together, one statement writes them all and only the first carries it.
 * A `durable: false` event (no outbox, or a process-local type) is delivered in process after the
 * commit instead.
 */
export interface StagedEvent {
  statement?: { sql: string; params: unknown[] };
  event: DeliveredEvent;
  durable: boolean;
}

/**
 * Durable events a writer's statement writes itself as one event set, one event per customer it
 * moves once the dispatcher has expanded the set (EventBus.stageForEach, eventSets.ts): run
 * `statement` in the transaction, then hand it to `afterCommit`.
 */
export interface StagedSet {
  statement: { sql: string; params: unknown[] };
  durable: true;
  /** Marks an event set: the dispatcher expands sets before it claims. */
  set: true;
}

/**
 * The durable events not yet delivered: written in the transaction of the change that caused
 * them, claimed for delivery, marked with how delivery went.
 */
export interface EventOutbox {
  /** The insert of events, to run in the caller's transaction (or chained with its writes). */
  stage(events: readonly { type: string; payload: object }[], occurredAt: Date): StagedEvent[];
  /**
   * `moved` (ending in `returning customer_id`) extended to write one event set (eventSets.ts) of
   * the customers it returns: one event of `type` per customer once expanded, payload
   * `{ customerId, ...fields }`; it answers one row `{ n }`. Undefined where the database cannot
   * chain writes (SQLite).
   */
  stageForEach(moved: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>, occurredAt: Date): { sql: string; params: unknown[] } | undefined;
  /**
   * Where {@link stageForEach} cannot chain (SQLite): the insert of one event set of the rows
   * `selected` gives (a `customer_id` column), in its order.
   */
  stageForEachSelected(selected: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>, occurredAt: Date): { sql: string; params: unknown[] };
  /** The insert of one event set of the customers given; undefined for none. */
  stageForEachOf(customerIds: readonly string[], type: string, fields: Readonly<Record<string, string>>, occurredAt: Date): { sql: string; params: unknown[] } | undefined;
  /**
   * Expands the oldest event sets into outbox rows, in one transaction (see expandEventSets):
   * the dispatcher's first step, so a set's events are claimed as any others.
   */
  expandSets(): Promise<Expansion>;
  /** Writes one event on its own (for publishers without a transaction of their own). */
  append(type: string, payload: object, occurredAt: Date): Promise<DeliveredEvent>;
  /**
   * Claims up to `limit` due events, oldest first: the oldest pending one of each customer and the
   * due ones right behind it, leased until `leaseUntil`. `delivered` (events of the previous batch
   * every handler took) are marked delivered in the same statement, and the next events of their
   * customers are claimable in it. A customer's claimed events must be delivered in order.
   */
  claim(now: Date, leaseUntil: Date, limit: number, delivered?: readonly number[]): Promise<StoredEvent[]>;
  /** Gives claimed events back undelivered (those behind a customer's event whose delivery failed). */
  release(seqs: readonly number[]): Promise<void>;
  /** Marks events delivered to every handler. */
  delivered(seqs: readonly number[]): Promise<void>;
  /** Records a failed attempt; `retryAt` null sets the event aside (dead). */
  failed(seq: number, deliveredTo: string[], error: string, retryAt: Date | null): Promise<void>;
  /** When the next pending event is due, if any. */
  nextDueAt(): Promise<Date | null>;
  /** Frees every lease (a sole process starting: the leases are a dead predecessor's). */
  releaseAllLeases(): Promise<void>;
  /** Removes delivered events older than `before`; resolves with how many. */
  prune(before: Date): Promise<number>;
  /**
   * The events of `type` about one customer that occurred at or after `since`, delivered or not,
   * oldest first: what a workflow's wait looks back on for the moment before it began (see
   * workflows/RunExecution). Read by the customer's index, so it costs that customer's events.
   */
  ofCustomerSince(customerId: string, type: string, since: Date): Promise<DeliveredEvent[]>;
}

/** The container token of the {@link EventOutbox}. */
export const EventOutbox = serviceToken<EventOutbox>('rapport.core.EventOutbox');

/**
 * The outbox table (migration 0003): writing events in the transaction of the change that caused
 * them, claiming the ones due for delivery, and recording how delivery went.
 *
 * Claiming takes the oldest pending event of each customer, with the due events right behind it
 * (events of one customer are delivered in order, one at a time: outboxClaim.ts), and leases
 * them: another dispatcher, in this process or another one, skips a leased event and every later
 * one of its customer, and takes it over only when the lease has run out, which is how the events
 * of a crashed process are delivered. On PostgreSQL `FOR UPDATE SKIP LOCKED`
 * lets several instances claim at once without waiting on each other.
 */
@injectable()
export class SqlEventOutbox implements EventOutbox {
  constructor(@inject(Database) private readonly database: Database) {}

  /**
   * The insert of events, to run in the caller's transaction (or chained with its writes): one
   * statement for all, so their order in the outbox is the order given (separate statements
   * chained as PostgreSQL CTEs would run in no promised order).
   */
  stage(events: readonly { type: string; payload: object }[], occurredAt: Date): StagedEvent[] {
    if (events.length === 0) return [];
    const rows: OutboxRow[] = events.map(({ type, payload }) => ({
      // Time-ordered, so the unique index on `id` grows at its end: a random id lands on a random
      // page of an index of millions, and each commit then reads and writes one page more.
      id: orderedUuid(),
      type,
      payload,
      customerId: typeof (payload as { customerId?: unknown }).customerId === 'string' ? (payload as { customerId: string }).customerId : null,
    }));
    const staged: StagedEvent[] = rows.map((row) => ({ event: deliveredEvent(row.type, row.payload, row.id, occurredAt), durable: true }));
    staged[0]!.statement = outboxInsert(this.database.dialect, rows, SqlSession.autocommit(this.database).date(occurredAt));
    return staged;
  }

  stageForEach(moved: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>, occurredAt: Date): { sql: string; params: unknown[] } | undefined {
    if (this.database.dialect !== 'postgresql') return undefined;
    return eventSetForEach(moved, type, fields, SqlSession.autocommit(this.database).date(occurredAt));
  }

  stageForEachSelected(selected: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>, occurredAt: Date): { sql: string; params: unknown[] } {
    if (this.database.dialect === 'postgresql') throw new Error('stageForEachSelected is for SQLite; PostgreSQL chains the writer\'s statement (stageForEach).');
    return eventSetOfSelected(selected, type, fields, SqlSession.autocommit(this.database).date(occurredAt));
  }

  stageForEachOf(customerIds: readonly string[], type: string, fields: Readonly<Record<string, string>>, occurredAt: Date): { sql: string; params: unknown[] } | undefined {
    return eventSetOf(this.database.dialect, customerIds, type, fields, SqlSession.autocommit(this.database).date(occurredAt));
  }

  expandSets(): Promise<Expansion> {
    // One ordered prefix for the whole expansion: its ids sort after every event written before.
    return expandEventSets(this.database, orderedUuid().slice(0, 19));
  }

  /** Writes one event on its own (for publishers without a transaction of their own). */
  async append(type: string, payload: object, occurredAt: Date): Promise<DeliveredEvent> {
    const [{ statement, event }] = this.stage([{ type, payload }], occurredAt) as [StagedEvent];
    await SqlSession.autocommit(this.database).run(statement!.sql, statement!.params);
    return event;
  }

  /**
   * Claims up to `limit` events due at `now`, oldest first, each with the run of its customer's
   * due events behind it, and leases them until `leaseUntil`; marks `delivered` delivered in the
   * same statement (see {@link claimStatement}). The claim reads the table as it was before the
   * statement, where the marked events are still pending: they are left out of its "earlier
   * pending event" tests, so their customers' next events are claimed at once. Each claimed event
   * says whether a later one of its customer waits behind it ({@link StoredEvent.blocksNext}).
   */
  async claim(now: Date, leaseUntil: Date, limit: number, delivered: readonly number[] = []): Promise<StoredEvent[]> {
    const sql = SqlSession.autocommit(this.database);
    const statement = claimStatement({ dialect: sql.dialect, now: sql.date(now), leaseUntil: sql.date(leaseUntil), limit, delivered });
    const rows = await sql.all<Record<string, unknown>>(statement.sql, statement.params);
    // SQLite returns the marked events too, delivered now.
    return rows
      .filter((row) => row.status === 'pending')
      .map(readStoredEvent)
      .sort((a, b) => a.seq - b.seq);
  }

  /** Every handler has these events (which handlers no longer matters once all have). */
  async delivered(seqs: readonly number[]): Promise<void> {
    if (seqs.length === 0) return;
    await SqlSession.autocommit(this.database).run(MARK_DELIVERED(seqs), [...seqs]);
  }

  /**
   * Gives claimed events back undelivered, as if never claimed: the events of a customer claimed
   * behind one whose delivery failed, which must wait for it.
   */
  async release(seqs: readonly number[]): Promise<void> {
    if (seqs.length === 0) return;
    await SqlSession.autocommit(this.database).run(`update event_outbox set lease_until = null, attempts = attempts - 1 where seq in (${SqlSession.placeholders(seqs)})`, [...seqs]);
  }

  /** Some handlers failed: try them again at `retryAt`, or give up (`dead`) when `retryAt` is null. */
  async failed(seq: number, deliveredTo: string[], error: string, retryAt: Date | null): Promise<void> {
    const sql = SqlSession.autocommit(this.database);
    if (retryAt) {
      await sql.run('update event_outbox set lease_until = null, available_at = ?, delivered_to = ?, last_error = ? where seq = ?', [
        sql.date(retryAt),
        sql.json(deliveredTo),
        error,
        seq,
      ]);
    } else {
      await sql.run("update event_outbox set status = 'dead', lease_until = null, delivered_to = ?, last_error = ? where seq = ?", [
        sql.json(deliveredTo),
        error,
        seq,
      ]);
    }
  }

  /** When the next pending event is due (a retry's backoff), if any. */
  async nextDueAt(): Promise<Date | null> {
    const row = await SqlSession.autocommit(this.database).one<{ at: unknown }>("select min(available_at) as at from event_outbox where status = 'pending'");
    return SqlSession.readDate(row?.at);
  }

  /**
   * Frees every lease: for an embedded SQLite database at startup, where the only process that
   * could hold one is this one's dead predecessor.
   */
  async releaseAllLeases(): Promise<void> {
    await SqlSession.autocommit(this.database).run("update event_outbox set lease_until = null where status = 'pending' and lease_until is not null");
  }

  /**
   * Removes delivered events that occurred before `before`; the rest stay for inspection and
   * retries. In batches, oldest first: one delete of a week of events would hold SQLite's write
   * lock (and bloat a PostgreSQL transaction) for as long as it takes, while every writer waits.
   * Each batch reads the next delivered events in `seq` order, whatever their age, and removes the
   * old ones up to the first young one: a batch costs what it removes, never a walk over every
   * event still kept (which a filter on `occurred_at` would cost once nothing is left to remove).
   */
  async prune(before: Date, batchSize = PRUNE_BATCH): Promise<number> {
    const sql = SqlSession.autocommit(this.database);
    const cutoff = before.getTime();
    let removed = 0;
    for (;;) {
      const rows = await sql.all<{ seq: unknown; occurred_at: unknown }>(
        "select seq, occurred_at from event_outbox where status = 'delivered' order by seq limit ?",
        [batchSize],
      );
      const old = rows.findIndex((row) => SqlSession.readDate(row.occurred_at)!.getTime() >= cutoff);
      const prefix = old === -1 ? rows : rows.slice(0, old);
      if (prefix.length > 0) {
        // The range holds exactly the prefix's delivered events; the age is checked again for an
        // event delivered in between.
        await sql.run("delete from event_outbox where seq >= ? and seq <= ? and status = 'delivered' and occurred_at < ?", [
          Number(prefix[0]!.seq),
          Number(prefix.at(-1)!.seq),
          sql.date(before),
        ]);
        removed += prefix.length;
      }
      if (prefix.length < batchSize) return removed;
      // Writers waiting for the lock go between two batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async ofCustomerSince(customerId: string, type: string, since: Date): Promise<DeliveredEvent[]> {
    const sql = SqlSession.autocommit(this.database);
    const rows = await sql.all('select id, type, payload, occurred_at from event_outbox where customer_id = ? and type = ? and occurred_at >= ? order by seq', [
      customerId,
      type,
      sql.date(since),
    ]);
    return rows.map(readEvent);
  }
}

function readEvent(row: Record<string, unknown>): DeliveredEvent {
  return deliveredEvent(String(row.type), SqlSession.readJson<Record<string, unknown>>(row.payload), String(row.id), SqlSession.readDate(row.occurred_at)!);
}

function readStoredEvent(row: Record<string, unknown>): StoredEvent {
  return {
    seq: Number(row.seq),
    event: readEvent(row),
    customerId: (row.customer_id as string | null) ?? null,
    attempts: Number(row.attempts),
    deliveredTo: SqlSession.readJson<string[]>(row.delivered_to),
    // SQLite answers 0 or 1, PostgreSQL a boolean.
    blocksNext: Boolean(row.blocks_next),
  };
}
