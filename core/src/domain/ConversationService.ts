import { inject, injectable } from 'inversify';
import { NotFoundError, serviceToken, ValidationError, type ListConversationsOptions } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import type { StagedEvent } from '../events/EventOutbox.js';
import { stageInTransaction } from '../events/stageInTransaction.js';
import { ConversationEntity, type ConversationRow } from '../persistence/entities.js';
import { Database } from '../persistence/openDatabase.js';
import { readConversationRow } from '../persistence/rowReaders.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { WhereClause } from '../persistence/WhereClause.js';
import { withRefs } from '../util/errorRefs.js';

/** A conversation as the core's API returns it. */
export interface Conversation {
  id: string;
  customerId: string;
  status: 'OPEN' | 'RESOLVED';
  channels: string[];
  openedChannel: string;
  threadKey: string | null;
  openedAt: Date;
  lastActivityAt: Date;
  firstInboundAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  handler: 'BOT' | 'HUMAN';
  /** The bot put on the conversation's channel, while or before it answered. */
  bot: string | null;
  assigneeId: string | null;
  /** The customer's oldest unanswered message in it, or null. */
  waitingSince: Date | null;
  /** From the customer's first message to the first reply, in ms. */
  firstResponseTimeMs: number | null;
  /** From opening to resolution, in ms. */
  resolutionTimeMs: number | null;
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    customerId: row.customerId,
    status: row.status,
    channels: [...row.channels],
    openedChannel: row.openedChannel,
    threadKey: row.threadKey ?? null,
    openedAt: row.openedAt,
    lastActivityAt: row.lastActivityAt,
    firstInboundAt: row.firstInboundAt ?? null,
    firstResponseAt: row.firstResponseAt ?? null,
    resolvedAt: row.resolvedAt ?? null,
    handler: row.handler,
    bot: row.bot ?? null,
    assigneeId: row.assigneeId ?? null,
    waitingSince: row.waitingSince ?? null,
    firstResponseTimeMs: row.firstResponseAt && row.firstInboundAt ? row.firstResponseAt.getTime() - row.firstInboundAt.getTime() : null,
    resolutionTimeMs: row.resolvedAt ? row.resolvedAt.getTime() - row.openedAt.getTime() : null,
  };
}

/** Conversations: reading, resolving and re-opening them. */
export interface ConversationService {
  get(id: string): Promise<Conversation | undefined>;
  /** A customer's conversations, oldest first unless `newestFirst`, at most `limit` (100 by default, 1000 at most). */
  list(customerId: string, options?: ListConversationsOptions): Promise<Conversation[]>;
  /**
   * Marks a conversation resolved and publishes `conversation.resolved`; resolving twice changes
   * nothing. `at` backdates the resolution (imports, demo data); it defaults to now.
   */
  resolve(id: string, at?: Date): Promise<Conversation>;
  /** Opens a resolved conversation again (e.g. after a low satisfaction score). */
  reopen(id: string): Promise<Conversation>;
}

/** The container token of the {@link ConversationService}. */
export const ConversationService = serviceToken<ConversationService>('rapport.core.ConversationService');

/** The {@link ConversationService} on the database. */
@injectable()
export class DatabaseConversationService implements ConversationService {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(EventBus) private readonly events: EventBus,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  // Reads are plain SQL on the read session: plugins read conversations on every event, where the
  // ORM's query building cost more than the statement (docs/benchmarks-soak.md).
  async get(id: string): Promise<Conversation | undefined> {
    const row = await SqlSession.reads(this.database).one('select * from conversations where id = ?', [id]);
    return row ? toConversation(readConversationRow(row)) : undefined;
  }

  async list(customerId: string, options: ListConversationsOptions = {}): Promise<Conversation[]> {
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new ValidationError(`limit must be a whole number from 1 to 1000, got ${JSON.stringify(options.limit)}.`, 'limit');
    }
    if (options.status !== undefined && options.status !== 'OPEN' && options.status !== 'RESOLVED') {
      throw new ValidationError(`status must be OPEN or RESOLVED, got ${JSON.stringify(options.status)}.`, 'status');
    }
    const since = options.since === undefined ? undefined : new Date(options.since);
    if (since && Number.isNaN(since.getTime())) throw new ValidationError(`since must be a date, got ${JSON.stringify(options.since)}.`, 'since');
    const order = options.newestFirst ? 'desc' : 'asc';
    const sql = SqlSession.reads(this.database);
    const where = new WhereClause().add('customer_id = ?', customerId);
    if (options.status) where.add('status = ?', options.status);
    if (since) where.add('opened_at >= ?', sql.date(since));
    const rows = await sql.all(`select * from conversations ${where.sql} order by opened_at ${order}, id ${order} limit ?`, [...where.params, limit]);
    return rows.map((row) => toConversation(readConversationRow(row)));
  }

  /**
   * Marks a conversation resolved and publishes `conversation.resolved`; resolving twice changes
   * nothing. `at` backdates the resolution (imports, demo data); it defaults to now.
   */
  async resolve(id: string, at?: Date): Promise<Conversation> {
    const { row } = await this.setStatus(id, 'RESOLVED', at);
    return toConversation(row);
  }

  /** Opens a resolved conversation again (e.g. after a low satisfaction score). */
  async reopen(id: string): Promise<Conversation> {
    const { row } = await this.setStatus(id, 'OPEN');
    return toConversation(row);
  }

  /** Sets the status and, if it changed, publishes `conversation.resolved` or `conversation.opened` (staged in the same transaction). */
  private async setStatus(id: string, status: 'OPEN' | 'RESOLVED', at?: Date): Promise<{ row: ConversationRow; changed: boolean }> {
    const result = await this.database.em().transactional(async (em): Promise<{ row: ConversationRow; changed: boolean; staged?: StagedEvent }> => {
      const row = await em.findOne(ConversationEntity, { id });
      if (!row) throw withRefs(new NotFoundError(`No conversation with id "${id}".`), { type: 'Conversation', id, field: 'id' });
      if (row.status === status) return { row, changed: false };
      const before = { status: row.status, resolvedAt: row.resolvedAt ?? null };
      row.status = status;
      const now = at ?? this.clock.now();
      row.resolvedAt = status === 'RESOLVED' ? now : null;
      if (status === 'OPEN') row.lastActivityAt = now;
      await em.flush();
      await this.audit.appendInOrm(em, [
        {
          action: status === 'RESOLVED' ? 'conversation.resolve' : 'conversation.reopen',
          targetType: 'Conversation',
          targetId: id,
          customerId: row.customerId,
          changes: { status: { before: before.status, after: status }, resolvedAt: { before: before.resolvedAt, after: row.resolvedAt ?? null } },
        },
      ]);
      const type = status === 'RESOLVED' ? 'conversation.resolved' : 'conversation.opened';
      const staged = await stageInTransaction(em, this.events, type, { conversationId: id, customerId: row.customerId });
      return { row, changed: true, staged };
    });
    if (result.staged) await this.events.afterCommit([result.staged]);
    return result;
  }
}
