import type { Database } from '../persistence/openDatabase.js';
import { WatchedRead } from '../persistence/WatchedRead.js';

/**
 * The channel on which a run's wait is announced: on PostgreSQL the statement that registers it
 * also calls `pg_notify` on it (sent when it commits), with its schema as the payload, as the
 * change watch expects.
 */
export const WORKFLOW_WAITS_CHANNEL = 'rapport_workflow_waits';

/**
 * How long the waited types are kept at most. Every new wait drops them at once; this only bounds
 * what a notification lost without an error could cost (a wait that misses events meanwhile).
 */
const MAX_AGE_MS = 5_000;

/**
 * The event types some run is registered to wait for (WorkflowWaits), which the workflow engine
 * reads before each batch of events it is delivered (to skip the inbox insert for the types no run
 * waits for), kept between batches while no run can have registered since the read began
 * (persistence/WatchedRead):
 *
 * - a registration in this process runs through `writing`, so a batch claimed after its commit
 *   never uses a set read before it;
 * - another instance's registration is heard on {@link WORKFLOW_WAITS_CHANNEL} (`LISTEN` on
 *   PostgreSQL; on a SQLite file any other connection's commit).
 *
 * What remains is the notification's own flight: another instance's registration committed a
 * moment before this one claims a batch, heard a moment after, is missed by that batch, and an
 * event of the batch committed after that wait looked back is not put in its inbox. Only runs of
 * other instances are exposed to it, for as long as a notification takes. A run that stops
 * waiting leaves its type in the set until the next read; that only costs a statement that finds
 * no run.
 */
export function waitedEventTypes(database: Database, read: () => Promise<Set<string>>): WatchedRead<Set<string>> {
  return new WatchedRead(database, WORKFLOW_WAITS_CHANNEL, read, MAX_AGE_MS);
}
