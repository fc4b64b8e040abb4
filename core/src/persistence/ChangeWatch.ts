import pg from 'pg';
import type { Logger } from 'pino';
import { errorMessage } from '../util/errorMessage.js';

/**
 * A watch of a change channel of the database: PostgreSQL's `LISTEN`, fed by `pg_notify` in
 * triggers, so every writer (any instance, the CLI, a hand-written UPDATE) is heard the moment its
 * transaction commits; on SQLite the file's data version (SqliteChangeWatch). A cache keyed on it
 * stays exact without a time-to-live: it may keep what it read only while the watch is
 * {@link live}, and only as long as {@link generation} has not moved since the read began.
 */
export interface ChangeWatch {
  /**
   * Whether changes are being heard now. On PostgreSQL false before the first `LISTEN` is
   * confirmed and after the connection is lost (until it is back); on SQLite false while the
   * writers' connection is not open.
   */
  readonly live: boolean;
  /**
   * Moves on every notification of the channel, and whenever the watch goes live or stops being
   * live (what happened while nobody listened is unknown).
   */
  readonly generation: number;
  /**
   * {@link generation} while the watch is {@link live}, else undefined: both in one look, for a
   * hot path (on SQLite each look reads the file's data version).
   */
  current(): number | undefined;
  /**
   * A change this process committed itself: moves {@link generation} at once, ahead of its
   * notification, so this instance never serves what it just changed.
   */
  changed(): void;
  /** Stops listening and closes the watch's connection. */
  close(): Promise<void>;
}

/** How long a lost listener waits before reconnecting: doubled after each failure, up to the maximum. */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 30_000;

/**
 * A {@link ChangeWatch} on one PostgreSQL connection of its own (outside the pool: a listening
 * session must stay open). It connects at once, reconnects after a loss with backoff, and is
 * live only between a confirmed `LISTEN` and the next error.
 *
 * A channel is shared by every schema of the database, so notifications carry the schema of the
 * changed table as their payload, and a watch counts only those of its own schema (the one its
 * connection's `search_path` resolves to, the same as the pool's).
 */
export class PostgresChangeWatch implements ChangeWatch {
  live = false;
  generation = 0;
  private client: pg.Client | undefined;
  /** The schema whose notifications count, read when the connection is made. */
  private schema: string | undefined;
  private closed = false;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly logger?: Logger,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${JSON.stringify(channel)}`);
    void this.connect();
  }

  current(): number | undefined {
    return this.live ? this.generation : undefined;
  }

  changed(): void {
    this.generation += 1;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.markLost();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload === this.schema) this.generation += 1;
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      const current = await client.query<{ schema: string }>('select current_schema() as schema');
      this.schema = current.rows[0]?.schema;
      await client.query(`listen ${this.channel}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.closed || this.client !== client) return;
    this.retryMs = RECONNECT_MIN_MS;
    this.generation += 1;
    this.live = true;
  }

  private lost(client: pg.Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.markLost();
    void client.end().catch(() => {});
    if (this.closed) return;
    if (error) this.logger?.warn({ err: { message: errorMessage(error) } }, `listening on ${this.channel} failed; caches that rely on it read through until it is back`);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
  }

  private markLost(): void {
    if (this.live) this.generation += 1;
    this.live = false;
  }
}
