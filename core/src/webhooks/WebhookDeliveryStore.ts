import { inject, injectable } from 'inversify';
import { Database } from '../persistence/openDatabase.js';
import { earlierPendingProbe } from '../persistence/queueProbe.js';
import type { Dialect } from '../persistence/SqlMigration.js';
import { SqlSession } from '../persistence/SqlSession.js';

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event for one endpoint, as stored (migration 0017). */
export interface WebhookDeliveryRow {
  seq: number;
  id: string;
  endpointId: string;
  /** The `webhook-id`: the event's id, the same for every attempt and redelivery. */
  eventId: string;
  eventType: string;
  customerId: string | null;
  /** The body, exactly as sent. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** When the next attempt is due; null once the delivery finished. */
  nextAttemptAt: Date | null;
  responseStatus: number | null;
  lastError: string | null;
  /** The delivery this one sends again (redeliverWebhook), if any. */
  redeliveryOf: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A delivery to write. */
export type NewDelivery = Pick<WebhookDeliveryRow, 'id' | 'endpointId' | 'eventId' | 'eventType' | 'customerId' | 'body' | 'redeliveryOf'>;

/** One attempt of the delivery log. */
export interface WebhookAttemptRow {
  deliveryId: string;
  at: Date;
  durationMs: number;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

/** The `webhook_deliveries` and `webhook_attempts` tables. */
@injectable()
export class WebhookDeliveryStore {
  constructor(@inject(Database) private readonly database: Database) {}

  /**
   * Writes deliveries due at `now`. A second write of the same (endpoint, event) is ignored: the
   * outbox delivers an event at least once, and each event is sent once per endpoint.
   */
  async insert(deliveries: readonly NewDelivery[], now: Date, sql = SqlSession.autocommit(this.database)): Promise<void> {
    if (deliveries.length === 0) return;
    const at = sql.date(now);
    await sql.run(
      `insert into webhook_deliveries (id, endpoint_id, event_id, event_type, customer_id, body, next_attempt_at, redelivery_of, created_at)
       values ${deliveries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} on conflict do nothing`,
      deliveries.flatMap((d) => [d.id, d.endpointId, d.eventId, d.eventType, d.customerId, d.body, at, d.redeliveryOf, at]),
    );
  }

  /**
   * Claims up to `limit` due deliveries of enabled endpoints, leased until `leaseUntil`: of each
   * (endpoint, customer), only the oldest pending one, so a customer's events reach an endpoint
   * in order and a later one waits while an earlier one is retried. `FOR UPDATE SKIP LOCKED` on
   * PostgreSQL lets several instances claim at once, each delivery going to one of them. The
   * probe for earlier pending deliveries goes through the (endpoint, customer) index
   * (persistence/queueProbe.ts).
   */
  async claim(now: Date, leaseUntil: Date, limit: number): Promise<WebhookDeliveryRow[]> {
    const sql = SqlSession.autocommit(this.database);
    const statement = claimDeliveriesStatement(sql.dialect, sql.date(now), sql.date(leaseUntil), limit);
    const rows = await sql.all(statement.sql, statement.params);
    return rows.map(readDelivery).sort((a, b) => a.seq - b.seq);
  }

  /** Records an attempt and its outcome: `next` is when to try again, or null when the delivery is finished. */
  async recordAttempt(sql: SqlSession, attempt: WebhookAttemptRow, outcome: { status: WebhookDeliveryStatus; next: Date | null }): Promise<void> {
    // Not for a delivery deleted (with its endpoint) while the attempt was under way.
    await sql.run(
      `insert into webhook_attempts (delivery_id, at, duration_ms, response_status, response_body, error)
       select ?, ?, ?, ?, ?, ? where exists (select 1 from webhook_deliveries where id = ?)`,
      [attempt.deliveryId, sql.date(attempt.at), attempt.durationMs, attempt.responseStatus, attempt.responseBody, attempt.error, attempt.deliveryId],
    );
    const finished = outcome.status !== 'pending';
    await sql.run(
      `update webhook_deliveries set status = ?, lease_until = null, next_attempt_at = ?, response_status = ?, last_error = ?, finished_at = ? where id = ?`,
      [
        outcome.status,
        sql.date(outcome.next ?? attempt.at),
        attempt.responseStatus,
        attempt.error ?? (attempt.responseStatus !== null && (attempt.responseStatus < 200 || attempt.responseStatus > 299) ? `HTTP ${attempt.responseStatus}` : null),
        finished ? sql.date(attempt.at) : null,
        attempt.deliveryId,
      ],
    );
  }

  async get(id: string): Promise<WebhookDeliveryRow | undefined> {
    const row = await SqlSession.autocommit(this.database).one('select * from webhook_deliveries where id = ?', [id]);
    return row && readDelivery(row);
  }

  /** An endpoint's deliveries, newest first, after the one with `afterSeq`; one more than `limit` tells whether more follow. */
  async list(endpointId: string, limit: number, afterSeq?: number): Promise<WebhookDeliveryRow[]> {
    const rows = await SqlSession.autocommit(this.database).all(
      `select * from webhook_deliveries where endpoint_id = ?${afterSeq === undefined ? '' : ' and seq < ?'} order by seq desc limit ?`,
      [endpointId, ...(afterSeq === undefined ? [] : [afterSeq]), limit],
    );
    return rows.map(readDelivery);
  }

  async count(endpointId: string): Promise<number> {
    const row = await SqlSession.autocommit(this.database).one<{ n: unknown }>('select count(*) as n from webhook_deliveries where endpoint_id = ?', [endpointId]);
    return Number(row?.n ?? 0);
  }

  /** The attempts of deliveries, oldest first. */
  async attemptsOf(deliveryIds: readonly string[]): Promise<WebhookAttemptRow[]> {
    if (deliveryIds.length === 0) return [];
    const rows = await SqlSession.autocommit(this.database).all(
      `select * from webhook_attempts where delivery_id in (${SqlSession.placeholders(deliveryIds)}) order by id`,
      [...deliveryIds],
    );
    return rows.map((row) => ({
      deliveryId: String(row.delivery_id),
      at: SqlSession.readDate(row.at)!,
      durationMs: Number(row.duration_ms),
      responseStatus: row.response_status === null ? null : Number(row.response_status),
      responseBody: (row.response_body as string | null) ?? null,
      error: (row.error as string | null) ?? null,
    }));
  }

  /** When the next pending delivery of an enabled endpoint is due, if any. */
  async nextDueAt(): Promise<Date | null> {
    const row = await SqlSession.autocommit(this.database).one<{ at: unknown }>(
      "select min(d.next_attempt_at) as at from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where d.status = 'pending' and e.enabled = true",
    );
    return SqlSession.readDate(row?.at);
  }

  /** Frees every lease (a sole SQLite process starting: they are a dead predecessor's). */
  async releaseAllLeases(): Promise<void> {
    await SqlSession.autocommit(this.database).run("update webhook_deliveries set lease_until = null where status = 'pending' and lease_until is not null");
  }
}

function readDelivery(row: Record<string, unknown>): WebhookDeliveryRow {
  const status = String(row.status) as WebhookDeliveryStatus;
  return {
    seq: Number(row.seq),
    id: String(row.id),
    endpointId: String(row.endpoint_id),
    eventId: String(row.event_id),
    eventType: String(row.event_type),
    customerId: (row.customer_id as string | null) ?? null,
    body: String(row.body),
    status,
    attempts: Number(row.attempts),
    nextAttemptAt: status === 'pending' ? SqlSession.readDate(row.next_attempt_at) : null,
    responseStatus: row.response_status === null || row.response_status === undefined ? null : Number(row.response_status),
    lastError: (row.last_error as string | null) ?? null,
    redeliveryOf: (row.redelivery_of as string | null) ?? null,
    createdAt: SqlSession.readDate(row.created_at)!,
    finishedAt: SqlSession.readDate(row.finished_at),
  };
}

/** The statement of {@link WebhookDeliveryStore.claim}, with dialect values for the times (`SqlSession.date`). */
export function claimDeliveriesStatement(dialect: Dialect, now: unknown, leaseUntil: unknown, limit: number): { sql: string; params: unknown[] } {
  return {
    sql: `update webhook_deliveries set lease_until = ?, attempts = attempts + 1 where seq in (
         select d.seq from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
          where d.status = 'pending' and d.next_attempt_at <= ? and (d.lease_until is null or d.lease_until < ?) and e.enabled = true
            and not exists (select 1 from webhook_deliveries p where p.endpoint_id = d.endpoint_id and p.customer_id = d.customer_id and ${earlierPendingProbe('webhook_deliveries', 'p', 'd.seq', dialect)})
          order by d.seq limit ?${dialect === 'postgresql' ? ' for update of d skip locked' : ''})
       returning *`,
    params: [leaseUntil, now, now, limit],
  };
}
