import { readConversationRow } from '../persistence/rowReaders.js';
import type { ConversationRow } from '../persistence/entities.js';

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
type Run = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * After a merge, one customer may have several open conversations: the one they had, and the one
 * the merged customer had (a chat that an identity token has just attached to the customer who
 * wrote by email). They are one story, so the most recently active one takes the others' messages
 * and timings, and the others are deleted. Only conversations active since `activeSince` (the
 * conversation window) take part: one idle for longer is one the customer's next message would
 * not join either. People keep a conversation that any of them had
 * (handler HUMAN), and its assignee. Resolves with the ids that were joined into it, or
 * undefined when there was nothing to join. Runs in the merge's transaction.
 */
export async function joinOpenConversations(query: Query, run: Run, customerId: string, activeSince: Date, dialect: 'sqlite' | 'postgresql'): Promise<string[] | undefined> {
  const date = (value: Date | null) => (value === null ? null : dialect === 'postgresql' ? value : value.getTime());
  const rows = (
    await query("select * from conversations where customer_id = ? and status = 'OPEN' and last_activity_at >= ? order by last_activity_at desc, id", [customerId, date(activeSince)])
  ).map(readConversationRow);
  if (rows.length < 2) return undefined;
  const [survivor, ...others] = rows as [ConversationRow, ...ConversationRow[]];
  const all = [survivor, ...others];
  const earliest = (dates: (Date | null)[]) => dates.filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  const channels = [...new Set(all.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime()).flatMap((c) => c.channels))];
  const human = all.some((c) => c.handler === 'HUMAN');
  const ids = others.map((c) => c.id);
  const marks = ids.map(() => '?').join(', ');
  await run(`update interactions set conversation_id = ? where conversation_id in (${marks})`, [survivor.id, ...ids]);
  await run(
    'update conversations set channels = ?, opened_at = ?, first_inbound_at = ?, first_response_at = ?, waiting_since = ?, handler = ?, assignee_id = ? where id = ?',
    [
      JSON.stringify(channels),
      date(earliest(all.map((c) => c.openedAt))),
      date(earliest(all.map((c) => c.firstInboundAt))),
      date(earliest(all.map((c) => c.firstResponseAt))),
      date(earliest(all.map((c) => c.waitingSince))),
      human ? 'HUMAN' : survivor.handler,
      survivor.assigneeId ?? others.find((c) => c.assigneeId)?.assigneeId ?? null,
      survivor.id,
    ],
  );
  await run(`delete from conversations where id in (${marks})`, ids);
  return ids;
}
