import { inject, injectable } from 'inversify';
import { serviceToken, ValidationError } from '@rapport/sdk';
import { toConversation, type Conversation } from '../domain/ConversationService.js';
import { INBOX_KEY } from '../persistence/migrations/0022_inbox_order.js';
import { Database } from '../persistence/openDatabase.js';
import { readConversationRow } from '../persistence/rowReaders.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { WhereClause } from '../persistence/WhereClause.js';
import { keysetBounds, type KeysetPage } from '../util/KeysetPage.js';

/** The filters of the agents' inbox (`conversations(status, assigneeId, channel, handler)`). */
export interface InboxFilter {
  status?: 'OPEN' | 'RESOLVED';
  assigneeId?: string;
  channel?: string;
  handler?: 'BOT' | 'HUMAN';
}

/** A conversation and its place in the inbox order. */
export interface InboxEntry {
  conversation: Conversation;
  /** The inbox's sort key: see {@link InboxQuery}. */
  key: { at: Date; id: string };
}

/**
 * The agents' inbox: conversations whose customer waits for an answer first, longest waiting
 * first (`waiting_since`), then the others, least recently active first. Both orders are one sort
 * key, so pages go by keyset: a conversation nobody waits on sorts at its last activity moved a
 * thousand years on (31,536,000,000 seconds), behind every waiting one. Indexes on that key
 * (migration 0022) serve a page in order, within one status or across all.
 */
export interface InboxQuery {
  /** Up to `limit` entries from a key of an earlier page, in inbox order (backward: nearest first). */
  page(filter: InboxFilter, limit: number, page?: KeysetPage): Promise<InboxEntry[]>;
  /** How many conversations match the filter. */
  count(filter: InboxFilter): Promise<number>;
}

/** The container token of the {@link InboxQuery}. */
export const InboxQuery = serviceToken<InboxQuery>('rapport.core.InboxQuery');

@injectable()
export class SqlInboxQuery implements InboxQuery {
  constructor(@inject(Database) private readonly database: Database) {}

  async page(filter: InboxFilter, limit: number, page: KeysetPage = {}): Promise<InboxEntry[]> {
    const sql = SqlSession.reads(this.database);
    const key = this.sortKey();
    const where = this.where(sql, filter);
    const bounds = keysetBounds(key, false, page);
    if (bounds.condition) where.add(bounds.condition, ...bounds.cursorParams(sql.date(page.cursor!.at)));
    const rows = await sql.all(`select *, ${key} as inbox_key from conversations ${where.sql} order by ${bounds.order} limit ?`, [...where.params, limit]);
    return rows.map((row) => {
      const conversation = toConversation(readConversationRow(row));
      return { conversation, key: { at: SqlSession.readDate(row.inbox_key)!, id: conversation.id } };
    });
  }

  async count(filter: InboxFilter): Promise<number> {
    const sql = SqlSession.reads(this.database);
    const where = this.where(sql, filter);
    const row = await sql.one<{ n: number | string }>(`select count(*) as n from conversations ${where.sql}`, where.params);
    return Number(row?.n ?? 0);
  }

  /** Spelled as the inbox's indexes spell it, so that a page is read in their order (migration 0022). */
  private sortKey(): string {
    return INBOX_KEY[this.database.dialect];
  }

  private where(sql: SqlSession, filter: InboxFilter): WhereClause {
    const where = new WhereClause();
    if (filter.status) where.add('status = ?', checkedEnum(filter.status, ['OPEN', 'RESOLVED'], 'status'));
    if (filter.handler) where.add('handler = ?', checkedEnum(filter.handler, ['BOT', 'HUMAN'], 'handler'));
    if (filter.assigneeId) where.add('assignee_id = ?', filter.assigneeId);
    if (filter.channel) {
      if (sql.dialect === 'postgresql') where.add('channels @> ?::jsonb', JSON.stringify([filter.channel]));
      else where.add('exists (select 1 from json_each(conversations.channels) where json_each.value = ?)', filter.channel);
    }
    return where;
  }
}

function checkedEnum<T extends string>(value: T, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value)) throw new ValidationError(`${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}.`, field);
  return value;
}
