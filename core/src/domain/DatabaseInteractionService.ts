import { randomUUID } from 'node:crypto';
import {
  NotFoundError,
  ValidationError,
  type Clock,
  type CoreEventPayloads,
  type Interaction,
  type InteractionSearch,
  type ListInteractionsOptions,
  type RecordInteractionInput,
} from '@rapport/sdk';
import type { EventBus } from '../events/EventBus.js';
import { deliveredEvent, type StagedEvent } from '../events/EventOutbox.js';
import { InteractionEntity, type ConversationRow, type DirectionValue, type InteractionRow } from '../persistence/entities.js';
import type { Database } from '../persistence/openDatabase.js';
import { readConversationRow, readInteraction } from '../persistence/rowReaders.js';
import { isRetryable, SqlSession } from '../persistence/SqlSession.js';
import { atomicJoinOf, ConversationRouter } from './ConversationRouter.js';
import type { DatabaseCustomerService } from './DatabaseCustomerService.js';
import { normalizeEmail, normalizeHandle, normalizePhone, type Identity } from './identities.js';
import type { InteractionService } from './InteractionService.js';
import { toInteraction } from './toInteraction.js';
import { orderedUuid } from '../util/orderedUuid.js';

const DIRECTIONS: readonly DirectionValue[] = ['INBOUND', 'OUTBOUND', 'INTERNAL'];
/** The largest page `find` returns: org-wide reads page through, they never load everything. */
const MAX_SEARCH_PAGE = 5_000;

function checkDate(value: Date | string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ValidationError(`${field} must be a date, got ${JSON.stringify(value)}.`, field);
  return date;
}

/** A recorded interaction and what recording it changed, for the events that follow the commit. */
interface Recorded {
  interaction: Interaction;
  /** The events written with it (none for a duplicate). */
  staged: StagedEvent[];
}

/**
 * Records interactions: resolves the customer from an id or an identity (creating the customer
 * for an unknown identity), routes the interaction into a conversation, and stores it, all in one
 * transaction. Recording is idempotent on `(channel, externalId)`: a repeat returns the first
 * interaction and changes nothing, even when two requests race.
 */
export class DatabaseInteractionService implements InteractionService {
  constructor(
    private readonly database: Database,
    private readonly customers: DatabaseCustomerService,
    private readonly router: ConversationRouter,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async record(input: CoreRecordInput): Promise<Interaction> {
    const [recorded] = await this.recordMany([input]);
    return recorded!;
  }

  /**
   * Records several interactions in one transaction: all are stored, or none is (an inbound
   * webhook that carries three messages never leaves one behind).
   */
  async recordMany(inputs: readonly CoreRecordInput[]): Promise<Interaction[]> {
    const checked = inputs.map((input) => checkInput(input, this.clock.now()));
    const results = await this.inTransaction(checked);
    await this.events.afterCommit(results.flatMap((result) => result.staged));
    return results.map((result) => result.interaction);
  }

  /**
   * Runs the batch in one transaction. A unique key that fails means a concurrent request wrote
   * the same (channel, externalId) or created the same new customer first; the whole batch then
   * runs once more, and finds what the other request wrote. A deadlock the database broke is
   * retried the same way.
   */
  private async inTransaction(checked: CheckedInput[], attempt = 1): Promise<Recorded[]> {
    try {
      // One interaction's writes are a single statement on PostgreSQL, atomic by itself: BEGIN
      // and COMMIT would only add two round trips.
      if (checked.length === 1 && this.database.dialect === 'postgresql') {
        const joined = await this.recordIntoOpenConversation(checked[0]!);
        if (joined) return [joined];
        try {
          return [await this.recordIn(SqlSession.autocommit(this.database), checked[0]!)];
        } catch (error) {
          if (!(error instanceof NeedsTransaction)) throw error;
          // Opening a conversation: the rare case that needs a lock, hence a transaction.
        }
      }
      return await SqlSession.transaction(this.database, async (sql) => {
        const out: Recorded[] = [];
        for (const input of checked) out.push(await this.recordIn(sql, input));
        return out;
      });
    } catch (error) {
      if (attempt < 3 && isRetryable(error)) return this.inTransaction(checked, attempt + 1);
      throw error;
    }
  }

  async list(customerId: string, options: ListInteractionsOptions = {}): Promise<Interaction[]> {
    const rows = await this.database.em().find(
      InteractionEntity,
      {
        customerId,
        ...(options.channel && { channel: options.channel }),
        ...(options.type && { type: options.type }),
        ...(options.direction && { direction: options.direction }),
        ...(options.since && { occurredAt: { $gte: checkDate(options.since, 'since') } }),
      },
      {
        orderBy: { occurredAt: options.newestFirst ? 'desc' : 'asc', id: options.newestFirst ? 'desc' : 'asc' },
        ...(options.limit && { limit: options.limit }),
      },
    );
    return rows.map(toInteraction);
  }

  async get(id: string): Promise<Interaction | undefined> {
    const row = await this.database.em().findOne(InteractionEntity, { id });
    return row ? toInteraction(row) : undefined;
  }

  /** Interactions of every customer that match, ordered by `occurredAt` then id, one page at a time. */
  async find(search: InteractionSearch): Promise<Interaction[]> {
    const limit = search.limit ?? 500;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_PAGE) {
      throw new ValidationError(`limit must be a whole number from 1 to ${MAX_SEARCH_PAGE}, got ${JSON.stringify(search.limit)}.`, 'limit');
    }
    const occurredAt = {
      ...(search.from && { $gte: checkDate(search.from, 'from') }),
      ...(search.to && { $lt: checkDate(search.to, 'to') }),
    };
    const after = search.after && { at: checkDate(search.after.occurredAt, 'after.occurredAt'), id: search.after.id };
    const rows = await this.database.em().find(
      InteractionEntity,
      {
        ...(search.type && { type: search.type }),
        ...(search.channel && { channel: search.channel }),
        ...(search.direction && { direction: search.direction }),
        ...(Object.keys(occurredAt).length > 0 && { occurredAt }),
        ...(after && { $or: [{ occurredAt: { $gt: after.at } }, { occurredAt: after.at, id: { $gt: after.id } }] }),
      },
      { orderBy: { occurredAt: 'asc', id: 'asc' }, limit },
    );
    return rows.map(toInteraction);
  }

  /**
   * The common case on PostgreSQL in one round trip: a known customer (by id or identity) whose
   * open conversation the interaction joins (by thread key, or within the window), with no
   * duplicate of its external id. One statement finds the customer and the conversation, inserts
   * the interaction, joins the conversation and writes `interaction.recorded` to the outbox, or
   * does nothing when a condition does not hold; the general path (lookup, then writes) takes
   * over then. A racing duplicate fails the unique key, and the retry finds it.
   */
  private async recordIntoOpenConversation(input: CheckedInput): Promise<Recorded | undefined> {
    if (input.conversationId || input.references || !this.events.outboxDelivery) return undefined;
    const sql = SqlSession.autocommit(this.database);
    const id = orderedUuid();
    const eventId = randomUUID();
    const now = this.clock.now();
    const params: unknown[] = [];
    const owner = input.customerId
      ? (params.push(input.customerId), 'select id from customers where id = ?')
      : (params.push(input.identity!.kind, input.identity!.channel, input.identity!.value),
        'select customer_id as id from customer_identities where kind = ? and channel = ? and value = ?');
    if (input.threadKey) params.push(input.threadKey);
    const duplicate = input.externalId ? (params.push(input.channel, input.externalId), 'select 1 from interactions where channel = ? and external_id = ?') : 'select 1 where false';
    if (!input.threadKey) params.push(new Date(input.occurredAt.getTime() - this.router.windowMs));
    params.push(
      ...[id, input.channel, input.direction, input.type, input.subject ?? null, input.text ?? null, input.occurredAt],
      ...[input.externalId ?? null, input.threadKey ?? null, sql.json(input.metadata), now],
    );
    const join = atomicJoinOf('(select conversation_id from ins)', input);
    params.push(...join.params, eventId, id, input.channel, input.type, input.direction, now, now);
    const [row] = await sql.all<{ customer_id: string; conversation_id: string }>(
      `with target as (
         select o.id as customer_id, c.id as conversation_id from (${owner}) o
           join conversations c on c.id = (${ConversationRouter.candidateQuery('o.id', Boolean(input.threadKey))})
          where not exists (${duplicate})${input.threadKey ? '' : ' and c.last_activity_at >= ?'}
       ), ins as (
         insert into interactions (id, customer_id, conversation_id, channel, direction, type, subject, text, occurred_at, external_id, thread_key, metadata, created_at)
         select ?::text, customer_id, conversation_id, ?::text, ?::text, ?::text, ?::text, ?::text, ?::timestamptz, ?::text, ?::text, ?::jsonb, ?::timestamptz from target
         returning customer_id, conversation_id
       ), joined as (${join.sql} returning 1
       ), outboxed as (
         insert into event_outbox (id, type, payload, customer_id, occurred_at, available_at)
         select ?::text, 'interaction.recorded',
                jsonb_build_object('interactionId', ?::text, 'customerId', customer_id, 'conversationId', conversation_id, 'channel', ?::text, 'type', ?::text, 'direction', ?::text),
                customer_id, ?::timestamptz, ?::timestamptz from ins
         returning 1
       )
       select customer_id, conversation_id from ins`,
      params,
    );
    if (!row) return undefined;
    const interaction = toInteraction(interactionRow(input, id, row.customer_id, row.conversation_id, now));
    // The event as the outbox row written above holds it.
    return { interaction, staged: [{ event: deliveredEvent('interaction.recorded', recordedPayload(interaction), eventId, now), durable: true }] };
  }

  /**
   * The ingest path: plain SQL (see SqlSession). One query answers both "was this external id
   * recorded already?" and "whose identity is this?", because every round trip to the database
   * counts here (about five statements per interaction, begin and commit included).
   */
  private async recordIn(sql: SqlSession, input: CheckedInput): Promise<Recorded> {
    const lookup = await this.lookup(sql, input);
    if (lookup.duplicateId) {
      const existing = await sql.one('select * from interactions where id = ?', [lookup.duplicateId]);
      return { interaction: readInteraction(existing!), staged: [] };
    }
    let customerId = lookup.customerId;
    const writes = [];
    if (!customerId) {
      if (input.customerId) throw new NotFoundError(`No customer with id "${input.customerId}".`);
      const creation = this.customers.createForIdentity(sql, input.identity!, input.displayName);
      customerId = creation.customerId;
      writes.push(...creation.writes);
    }
    const created = writes.length > 0;
    const repliedTo = !created && !input.conversationId && input.references ? await this.conversationReferenced(sql, customerId, input) : undefined;
    const routed = {
      customerId,
      channel: input.channel,
      direction: input.direction,
      occurredAt: input.occurredAt,
      threadKey: input.threadKey,
      conversationId: input.conversationId ?? repliedTo,
    };
    // A customer created just now has no conversation yet.
    let route = await this.router.route(sql, routed, created ? null : routed.conversationId ? undefined : lookup.candidate);
    if (route.opened && !created && sql.dialect === 'postgresql') {
      // Two messages of one customer arriving together must not open two conversations: opening
      // one takes the customer's row lock and looks again, so the second joins the first's.
      // (SQLite runs one writer at a time and needs no lock.)
      // FOR NO KEY UPDATE serializes openers without blocking the key-share locks that foreign
      // keys take, so concurrent joins that insert interactions of this customer never wait on it.
      if (!sql.inTransaction) throw new NeedsTransaction();
      await sql.run('select id from customers where id = ? for no key update', [customerId]);
      route = await this.router.route(sql, routed);
    }
    const row = interactionRow(input, orderedUuid(), customerId, route.conversation?.id ?? null, this.clock.now());
    const insert = {
      sql: 'insert into interactions (id, customer_id, conversation_id, channel, direction, type, subject, text, occurred_at, external_id, thread_key, metadata, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      params: [
        ...[row.id, row.customerId, row.conversationId, row.channel, row.direction, row.type, row.subject, row.text],
        ...[sql.date(row.occurredAt), row.externalId, row.threadKey, sql.json(row.metadata), sql.date(row.createdAt)],
      ],
    };
    const interaction = toInteraction(row);
    const staged = this.eventsOf(interaction, created, route.opened);
    // Customer, conversation, interaction and their events go to the database together (one
    // statement on PostgreSQL): with the lookup above, two round trips per interaction.
    await sql.runTogether([...writes, ...(route.write ? [route.write] : []), insert, ...staged.flatMap((event) => (event.statement ? [event.statement] : []))]);
    return { interaction, staged };
  }

  /**
   * The conversation of the newest earlier message of this customer on this channel that the
   * input replies to (by external id, e.g. email In-Reply-To and References), whoever sent it.
   * A resolved conversation is joined only by what is not a new message (a survey answer, say):
   * a new message after resolution opens a new conversation, as without references.
   */
  private async conversationReferenced(sql: SqlSession, customerId: string, input: CheckedInput): Promise<string | undefined> {
    const references = input.references!;
    const row = await sql.one<{ id: string; status: string }>(
      `select c.id, c.status from interactions i join conversations c on c.id = i.conversation_id
        where i.channel = ? and i.customer_id = ? and i.external_id in (${SqlSession.placeholders(references)})
        order by i.occurred_at desc limit 1`,
      [input.channel, customerId, ...references],
    );
    if (!row) return undefined;
    return row.status === 'OPEN' || input.type !== 'message' ? row.id : undefined;
  }

  /**
   * In one query: the interaction already recorded under this external id, the customer, and the
   * customer's candidate open conversation (unless the input names one).
   */
  private async lookup(sql: SqlSession, input: CheckedInput): Promise<{ duplicateId?: string; customerId?: string; candidate?: ConversationRow | null }> {
    const duplicate = input.externalId ? 'select id from interactions where channel = ? and external_id = ?' : 'select null';
    const customer = input.customerId
      ? 'select id from customers where id = ?'
      : 'select customer_id from customer_identities where kind = ? and channel = ? and value = ?';
    const withCandidate = !input.conversationId;
    const params = [
      ...(input.externalId ? [input.channel, input.externalId] : []),
      ...(input.customerId ? [input.customerId] : [input.identity!.kind, input.identity!.channel, input.identity!.value]),
      ...(withCandidate && input.threadKey ? [input.threadKey] : []),
    ];
    const candidateJoin = withCandidate
      ? `left join conversations c on c.id = (${ConversationRouter.candidateQuery('o.customer_id', Boolean(input.threadKey))})`
      : 'left join conversations c on 1 = 0';
    const row = await sql.one<Record<string, unknown>>(
      `select d.duplicate_id, o.customer_id as owner_id, c.* from (${`select (${duplicate}) as duplicate_id`}) d
       cross join (select (${customer}) as customer_id) o ${candidateJoin}`,
      params,
    );
    return {
      duplicateId: (row?.duplicate_id as string | null) ?? undefined,
      customerId: (row?.owner_id as string | null) ?? undefined,
      candidate: withCandidate ? (row?.id ? readConversationRow(row) : null) : undefined,
    };
  }

  /** The events of a newly recorded interaction, staged to be written with it. */
  private eventsOf(interaction: Interaction, createdCustomer: boolean, openedConversation: boolean): StagedEvent[] {
    const { customerId } = interaction;
    return this.events.stage([
      ...(createdCustomer ? [{ type: 'customer.created', payload: { customerId } }] : []),
      ...(openedConversation ? [{ type: 'conversation.opened', payload: { conversationId: interaction.conversationId!, customerId } }] : []),
      { type: 'interaction.recorded', payload: recordedPayload(interaction) },
    ]);
  }
}

/** The row of a checked input, once its customer and conversation are known. */
function interactionRow(input: CheckedInput, id: string, customerId: string, conversationId: string | null, createdAt: Date): InteractionRow {
  return {
    id,
    customerId,
    conversationId,
    channel: input.channel,
    direction: input.direction,
    type: input.type,
    subject: input.subject ?? null,
    text: input.text ?? null,
    occurredAt: input.occurredAt,
    externalId: input.externalId ?? null,
    threadKey: input.threadKey ?? null,
    metadata: input.metadata,
    createdAt,
  };
}

/** The payload of `interaction.recorded` (contracts §5). */
function recordedPayload(interaction: Interaction): CoreEventPayloads['interaction.recorded'] {
  const { id: interactionId, customerId, conversationId, channel, type, direction } = interaction;
  return { interactionId, customerId, conversationId, channel, type, direction };
}

/** Thrown before any write when the fast, transaction-less path meets a case that needs a lock. */
class NeedsTransaction extends Error {}

/** A validated, normalized RecordInteractionInput. */
interface CheckedInput {
  customerId?: string;
  identity?: Identity;
  displayName?: string;
  channel: string;
  direction: DirectionValue;
  type: string;
  subject?: string;
  text?: string;
  occurredAt: Date;
  externalId?: string;
  threadKey?: string;
  conversationId?: string;
  references?: string[];
  metadata: Record<string, unknown>;
}

/** Extra fields the core's own callers may pass (sendMessage, inbound webhooks). */
export interface CoreRecordInput extends RecordInteractionInput {
  displayName?: string;
  /** External ids on this channel that the interaction replies to (inbound webhooks). */
  references?: string[];
}

function checkInput(input: CoreRecordInput, now: Date): CheckedInput {
  const channel = typeof input.channel === 'string' ? input.channel.trim() : '';
  if (!channel) throw new ValidationError('channel is required, e.g. "email".', 'channel');
  if (!DIRECTIONS.includes(input.direction)) {
    throw new ValidationError(`direction must be one of ${DIRECTIONS.join(', ')}, got ${JSON.stringify(input.direction)}.`, 'direction');
  }
  const type = typeof input.type === 'string' ? input.type.trim() : '';
  if (!type) throw new ValidationError('type is required, e.g. "message", "call", "purchase" or "survey_response".', 'type');
  const occurredAt = input.occurredAt === undefined || input.occurredAt === null ? now : new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) {
    throw new ValidationError(`occurredAt must be an ISO-8601 date-time, got ${JSON.stringify(input.occurredAt)}.`, 'occurredAt');
  }
  const metadata = input.metadata ?? {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new ValidationError('metadata must be a JSON object.', 'metadata');
  const identity = input.customerId
    ? undefined
    : input.email
      ? { kind: 'email' as const, channel: '', value: normalizeEmail(input.email) }
      : input.phone
        ? { kind: 'phone' as const, channel: '', value: normalizePhone(input.phone) }
        : input.handle
          ? normalizeHandle(channel, input.handle)
          : undefined;
  if (!input.customerId && !identity) {
    throw new ValidationError('Give customerId, or an identity of the customer: email, phone, or handle (on this channel).', 'customerId');
  }
  return {
    customerId: input.customerId,
    identity,
    displayName: input.displayName,
    channel,
    direction: input.direction,
    type,
    subject: input.subject ?? undefined,
    text: input.text ?? undefined,
    occurredAt,
    externalId: input.externalId ?? undefined,
    threadKey: input.threadKey ?? undefined,
    conversationId: input.conversationId ?? undefined,
    references: checkReferences(input.references),
    metadata,
  };
}

function checkReferences(references: unknown): string[] | undefined {
  if (references === undefined || references === null) return undefined;
  if (!Array.isArray(references) || references.some((reference) => typeof reference !== 'string')) {
    throw new ValidationError('references must be a list of external ids.', 'references');
  }
  const unique = [...new Set(references as string[])].filter(Boolean);
  return unique.length > 0 ? unique.slice(-100) : undefined;
}
