import type { Clock } from '@rapport/sdk';
import type { AuditLog } from '../../audit/AuditLog.js';
import { deliveredEvent } from '../../events/EventOutbox.js';
import { OUTBOX_INSERT_COLUMNS } from '../../events/outboxInsert.js';
import type { Database } from '../../persistence/openDatabase.js';
import { SqlSession } from '../../persistence/SqlSession.js';
import { BoundedTextCache } from '../../util/BoundedTextCache.js';
import { orderedUuid } from '../../util/orderedUuid.js';
import { atomicJoinOf, ConversationRouter } from '../ConversationRouter.js';
import { toInteraction } from '../toInteraction.js';
import type { CheckedInput } from './checkInput.js';
import { interactionAudit, type InteractionAction } from './interactionAudit.js';
import { insertInteractionFrom, interactionRow } from './interactionTable.js';
import { RECORDED_PAYLOAD_COLUMNS, RECORDED_PAYLOAD_SQL, recordedPayload, type Recorded } from './recorded.js';

/**
 * The PostgreSQL path that records an interaction in one statement, when the common case holds.
 * It writes the outbox row of `interaction.recorded` itself, as EventBus.stage would: every
 * event bus is on the durable outbox. Its audit event is one more CTE of the statement.
 */
export class OpenConversationFastPath {
  /**
   * When this process last recorded an interaction of a sender (by customer id or identity) into
   * a conversation: the statement is tried only for a sender with such an interaction within the
   * window (or a thread key). For anyone else it would most likely find nothing, and cost a round
   * trip before the general path's two: in the email benchmark three attempts in five found
   * nothing (new senders, conversations past the window). A sender this process has not seen
   * takes the general path once, which is always correct.
   */
  private readonly recent = new BoundedTextCache<number>(RECENT_SENDERS);

  constructor(
    private readonly database: Database,
    private readonly router: ConversationRouter,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /** Notes an interaction recorded into a conversation, by either path (see {@link recent}). */
  noteRecorded(input: CheckedInput, recorded: Recorded): void {
    const key = senderKey(input);
    if (key && recorded.interaction.conversationId) this.recent.set(key, input.occurredAt.getTime());
  }

  /**
   * The common case on PostgreSQL in one round trip: a known customer (by id or identity) whose
   * open conversation the interaction joins (by thread key, or within the window), with no
   * duplicate of its external id. One statement finds the customer and the conversation, inserts
   * the interaction, joins the conversation and writes `interaction.recorded` to the outbox, or
   * does nothing when a condition does not hold; the general path (lookup, then writes) takes
   * over then. A racing duplicate fails the unique key, and the retry finds it.
   */
  async recordIntoOpenConversation(input: CheckedInput, action: InteractionAction = 'interaction.record'): Promise<Recorded | undefined> {
    if (input.conversationId || input.references) return undefined;
    const key = senderKey(input);
    const last = key === undefined ? undefined : this.recent.get(key);
    if (last === undefined || (!input.threadKey && input.occurredAt.getTime() - last > this.router.windowMs)) return undefined;
    const sql = SqlSession.autocommit(this.database);
    const id = orderedUuid();
    // Time-ordered like every outbox id (see EventOutbox.stage).
    const eventId = orderedUuid();
    const now = this.clock.now();
    const params: unknown[] = [];
    const owner = input.customerId
      ? (params.push(input.customerId), 'select id from customers where id = ?')
      : (params.push(input.identity!.kind, input.identity!.channel, input.identity!.value),
        'select customer_id as id from customer_identities where kind = ? and channel = ? and value = ?');
    if (input.threadKey) params.push(input.threadKey);
    const duplicate = input.externalId ? (params.push(input.channel, input.externalId), 'select 1 from interactions where channel = ? and external_id = ?') : 'select 1 where false';
    if (!input.threadKey) params.push(new Date(input.occurredAt.getTime() - this.router.windowMs));
    const inputRow = interactionRow(input, id, now);
    const insert = insertInteractionFrom(sql, inputRow, 'target');
    params.push(...insert.params);
    const join = atomicJoinOf('(select conversation_id from ins)', input);
    params.push(...join.params, eventId, now, now);
    // The audit event is written for the row `ins` inserts, whose customer the statement found.
    const audited = this.audit.insertSelecting(interactionAudit(action, id, input), 'ins');
    if (audited) params.push(...audited.params);
    // `ins` returns the payload's columns, customer_id and conversation_id among them.
    const [row] = await sql.all<{ customer_id: string; conversation_id: string }>(
      `with target as (
         select o.id as customer_id, c.id as conversation_id from (${owner}) o
           join conversations c on c.id = (${ConversationRouter.candidateQuery('o.id', Boolean(input.threadKey))})
          where not exists (${duplicate})${input.threadKey ? '' : ' and c.last_activity_at >= ?'}
       ), ins as (${insert.sql}
         returning ${RECORDED_PAYLOAD_COLUMNS}
       ), joined as (${join.sql} returning 1
       ), outboxed as (
         insert into event_outbox (${OUTBOX_INSERT_COLUMNS})
         select ?::text, 'interaction.recorded', ${RECORDED_PAYLOAD_SQL}, customer_id, ?::timestamptz, ?::timestamptz from ins
         returning 1
       )${audited ? `, audited as (${audited.sql} returning 1)` : ''}
       select customer_id, conversation_id from ins`,
      params,
    );
    if (!row) return undefined;
    const interaction = toInteraction(Object.assign(inputRow, { customerId: row.customer_id, conversationId: row.conversation_id }));
    // The event as the outbox row written above holds it.
    return { interaction, staged: [{ event: deliveredEvent('interaction.recorded', recordedPayload(interaction), eventId, now), durable: true }] };
  }
}

/** About 3 MB of sender keys at most: the senders of the last while. */
const RECENT_SENDERS = { maxEntries: 50_000, maxChars: 50_000 * 64, maxEntryChars: 512 };

/** The sender as the statement finds it: a customer id, or an identity. */
function senderKey(input: CheckedInput): string | undefined {
  if (input.customerId) return `c\u0000${input.customerId}`;
  const identity = input.identity;
  return identity ? `i\u0000${identity.kind}\u0000${identity.channel}\u0000${identity.value}` : undefined;
}
