import type { Dialect } from '../persistence/SqlMigration.js';
import { earlierPendingProbe, statusProbe } from '../persistence/queueProbe.js';
import { SqlSession } from '../persistence/SqlSession.js';

/** The update marking events delivered, with one placeholder per seq. */
export const MARK_DELIVERED = (seqs: readonly number[]) =>
  `update event_outbox set status = 'delivered', lease_until = null, last_error = null where seq in (${SqlSession.placeholders(seqs)})`;

/** What one claim takes: dialect values for the times (`SqlSession.date`), and the events to mark delivered with it. */
export interface ClaimRequest {
  dialect: Dialect;
  now: unknown;
  leaseUntil: unknown;
  limit: number;
  delivered: readonly number[];
}

/**
 * The statement that claims due events and marks `delivered` delivered (SqlEventOutbox.claim).
 *
 * An event is claimed with the run of its customer's events before it: the oldest pending event
 * of a customer, and each next one whose every earlier pending event is claimed in the same
 * statement. A new customer's message writes three events (`customer.created`,
 * `conversation.opened`, `interaction.recorded`): one claim takes them, where taking only the
 * oldest of each customer needed a claim per event (docs/benchmarks.md). The dispatcher delivers a
 * customer's events of one batch one after the other, in order.
 *
 * Two steps keep that order when instances claim at once. `candidates` are due, unleased events
 * whose earlier pending events of the customer are all due and unleased too (an event behind one
 * leased elsewhere, or waiting for a retry, is not a candidate, before the `limit`, so a stuck
 * customer never fills a batch); on PostgreSQL they are locked `for update skip locked`. Then only
 * the candidates whose earlier pending events are all among the candidates are claimed: an earlier
 * event that another instance locked at that moment (skipped here) keeps its successors back, as
 * does the `limit` cutting a run short. The marked events are delivered in the same statement, so
 * they count as not pending in both tests.
 *
 * On PostgreSQL the marking is a CTE: `where seq in (marked) or seq in (claimable)` would be
 * planned as a scan of the whole table (47 ms per claim with 200,000 delivered events kept,
 * against under 1 ms). SQLite has no data-modifying CTE, and answers that form from the key.
 *
 * Every probe for a customer's other pending events must go through the customer's index
 * (persistence/queueProbe.ts).
 */
export function claimStatement({ dialect, now, leaseUntil, limit, delivered }: ClaimRequest): { sql: string; params: unknown[] } {
  const postgres = dialect === 'postgresql';
  const pending = (alias: string) => statusProbe(alias, 'pending', dialect);
  const earlier = (alias: string, seq: string) => earlierPendingProbe('event_outbox', alias, seq, dialect);
  const marks = delivered.length > 0;
  const list = SqlSession.placeholders(delivered);
  const exclude = (alias: string) => (marks ? ` and ${alias}.seq not in (${list})` : '');
  const excluded = marks ? [...delivered] : [];
  const due = (alias: string) => `${alias}.available_at <= ? and (${alias}.lease_until is null or ${alias}.lease_until < ?)`;
  const candidates = `candidates as materialized (
      select e.seq, e.customer_id from event_outbox e
       where e.status = 'pending' and ${due('e')}${exclude('e')}
         and not exists (select 1 from event_outbox p where p.customer_id = e.customer_id and ${earlier('p', 'e.seq')}${exclude('p')} and not (${due('p')}))
       order by e.seq limit ?${postgres ? ' for update skip locked' : ''})`;
  const candidateParams = [now, now, ...excluded, ...excluded, now, now, limit];
  const claimable = `seq in (select c.seq from candidates c where not exists (
      select 1 from event_outbox p where p.customer_id = c.customer_id and ${earlier('p', 'c.seq')}${exclude('p')}
         and p.seq not in (select seq from candidates)))`;
  const returning = `returning *, exists (select 1 from event_outbox n where n.customer_id = event_outbox.customer_id and ${pending('n')} and n.seq > event_outbox.seq) as blocks_next`;
  if (!marks) {
    return {
      sql: `with ${candidates} update event_outbox set lease_until = ?, attempts = attempts + 1 where ${claimable} ${returning}`,
      params: [...candidateParams, leaseUntil],
    };
  }
  if (postgres) {
    return {
      sql: `with marked as (${MARK_DELIVERED(delivered)} returning seq), ${candidates}
            update event_outbox set lease_until = ?, attempts = attempts + 1 where ${claimable} ${returning}`,
      params: [...delivered, ...candidateParams, leaseUntil, ...excluded],
    };
  }
  // Each column takes its delivered value for a marked event, its claimed value for the others.
  const marked = `seq in (${list})`;
  const set = (column: string, claimed: string, whenDelivered: string) => `${column} = case when ${marked} then ${whenDelivered} else ${claimed} end`;
  return {
    sql: `with ${candidates}
          update event_outbox set ${set('lease_until', '?', 'null')}, ${set('attempts', 'attempts + 1', 'attempts')},
            ${set('status', 'status', "'delivered'")}, ${set('last_error', 'last_error', 'null')}
          where ${marked} or ${claimable} ${returning}`,
    params: [...candidateParams, ...delivered, leaseUntil, ...delivered, ...delivered, ...delivered, ...delivered, ...excluded],
  };
}
