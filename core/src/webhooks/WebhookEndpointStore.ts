import { inject, injectable } from 'inversify';
import { WEBHOOK_ENDPOINT_CHANGES_CHANNEL } from '../persistence/migrations/0019_webhook_endpoint_changes.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { WatchedRead } from '../persistence/WatchedRead.js';

/**
 * How long the recipients are kept at most. Every change drops them at once; this only bounds what
 * a notification lost without an error could cost.
 */
const RECIPIENTS_MAX_AGE_MS = 5_000;

/** An endpoint as stored (migration 0017). */
export interface WebhookEndpointRow {
  id: string;
  url: string;
  /** Event types and patterns (`conversation.*`, `*`). */
  events: string[];
  description: string | null;
  enabled: boolean;
  /** Why it was disabled (a 410, five days of failures, an admin); null while enabled. */
  disabledReason: string | null;
  secret: string;
  /** The secret before the last rotation, signing alongside until `previousSecretUntil`. */
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  /** The first failure since the last success; null when the last attempt succeeded. */
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An enabled endpoint as the recording of events needs it: which endpoint, which events. */
export interface WebhookRecipient {
  id: string;
  events: string[];
}

/**
 * The `webhook_endpoints` table. Writes take the caller's session, so audit events share their
 * transaction; a transaction that may change who receives events runs through {@link changing}.
 */
@injectable()
export class WebhookEndpointStore {
  /**
   * The enabled endpoints, kept between batches of events (persistence/WatchedRead): the read was a
   * statement per batch, about one per message on the email ingest path (docs/benchmarks.md).
   */
  private readonly recipientsKept: WatchedRead<WebhookRecipient[]>;

  constructor(@inject(Database) private readonly database: Database) {
    this.recipientsKept = new WatchedRead(database, WEBHOOK_ENDPOINT_CHANGES_CHANNEL, () => this.readRecipients(), RECIPIENTS_MAX_AGE_MS);
  }

  /**
   * The enabled endpoints, oldest first: the ones an event is recorded for. Kept while no change is
   * heard of: one of this process's is never missed (see {@link changing}); another instance's is
   * heard when it commits (migration 0019's trigger on PostgreSQL, any other connection's commit on
   * SQLite), so an event delivered in the moment its notification is in flight may miss an
   * endpoint created, or be recorded for one disabled, just then. A delivery recorded for an
   * endpoint that is disabled or gone is never sent (the worker claims only enabled endpoints').
   */
  recipients(): Promise<WebhookRecipient[]> {
    return this.recipientsKept.get();
  }

  /** Runs a transaction that may create, remove, enable or disable endpoints, or change their events. */
  changing<T>(write: () => Promise<T>): Promise<T> {
    return this.recipientsKept.writing(write);
  }

  async insert(sql: SqlSession, row: WebhookEndpointRow): Promise<void> {
    await sql.run(
      `insert into webhook_endpoints (id, url, events, description, enabled, disabled_reason, secret, previous_secret, previous_secret_until, failing_since, created_at, updated_at)
       values (?, ?, ?, ?, ${row.enabled ? 'true' : 'false'}, null, ?, null, null, null, ?, ?)`,
      [row.id, row.url, sql.json(row.events), row.description, row.secret, sql.date(row.createdAt), sql.date(row.updatedAt)],
    );
  }

  async get(id: string, sql = SqlSession.autocommit(this.database)): Promise<WebhookEndpointRow | undefined> {
    const row = await sql.one('select * from webhook_endpoints where id = ?', [id]);
    return row && readEndpoint(row);
  }

  async getMany(ids: readonly string[]): Promise<WebhookEndpointRow[]> {
    if (ids.length === 0) return [];
    const rows = await SqlSession.autocommit(this.database).all(`select * from webhook_endpoints where id in (${SqlSession.placeholders(ids)})`, [...ids]);
    return rows.map(readEndpoint);
  }

  /** Every endpoint, oldest first. */
  async list(): Promise<WebhookEndpointRow[]> {
    const rows = await SqlSession.autocommit(this.database).all('select * from webhook_endpoints order by created_at, id');
    return rows.map(readEndpoint);
  }

  private async readRecipients(): Promise<WebhookRecipient[]> {
    const rows = await SqlSession.autocommit(this.database).all('select id, events from webhook_endpoints where enabled = true order by created_at, id');
    return rows.map((row) => ({ id: String(row.id), events: SqlSession.readJson<string[]>(row.events) }));
  }

  /** Removes an endpoint with its deliveries and their attempts; false when there was none. */
  async delete(sql: SqlSession, id: string): Promise<boolean> {
    const found = await sql.one('select id from webhook_endpoints where id = ?', [id]);
    if (!found) return false;
    await sql.run('delete from webhook_attempts where delivery_id in (select id from webhook_deliveries where endpoint_id = ?)', [id]);
    await sql.run('delete from webhook_deliveries where endpoint_id = ?', [id]);
    await sql.run('delete from webhook_endpoints where id = ?', [id]);
    return true;
  }

  async rotate(sql: SqlSession, id: string, secret: string, previous: string, previousUntil: Date, now: Date): Promise<void> {
    await sql.run('update webhook_endpoints set secret = ?, previous_secret = ?, previous_secret_until = ?, updated_at = ? where id = ?', [
      secret,
      previous,
      sql.date(previousUntil),
      sql.date(now),
      id,
    ]);
  }

  /** Enables (clearing the reason and the failure streak) or disables with a reason. */
  async setEnabled(sql: SqlSession, id: string, enabled: boolean, reason: string | null, now: Date): Promise<void> {
    await sql.run(
      `update webhook_endpoints set enabled = ${enabled ? 'true' : 'false'}, disabled_reason = ?, failing_since = ${enabled ? 'null' : 'failing_since'}, updated_at = ? where id = ?`,
      [enabled ? null : reason, sql.date(now), id],
    );
  }

  /** A success ends the failure streak. */
  async succeeded(sql: SqlSession, id: string): Promise<void> {
    await sql.run('update webhook_endpoints set failing_since = null where id = ? and failing_since is not null', [id]);
  }

  /** A failure starts a streak, or continues one; resolves with when the streak began. */
  async failed(sql: SqlSession, id: string, now: Date): Promise<Date> {
    await sql.run('update webhook_endpoints set failing_since = ? where id = ? and failing_since is null', [sql.date(now), id]);
    const row = await sql.one<{ failing_since: unknown }>('select failing_since from webhook_endpoints where id = ?', [id]);
    return SqlSession.readDate(row?.failing_since) ?? now;
  }
}

function readEndpoint(row: Record<string, unknown>): WebhookEndpointRow {
  return {
    id: String(row.id),
    url: String(row.url),
    events: SqlSession.readJson<string[]>(row.events),
    description: (row.description as string | null) ?? null,
    // SQLite answers 0 or 1, PostgreSQL a boolean.
    enabled: Boolean(row.enabled),
    disabledReason: (row.disabled_reason as string | null) ?? null,
    secret: String(row.secret),
    previousSecret: (row.previous_secret as string | null) ?? null,
    previousSecretUntil: SqlSession.readDate(row.previous_secret_until),
    failingSince: SqlSession.readDate(row.failing_since),
    createdAt: SqlSession.readDate(row.created_at)!,
    updatedAt: SqlSession.readDate(row.updated_at)!,
  };
}
