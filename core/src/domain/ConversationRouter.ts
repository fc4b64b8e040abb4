import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { NotFoundError, ValidationError } from '@rapport/sdk';
import type { ConversationRow, DirectionValue } from '../persistence/entities.js';
import { readConversationRow } from '../persistence/rowReaders.js';
import type { SqlSession } from '../persistence/SqlSession.js';
import { withRefs } from '../util/errorRefs.js';
import { ChannelBots } from './channelBots.js';
import { ConversationWindowMs } from './conversationWindow.js';
import { PeoplesConversations } from './PeoplesConversations.js';
import type { PendingWrite } from './CustomerService.js';

/** What the router needs to know about the interaction being recorded. */
export interface RoutedInteraction {
  customerId: string;
  channel: string;
  direction: DirectionValue;
  occurredAt: Date;
  threadKey?: string;
  /** An explicit conversation (e.g. a reply sent from it). */
  conversationId?: string;
}

/** Where an interaction goes, whether that conversation was opened for it, and the write it needs. */
export interface Route {
  conversation: ConversationRow | null;
  opened: boolean;
  /** The insert or update of the conversation; the caller must run it in the same transaction. */
  write?: PendingWrite;
}

const OPEN_CONVERSATION = 'select * from conversations where customer_id = ? and status = ?';

/**
 * Decides which conversation an interaction belongs to: the continuity of a conversation across
 * channels lives here.
 *
 * - An explicit conversation id wins (it must belong to the customer).
 * - With a thread key, the customer's open conversation with that key; otherwise a new one.
 * - Without one, the customer's most recently active open conversation, if its last activity is
 *   within the window, whatever its channel; otherwise a new one.
 * - INTERNAL notes join an open conversation but never open one.
 * - A resolved conversation is never joined: a new message after resolution opens a new one.
 * - A conversation a customer opens on a channel with a bot (`bots` in the config) starts with
 *   the bot as its handler; every other starts with people.
 * - `waiting_since` marks the customer's oldest unanswered message: set by an INBOUND message
 *   when nobody is waiting, cleared by an OUTBOUND one (the agents' inbox orders by it).
 *
 * It runs on the ingest path, so it speaks plain SQL (see SqlSession) inside the caller's
 * transaction.
 */
@injectable()
export class ConversationRouter {
  constructor(
    @inject(ConversationWindowMs) readonly windowMs: number,
    @inject(ChannelBots) private readonly bots: ChannelBots,
    @inject(PeoplesConversations) private readonly peoples: PeoplesConversations,
  ) {}

  /**
   * Routes an interaction. `candidate` is the customer's open conversation that
   * {@link candidateQuery} fetched with the caller's own lookup (null: there is none); without
   * it the router looks itself.
   */
  async route(sql: SqlSession, interaction: RoutedInteraction, candidate?: ConversationRow | null): Promise<Route> {
    const conversation = candidate === undefined || interaction.conversationId ? await this.find(sql, interaction) : this.withinWindow(candidate, interaction);
    if (conversation) {
      if (conversation.handler === 'HUMAN') this.peoples.note(conversation.id);
      return { conversation, opened: false, write: this.join(sql, conversation, interaction) };
    }
    if (interaction.direction === 'INTERNAL') return { conversation: null, opened: false };
    const inbound = interaction.direction === 'INBOUND';
    const bot = inbound ? (this.bots.get(interaction.channel) ?? null) : null;
    const opened: ConversationRow = {
      id: randomUUID(),
      customerId: interaction.customerId,
      status: 'OPEN',
      threadKey: interaction.threadKey ?? null,
      openedChannel: interaction.channel,
      channels: [interaction.channel],
      openedAt: interaction.occurredAt,
      lastActivityAt: interaction.occurredAt,
      firstInboundAt: inbound ? interaction.occurredAt : null,
      firstResponseAt: null,
      resolvedAt: null,
      handler: bot ? 'BOT' : 'HUMAN',
      bot,
      assigneeId: null,
      waitingSince: inbound ? interaction.occurredAt : null,
    };
    if (!bot) this.peoples.note(opened.id);
    const write = {
      sql: 'insert into conversations (id, customer_id, status, thread_key, opened_channel, channels, opened_at, last_activity_at, first_inbound_at, first_response_at, resolved_at, handler, bot, waiting_since) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, ?, ?)',
      params: [
        opened.id,
        opened.customerId,
        opened.status,
        opened.threadKey,
        opened.openedChannel,
        sql.json(opened.channels),
        sql.date(opened.openedAt),
        sql.date(opened.lastActivityAt),
        opened.firstInboundAt && sql.date(opened.firstInboundAt),
        opened.handler,
        opened.bot,
        opened.waitingSince && sql.date(opened.waitingSince),
      ],
    };
    return { conversation: opened, opened: true, write };
  }

  private async find(sql: SqlSession, interaction: RoutedInteraction): Promise<ConversationRow | null> {
    if (interaction.conversationId) {
      const row = await sql.one('select * from conversations where id = ?', [interaction.conversationId]);
      const ref = { type: 'Conversation', id: interaction.conversationId, field: 'conversationId' } as const;
      if (!row) throw withRefs(new NotFoundError(`No conversation with id "${interaction.conversationId}".`), ref);
      const explicit = readConversationRow(row);
      if (explicit.customerId !== interaction.customerId) {
        throw withRefs(new ValidationError(`Conversation "${explicit.id}" belongs to another customer.`, 'conversationId'), ref);
      }
      return explicit;
    }
    if (interaction.threadKey) {
      const row = await sql.one(`${OPEN_CONVERSATION} and thread_key = ? order by last_activity_at desc limit 1`, [
        interaction.customerId,
        'OPEN',
        interaction.threadKey,
      ]);
      return row ? readConversationRow(row) : null;
    }
    const row = await sql.one(`${OPEN_CONVERSATION} order by last_activity_at desc limit 1`, [interaction.customerId, 'OPEN']);
    return this.withinWindow(row ? readConversationRow(row) : null, interaction);
  }

  private withinWindow(candidate: ConversationRow | null, interaction: RoutedInteraction): ConversationRow | null {
    return candidate && this.joins(candidate, interaction) ? candidate : null;
  }

  /**
   * Whether an interaction joins this open candidate when the router is given it: a thread-keyed
   * one always does; otherwise only within the window.
   */
  joins(candidate: ConversationRow, interaction: Pick<RoutedInteraction, 'occurredAt' | 'threadKey'>): boolean {
    return Boolean(interaction.threadKey) || interaction.occurredAt.getTime() - candidate.lastActivityAt.getTime() <= this.windowMs;
  }

  /**
   * SQL for the candidate conversation of a customer whose id is the column `customerColumn` of
   * the enclosing query, for a caller that fetches it in its own query (one round trip less on
   * the ingest path). Takes the thread key as a parameter when `byThread`.
   */
  static candidateQuery(customerColumn: string, byThread: boolean): string {
    return `select id from conversations where customer_id = ${customerColumn} and status = 'OPEN'${byThread ? ' and thread_key = ?' : ''} order by last_activity_at desc limit 1`;
  }

  private join(sql: SqlSession, conversation: ConversationRow, interaction: RoutedInteraction): PendingWrite {
    if (!conversation.channels.includes(interaction.channel)) conversation.channels = [...conversation.channels, interaction.channel];
    if (interaction.occurredAt > conversation.lastActivityAt) conversation.lastActivityAt = interaction.occurredAt;
    if (interaction.direction === 'INBOUND' && !conversation.firstInboundAt) conversation.firstInboundAt = interaction.occurredAt;
    // Only a reply counts as a response: an outbound message before the customer wrote is not one.
    if (
      interaction.direction === 'OUTBOUND' &&
      !conversation.firstResponseAt &&
      conversation.firstInboundAt &&
      interaction.occurredAt >= conversation.firstInboundAt
    ) {
      conversation.firstResponseAt = interaction.occurredAt;
    }
    if (interaction.direction === 'INBOUND') conversation.waitingSince ??= interaction.occurredAt;
    if (interaction.direction === 'OUTBOUND') conversation.waitingSince = null;
    if (sql.dialect === 'postgresql') return atomicJoin(conversation.id, interaction);
    return {
      sql: 'update conversations set channels = ?, last_activity_at = ?, first_inbound_at = ?, first_response_at = ?, waiting_since = ? where id = ?',
      params: [
        sql.json(conversation.channels),
        sql.date(conversation.lastActivityAt),
        conversation.firstInboundAt && sql.date(conversation.firstInboundAt),
        conversation.firstResponseAt && sql.date(conversation.firstResponseAt),
        conversation.waitingSince && sql.date(conversation.waitingSince),
        conversation.id,
      ],
    };
  }
}

/**
 * The join as one atomic update computed by PostgreSQL from the row's current values, so that
 * concurrent messages of one conversation (say, on two channels) cannot overwrite each other's
 * changes. (SQLite runs one writer at a time, so the values computed above are current there.)
 */
function atomicJoin(conversationId: string, interaction: RoutedInteraction): PendingWrite {
  const join = atomicJoinOf('?', interaction);
  return { sql: join.sql, params: [...join.params, conversationId] };
}

/**
 * The PostgreSQL join of an interaction into the conversation whose id the SQL expression
 * `target` gives (a parameter, or a subquery of the caller's statement); `params` are those of
 * the statement before `target`.
 */
export function atomicJoinOf(target: string, interaction: Pick<RoutedInteraction, 'channel' | 'direction' | 'occurredAt'>): PendingWrite {
  const channel = JSON.stringify([interaction.channel]);
  const at = interaction.occurredAt;
  return {
    sql: `update conversations set
        channels = case when channels @> ?::jsonb then channels else channels || ?::jsonb end,
        last_activity_at = greatest(last_activity_at, ?),
        first_inbound_at = case when ? = 'INBOUND' then least(coalesce(first_inbound_at, ?), ?) else first_inbound_at end,
        first_response_at = case when ? = 'OUTBOUND' and first_response_at is null and first_inbound_at is not null and first_inbound_at <= ? then ? else first_response_at end,
        waiting_since = case ? when 'INBOUND' then coalesce(waiting_since, ?) when 'OUTBOUND' then null else waiting_since end
      where id = ${target}`,
    params: [channel, channel, at, interaction.direction, at, at, interaction.direction, at, at, interaction.direction, at],
  };
}
