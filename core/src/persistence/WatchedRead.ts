import type { ChangeWatch } from './ChangeWatch.js';
import type { Database } from './openDatabase.js';

/**
 * One read kept between calls while a change channel of the database is quiet (see ChangeWatch):
 * for a small set that a hot path reads before each batch of work and that changes rarely (the
 * event types workflow runs wait for, the enabled webhook endpoints). On the ingest path such a
 * read was a statement, a round trip on PostgreSQL, per batch of a few messages.
 *
 * - A write of this process runs through {@link writing}: the kept value is not used while it
 *   runs (its commit may come before it ends) and is dropped when it ends, so a read after its
 *   commit never gets a value read before it.
 * - Another writer (an instance, the CLI, an operator's SQL) is heard on the channel's watch
 *   (PostgreSQL: `pg_notify` at its commit, from a trigger or the writing statement; SQLite: any
 *   other connection's commit), which moves the generation the value was read under.
 * - Nothing is kept while the watch is not live (PostgreSQL while its connection is lost), nor for
 *   longer than `maxAgeMs`, which bounds what a notification lost without an error could cost.
 *
 * What remains is a notification's flight: another instance's change committed a moment before a
 * read here, and heard a moment after, is missed by that read. Users document what that costs.
 */
export class WatchedRead<T> {
  private watch: ChangeWatch | undefined;
  private kept: { value: T; generation: number; readAt: number } | undefined;
  /** Writes under way here: their commit may come before they end. */
  private writes = 0;

  constructor(
    private readonly database: Database,
    private readonly channel: string,
    private readonly read: () => Promise<T>,
    private readonly maxAgeMs: number,
  ) {}

  /** The value, kept or read now. */
  async get(): Promise<T> {
    // Opened on first use, not with the kernel: CLI commands never read it.
    const watch = (this.watch ??= this.database.watch(this.channel));
    const generation = watch.current();
    const { kept } = this;
    if (kept && generation === kept.generation && this.writes === 0 && performance.now() - kept.readAt < this.maxAgeMs) return kept.value;
    const readAt = performance.now();
    const writesBefore = this.writes;
    const value = await this.read();
    // Kept only if nothing could have been committed unheard while the read ran.
    const keep = generation !== undefined && writesBefore === 0 && this.writes === 0 && watch.current() === generation;
    this.kept = keep ? { value, generation, readAt } : undefined;
    return value;
  }

  /** Runs a write (a whole transaction) of what the value reflects: see the class notes. */
  async writing<R>(write: () => Promise<R>): Promise<R> {
    this.writes++;
    try {
      return await write();
    } finally {
      this.writes--;
      this.kept = undefined;
      // Any other reader of the channel in this process hears of it at once too.
      this.database.noteChange(this.channel);
    }
  }
}
