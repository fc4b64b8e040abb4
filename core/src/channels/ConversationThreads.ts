import { inject, injectable } from 'inversify';
import { NotFoundError, serviceToken, ValidationError } from '@rapport/sdk';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { withRefs } from '../util/errorRefs.js';

/** How many earlier external ids of a thread go to the channel (email References stay short). */
const MAX_REFERENCES = 50;

/** Which conversation an outbound message belongs to, and what it replies to there. */
export interface ConversationThreads {
  /** The explicit conversation (checked to be the customer's), else the customer's most recently active open one. */
  conversationFor(customerId: string, conversationId: string | undefined): Promise<string | undefined>;
  /** The external ids of the conversation's earlier messages on the channel, oldest first; undefined when there are none. */
  referencesIn(conversationId: string, channel: string): Promise<string[] | undefined>;
}

/** The container token of {@link ConversationThreads}. */
export const ConversationThreads = serviceToken<ConversationThreads>('rapport.core.ConversationThreads');

/** {@link ConversationThreads} read from the conversations and interactions tables. */
@injectable()
export class SqlConversationThreads implements ConversationThreads {
  constructor(@inject(Database) private readonly database: Database) {}

  async conversationFor(customerId: string, conversationId: string | undefined): Promise<string | undefined> {
    const sql = SqlSession.autocommit(this.database);
    if (conversationId) {
      const row = await sql.one<{ customer_id: string }>('select customer_id from conversations where id = ?', [conversationId]);
      const ref = { type: 'Conversation', id: conversationId, field: 'conversationId' } as const;
      if (!row) throw withRefs(new NotFoundError(`No conversation with id "${conversationId}" (conversationId).`), ref);
      if (row.customer_id !== customerId) {
        throw withRefs(new ValidationError(`Conversation "${conversationId}" belongs to another customer; give that customer's id, or no conversationId.`, 'conversationId'), ref);
      }
      return conversationId;
    }
    const open = await sql.one<{ id: string }>(
      "select id from conversations where customer_id = ? and status = 'OPEN' order by last_activity_at desc limit 1",
      [customerId],
    );
    return open?.id;
  }

  async referencesIn(conversationId: string, channel: string): Promise<string[] | undefined> {
    const rows = await SqlSession.autocommit(this.database).all<{ external_id: string }>(
      `select external_id from (
         select external_id, occurred_at, id from interactions
          where conversation_id = ? and channel = ? and external_id is not null and direction <> 'INTERNAL'
          order by occurred_at desc, id desc limit ${MAX_REFERENCES}
       ) recent order by occurred_at asc, id asc`,
      [conversationId, channel],
    );
    // No earlier message on this channel: nothing to thread, the same as no conversation.
    return rows.length > 0 ? rows.map((row) => row.external_id) : undefined;
  }
}
