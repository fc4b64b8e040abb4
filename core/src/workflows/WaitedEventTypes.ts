import type { ChangeWatch } from '../persistence/ChangeWatch.js';
import type { Database } from '../persistence/openDatabase.js';

/**
 * The channel on which a run that starts waiting is announced: on PostgreSQL the statement that
 * saves a WAITING run also calls `pg_notify` on it (sent when it commits), with its schema as the
 * payload, as the change watch expects.
 */
export const WORKFLOW_WAITS_CHANNEL = 'rapport_workflow_waits';

/**
 * How long the waited types are kept at most. Every new wait drops them at once; this only bounds
 * what a notification lost without an error could cost (a wait that misses events meanwhile).
 */
const MAX_AGE_MS = 5_000;

/**
 * The event types some run is waiting for, which the workflow engine reads before each batch of
 * events it is delivered (to skip the inbox insert for the types no run waits for). Kept between
 * batches while no run can have started waiting since the read began, because on the ingest path
 * the read was one statement (a round trip on PostgreSQL) per batch of a few messages:
 *
 * - a save of a WAITING run in this process drops them while it runs and when it ends, so a
 *   batch claimed after its commit never uses a set read before it;
 * - another instance's save is heard on the change watch ({@link WORKFLOW_WAITS_CHANNEL} via
 *   `LISTEN` on PostgreSQL; on a SQLite file any other connection's commit), which moves the
 *   generation the set was read under;
 * - nothing is kept while the watch is not live (PostgreSQL while its connection is lost), nor
 *   for longer than {@link MAX_AGE_MS}.
 *
 * What remains is the notification's own flight: another instance's wait committed a moment
 * before this one claims a batch, heard a moment after, is missed by that batch. A wait already
 * has a window of that kind (an event delivered between its inbox check and the commit of its
 * WAITING status is not put in its inbox), and only runs of other instances are exposed to it.
 * A run that stops waiting leaves its type in the set until the next read; that only costs a
 * statement that finds no run.
 */
export class WaitedEventTypes {
  private watch: ChangeWatch | undefined;
  private kept: { types: Set<string>; generation: number; readAt: number } | undefined;
  /** Saves of WAITING runs under way here: their commit may come before they end. */
  private saving = 0;

  constructor(
    private readonly database: Database,
    private readonly read: () => Promise<Set<string>>,
  ) {}

  /** The waited event types, kept or read now. */
  async get(): Promise<Set<string>> {
    const watch = (this.watch ??= this.database.watch(WORKFLOW_WAITS_CHANNEL));
    const generation = watch.current();
    const { kept } = this;
    if (kept && generation === kept.generation && this.saving === 0 && performance.now() - kept.readAt < MAX_AGE_MS) return kept.types;
    const readAt = performance.now();
    const savingBefore = this.saving;
    const types = await this.read();
    // Kept only if no wait could have been committed unheard while the read ran.
    const keep = generation !== undefined && savingBefore === 0 && this.saving === 0 && watch.current() === generation;
    this.kept = keep ? { types, generation, readAt } : undefined;
    return types;
  }

  /** Runs the save of a WAITING run: the kept types are not used while it runs, nor after it. */
  async savingWait<T>(save: () => Promise<T>): Promise<T> {
    this.saving++;
    try {
      return await save();
    } finally {
      this.saving--;
      this.kept = undefined;
      // Any other reader of the channel in this process hears of it at once too.
      this.database.noteChange(WORKFLOW_WAITS_CHANNEL);
    }
  }
}
