import { inject, injectable } from 'inversify';
import {
  DELIVERY_STATUS_ORDER,
  movesForward,
  serviceToken,
  ValidationError,
  type Delivery,
  type DeliveryReceipt,
  type DeliveryStatus,
  type DeliveryUpdate,
  type Interaction,
} from '@rapport/sdk';
import { AuditLog, type AuditEntry } from '../../audit/AuditLog.js';
import { Clock } from '../../clock/Clock.js';
import { EventBus } from '../../events/EventBus.js';
import type { StagedEvent } from '../../events/EventOutbox.js';
import { Database } from '../../persistence/openDatabase.js';
import { SqlSession } from '../../persistence/SqlSession.js';
import { retryOnConflict } from '../../persistence/retryOnConflict.js';
import { checkReceipt } from './checkReceipt.js';

/** A message's key in `deliveries`: the channel and the provider's id. */
export interface DeliveryKey {
  channel: string;
  externalId: string;
}

/**
 * Delivery status of outbound messages (docs/architecture/channels.md#delivery-status). A
 * status only moves forward along DELIVERY_STATUS_ORDER; each move of a recorded message is
 * published as `interaction.delivery_changed` and audited as `message.deliver`, in the
 * transaction of the move. A receipt for a message not recorded yet is kept under its key and
 * published when the message is recorded ({@link startIn}).
 */
export interface DeliveryTracker {
  /** Applies a channel's receipts in the caller's transaction; returns the events to deliver after its commit. */
  applyIn(sql: SqlSession, channel: string, receipts: readonly DeliveryReceipt[]): Promise<StagedEvent[]>;
  /**
   * Notes the status a just-recorded outbound message starts in, in the transaction that recorded
   * it. Receipts kept for it already win if they went further.
   */
  startIn(sql: SqlSession, interaction: Interaction, status: DeliveryStatus): Promise<StagedEvent[]>;
  /** `ctx.interactions.updateDelivery`: one receipt in a transaction of its own. */
  update(update: DeliveryUpdate): Promise<Delivery>;
  /** The stored status of each message, in order (`null` where none is known). */
  deliveriesOf(keys: readonly DeliveryKey[]): Promise<(Delivery | null)[]>;
}

/** The container token of the {@link DeliveryTracker}. */
export const DeliveryTracker = serviceToken<DeliveryTracker>('rapport.core.DeliveryTracker');

interface StoredRow {
  status: DeliveryStatus;
  status_rank: number;
  error: string | null;
  updated_at: unknown;
}

const RANK = new Map(DELIVERY_STATUS_ORDER.map((status, index) => [status, index]));

/**
 * Moves the row forward only: the `where` of the upsert compares ranks in the database, so two
 * receipts racing on one message end at the furthest status whichever commits first.
 */
const UPSERT =
  'insert into deliveries (channel, external_id, status, status_rank, error, updated_at) values (?, ?, ?, ?, ?, ?) ' +
  'on conflict (channel, external_id) do update set status = excluded.status, status_rank = excluded.status_rank, ' +
  'error = excluded.error, updated_at = excluded.updated_at where deliveries.status_rank < excluded.status_rank returning status';

@injectable()
export class SqlDeliveryTracker implements DeliveryTracker {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(EventBus) private readonly events: EventBus,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async applyIn(sql: SqlSession, channel: string, receipts: readonly DeliveryReceipt[]): Promise<StagedEvent[]> {
    const staged: StagedEvent[] = [];
    for (const [index, receipt] of receipts.entries()) {
      const { externalId, status, error } = checkReceipt(receipt, receipts.length > 1 ? `receipts[${index}]` : 'receipt');
      const before = await this.stored(sql, channel, externalId);
      if (before && !movesForward(before.status, status)) continue;
      const moved = await sql.all(UPSERT, [channel, externalId, status, RANK.get(status), error ?? null, sql.date(this.clock.now())]);
      if (moved.length === 0) continue;
      const interaction = await sql.one<{ id: string; customer_id: string }>('select id, customer_id from interactions where channel = ? and external_id = ?', [channel, externalId]);
      // Not recorded yet: startIn publishes the move once the send's record exists.
      if (interaction) staged.push(...(await this.announce(sql, { interactionId: interaction.id, customerId: interaction.customer_id, channel }, status, before?.status ?? null, error)));
    }
    return staged;
  }

  async startIn(sql: SqlSession, interaction: Interaction, status: DeliveryStatus): Promise<StagedEvent[]> {
    const channel = interaction.channel;
    const externalId = interaction.externalId!;
    const kept = await this.stored(sql, channel, externalId);
    const ids = { interactionId: interaction.id, customerId: interaction.customerId, channel };
    if (movesForward(kept?.status, status)) {
      await sql.run(UPSERT, [channel, externalId, status, RANK.get(status), null, sql.date(this.clock.now())]);
      // Nothing kept: the message starts here, and interaction.recorded has told of it.
      return kept ? this.announce(sql, ids, status, kept.status, undefined) : [];
    }
    // Receipts came before the record (a provider's callback can beat the send's answer): the
    // message starts where they took it, and subscribers hear of it now.
    return kept!.status === status ? [] : this.announce(sql, ids, kept!.status, status, kept!.error ?? undefined);
  }

  async update(update: DeliveryUpdate): Promise<Delivery> {
    const channel = typeof update?.channel === 'string' ? update.channel.trim() : '';
    if (!channel) throw new ValidationError('channel is required: the channel the message went out on, e.g. "sms".', 'channel');
    const receipt = checkReceipt(update, 'update');
    const { staged, delivery } = await retryOnConflict(() =>
      SqlSession.transaction(this.database, async (sql) => {
        const events = await this.applyIn(sql, channel, [receipt]);
        return { staged: events, delivery: toDelivery((await this.stored(sql, channel, receipt.externalId))!) };
      }),
    );
    await this.events.afterCommit(staged);
    return delivery;
  }

  async deliveriesOf(keys: readonly DeliveryKey[]): Promise<(Delivery | null)[]> {
    const found = new Map<string, Delivery>();
    const byChannel = new Map<string, string[]>();
    for (const key of keys) (byChannel.get(key.channel) ?? byChannel.set(key.channel, []).get(key.channel)!).push(key.externalId);
    const sql = SqlSession.reads(this.database);
    for (const [channel, externalIds] of byChannel) {
      for (let start = 0; start < externalIds.length; start += 500) {
        const slice = externalIds.slice(start, start + 500);
        const rows = await sql.all<StoredRow & { external_id: string }>(
          `select external_id, status, status_rank, error, updated_at from deliveries where channel = ? and external_id in (${SqlSession.placeholders(slice)})`,
          [channel, ...slice],
        );
        for (const row of rows) found.set(`${channel}\0${row.external_id}`, toDelivery(row));
      }
    }
    return keys.map((key) => found.get(`${key.channel}\0${key.externalId}`) ?? null);
  }

  private stored(sql: SqlSession, channel: string, externalId: string): Promise<StoredRow | undefined> {
    // PostgreSQL: the row lock makes previousStatus exact when receipts for one message race.
    const lock = sql.dialect === 'postgresql' && sql.inTransaction ? ' for update' : '';
    return sql.one<StoredRow>(`select status, status_rank, error, updated_at from deliveries where channel = ? and external_id = ?${lock}`, [channel, externalId]);
  }

  private async announce(
    sql: SqlSession,
    ids: { interactionId: string; customerId: string; channel: string },
    status: DeliveryStatus,
    previousStatus: DeliveryStatus | null,
    error: string | undefined,
  ): Promise<StagedEvent[]> {
    const staged = this.events.stage([{ type: 'interaction.delivery_changed', payload: { ...ids, status, previousStatus, ...(error && { error }) } }]);
    const audit: AuditEntry = {
      action: 'message.deliver',
      targetType: 'Interaction',
      targetId: ids.interactionId,
      customerId: ids.customerId,
      changes: { deliveryStatus: { before: previousStatus, after: status } },
    };
    await sql.runTogether([...staged.flatMap((event) => (event.statement ? [event.statement] : [])), ...this.audit.statementsFor([audit])]);
    return staged;
  }
}

function toDelivery(row: StoredRow): Delivery {
  return { status: row.status, updatedAt: SqlSession.readDate(row.updated_at)!, error: row.error ?? null };
}
