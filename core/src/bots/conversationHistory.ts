import type { Interaction } from '@rapport/sdk';
import type { Database } from '../persistence/openDatabase.js';
import { INTERACTION_COLUMNS, readInteraction } from '../persistence/rowReaders.js';
import { SqlSession } from '../persistence/SqlSession.js';

/** How much of a conversation a bot sees: enough for context, bounded so a long thread stays cheap. */
export const BOT_HISTORY_LIMIT = 50;

/** The conversation's last messages to and from the customer, oldest first (INTERNAL notes left out). */
export async function conversationHistory(database: Database, conversationId: string, limit = BOT_HISTORY_LIMIT): Promise<Interaction[]> {
  const rows = await SqlSession.reads(database).all(
    `select ${INTERACTION_COLUMNS} from interactions where conversation_id = ? and direction <> 'INTERNAL' order by occurred_at desc, id desc limit ?`,
    [conversationId, limit],
  );
  return rows.map(readInteraction).reverse();
}
