import type { DeliveredEvent } from '@rapport/sdk';
import { inject, injectable } from 'inversify';
import { EventOutbox } from '../events/EventOutbox.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import type { WatchedRead } from '../persistence/WatchedRead.js';
import { waitedEventTypes, WORKFLOW_WAITS_CHANNEL } from './WaitedEventTypes.js';

/** The statuses of a run that has not finished: one that has reached a wait gets its events in any of them. */
const UNFINISHED = "('RUNNING', 'SLEEPING', 'WAITING')";

/** The events a wait looks at in one execution, and the inbox rows among them. */
export interface WaitEvents {
  /** Events of the awaited type from the run's inbox and, if asked, from before the wait was registered; oldest first, each once. */
  events: DeliveredEvent[];
  /** The ids of the inbox rows read, to consume once looked at. */
  inboxEventIds: string[];
}

/**
 * How a run's wait for an event gets its events (migration 0004's `waiting_event` and
 * `workflow_inbox`), without losing one that comes while the run is still executing:
 *
 * 1. **Registered before it looks.** The wait sets the run's `waiting_event` under its lease
 *    ({@link register}) before it reads anything; from that commit on, delivery puts events of the
 *    type in the run's inbox, whatever the run's status (it is RUNNING or SLEEPING until the
 *    execution ends, WAITING after).
 * 2. **Looks back on what came before.** An event committed before the registration was not put in
 *    any inbox: the wait reads those of its customer from the outbox, back to when it counts from
 *    ({@link eventsSince} with `lookBack`), the same events the inbox would have held.
 * 3. **Consumes only what it read.** The inbox rows read are deleted by id ({@link consume}); one
 *    delivered after the read stays, and saving the run as WAITING makes it due at once when its
 *    inbox is not empty (WorkflowStore.saveOutcome), so it is looked at in the next execution.
 *
 * Runs about no customer, and events about no customer, have no index to look back by: for them a
 * wait counts from its registration.
 */
@injectable()
export class WorkflowWaits {
  private readonly waitedTypes: WatchedRead<Set<string>>;

  constructor(
    @inject(Database) private readonly database: Database,
    @inject(EventOutbox) private readonly outbox: EventOutbox,
  ) {
    this.waitedTypes = waitedEventTypes(database, async () => {
      const rows = await this.sql().all<{ waiting_event: string }>(
        `select distinct waiting_event from workflow_runs where waiting_event is not null and status in ${UNFINISHED}`,
      );
      return new Set(rows.map((row) => row.waiting_event));
    });
  }

  private sql(): SqlSession {
    return SqlSession.autocommit(this.database);
  }

  /**
   * Registers the run's wait for `eventType`, if the execution `token` still holds its lease:
   * announced (PostgreSQL notifies at commit; see WaitedEventTypes) so that every instance's next
   * batch of events looks for the type. Returns false, writing nothing, if the lease is gone.
   */
  async register(runId: string, token: string, eventType: string): Promise<boolean> {
    const sql = this.sql();
    const announce = sql.dialect === 'postgresql' ? `, pg_notify('${WORKFLOW_WAITS_CHANNEL}', current_schema())` : '';
    return this.waitedTypes.writing(async () => {
      const rows = await sql.all(`update workflow_runs set waiting_event = ? where id = ? and lease_token = ? returning id${announce}`, [eventType, runId, token]);
      return rows.length > 0;
    });
  }

  /**
   * The events of `eventType` a wait that counts from `since` looks at: its inbox's from `since`
   * on and, with `lookBack` and a customer, that customer's events from the outbox after `since`
   * (those committed before the wait was registered).
   */
  async eventsSince(run: { id: string; customerId: string | null }, eventType: string, since: Date, lookBack: boolean): Promise<WaitEvents> {
    const sql = this.sql();
    const rows = await sql.all('select event_id, event from workflow_inbox where run_id = ? order by received_at, event_id', [run.id]);
    const inbox = rows.map((row) => SqlSession.readJson<DeliveredEvent>(row.event));
    const earlier = lookBack && run.customerId ? await this.outbox.ofCustomerSince(run.customerId, eventType, since) : [];
    const at = (event: DeliveredEvent) => Date.parse(event.occurredAt);
    // Looked back on only if strictly later: an event of the very moment the wait counts from may
    // be the one that led to it (under a test's fake clock, everything before is that moment).
    const candidates = [...earlier.filter((event) => at(event) > since.getTime()), ...inbox.filter((event) => at(event) >= since.getTime())];
    const seen = new Set<string>();
    const events = candidates
      .filter((event) => event.eventType === eventType && !seen.has(event.id) && seen.add(event.id))
      // Stable: the outbox's order, then the inbox's, among events of the same moment.
      .sort((a, b) => at(a) - at(b));
    return { events, inboxEventIds: rows.map((row) => String(row.event_id)) };
  }

  /** Deletes the inbox rows a wait has looked at. */
  async consume(runId: string, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.sql().run(`delete from workflow_inbox where run_id = ? and event_id in (${SqlSession.placeholders(eventIds)})`, [runId, ...eventIds]);
  }

  /**
   * Puts an event in the inbox of every unfinished run registered for its type, and makes the
   * WAITING ones due now (one still executing is made due by its own save if it missed the event).
   * An event about a customer goes only to that customer's runs (and to runs about no customer):
   * with thousands of surveys waiting, one customer's message must not wake them all.
   */
  async deliver(event: DeliveredEvent, now: Date): Promise<number> {
    const sql = this.sql();
    const customerId = (event as { customerId?: unknown }).customerId;
    const sameCustomer = typeof customerId === 'string' ? ' and (customer_id is null or customer_id = ?)' : '';
    // One statement in the usual case, where no run waits for this event.
    const rows = await sql.all<{ run_id: string }>(
      `insert into workflow_inbox (run_id, event_id, event, received_at)
       select id, ?, ?, ? from workflow_runs where waiting_event = ? and status in ${UNFINISHED}${sameCustomer}
       on conflict do nothing returning run_id`,
      [event.id, sql.json(event), sql.date(now), event.eventType, ...(typeof customerId === 'string' ? [customerId] : [])],
    );
    if (rows.length === 0) return 0;
    const ids = rows.map((row) => row.run_id);
    await sql.run(`update workflow_runs set wake_at = ? where status = 'WAITING' and id in (${SqlSession.placeholders(ids)})`, [sql.date(now), ...ids]);
    return ids.length;
  }

  /** The event types some run is registered for now (kept between calls while no new wait is heard of: see WaitedEventTypes). */
  waitedEventTypes(): Promise<Set<string>> {
    return this.waitedTypes.get();
  }
}
