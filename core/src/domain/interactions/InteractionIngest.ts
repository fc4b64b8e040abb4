import { NotFoundError, type Clock, type Interaction } from '@rapport/sdk';
import type { AuditEntry, AuditLog } from '../../audit/AuditLog.js';
import type { EventBus } from '../../events/EventBus.js';
import type { StagedEvent } from '../../events/EventOutbox.js';
import type { ConversationRow, InteractionRow } from '../../persistence/entities.js';
import { readConversationRow, readInteraction } from '../../persistence/rowReaders.js';
import { SqlSession } from '../../persistence/SqlSession.js';
import { withRefs } from '../../util/errorRefs.js';
import { orderedUuid } from '../../util/orderedUuid.js';
import { ConversationRouter } from '../ConversationRouter.js';
import type { CustomerService, PendingWrite } from '../CustomerService.js';
import { toInteraction } from '../toInteraction.js';
import type { CheckedInput } from './checkInput.js';
import { interactionAudit, type InteractionAction } from './interactionAudit.js';
import { insertInteraction, interactionRow } from './interactionTable.js';
import { mergeRecorded, recordEvents } from './mergeRecorded.js';
import { recordedPayload, type Recorded } from './recorded.js';

/** The owner of an identity, as a subquery of the lookup (parameters: kind, channel, value). */
const OWNER_OF_IDENTITY = 'select customer_id from customer_identities where kind = ? and channel = ? and value = ?';

/** What {@link InteractionIngest} learns in its one lookup query. */
interface Lookup {
  duplicateId?: string;
  customerId?: string;
  candidate?: ConversationRow | null;
  /** The owner of each of the input's other identities, in their order (none given a customerId). */
  otherOwners: (string | undefined)[];
  /** The conversation of the newest message of the found customer that the input replies to. */
  referenced?: { id: string; status: string };
}

/**
 * The conversation a reply joins: the referenced one, unless it is resolved and the reply is a
 * new message (which then opens a new conversation, as without references); a survey answer, say,
 * still joins it.
 */
function repliedToOf(referenced: { id: string; status: string } | undefined, input: CheckedInput): string | undefined {
  if (!referenced) return undefined;
  return referenced.status === 'OPEN' || input.type !== 'message' ? referenced.id : undefined;
}

/** Thrown before any write when the fast, transaction-less path meets a case that needs a lock. */
export class NeedsTransaction extends Error {}

/** The general ingest path: every case, in the caller's transaction (or autocommit session). */
export class InteractionIngest {
  constructor(
    private readonly customers: CustomerService,
    private readonly router: ConversationRouter,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The ingest path: plain SQL (see SqlSession). One query answers both "was this external id
   * recorded already?" and "whose identity is this?", because every round trip to the database
   * counts here (about five statements per interaction, begin and commit included).
   */
  async recordIn(sql: SqlSession, input: CheckedInput, action: InteractionAction = 'interaction.record'): Promise<Recorded> {
    const lookup = await this.lookup(sql, input);
    if (lookup.duplicateId) {
      if (input.merge) return this.merge(sql, lookup.duplicateId, input);
      const existing = await sql.one('select * from interactions where id = ?', [lookup.duplicateId]);
      return { interaction: readInteraction(existing!), staged: [] };
    }
    let customerId = lookup.customerId;
    const writes = [];
    const audited: AuditEntry[] = [];
    const linked = input.otherIdentities && !input.customerId ? this.link(sql, customerId, input, lookup.otherOwners) : undefined;
    if (linked) {
      customerId = linked.customerId;
      writes.push(...linked.writes);
      audited.push(...linked.audits);
    }
    let created = false;
    if (!customerId) {
      if (input.customerId) throw withRefs(new NotFoundError(`No customer with id "${input.customerId}".`), { type: 'Customer', id: input.customerId, field: 'customerId' });
      const creation = this.customers.createForIdentity(sql, input.identity!, input.displayName);
      customerId = creation.customerId;
      writes.push(...creation.writes);
      audited.push(creation.audit);
      created = true;
    }
    // The lookup's open-conversation candidate is the sender's owner's; a customer found by a linked identity has its own.
    const candidate = customerId === lookup.customerId ? lookup.candidate : undefined;
    // The lookup found the replied-to conversation of its own customer; a customer found by a linked identity is looked up here.
    const repliedTo =
      !created && !input.conversationId && input.references
        ? customerId === lookup.customerId
          ? repliedToOf(lookup.referenced, input)
          : await this.conversationReferenced(sql, customerId, input)
        : undefined;
    // A reply usually names the conversation the lookup already found as the candidate: its row is
    // in hand, and when the router would join the candidate anyway, reading it again by id is a
    // statement (a round trip on PostgreSQL) for nothing.
    const joinsCandidate = repliedTo !== undefined && !input.conversationId && candidate?.id === repliedTo && this.router.joins(candidate, input);
    const routed = {
      customerId,
      channel: input.channel,
      direction: input.direction,
      occurredAt: input.occurredAt,
      threadKey: input.threadKey,
      conversationId: input.conversationId ?? (joinsCandidate ? undefined : repliedTo),
    };
    // A customer created just now has no conversation yet.
    let route = await this.router.route(sql, routed, created ? null : routed.conversationId ? undefined : candidate);
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
    // Object.assign, not a spread: spreading the row into a new literal costs microseconds here.
    const row: InteractionRow = Object.assign(interactionRow(input, orderedUuid(), this.clock.now()), { customerId, conversationId: route.conversation?.id ?? null });
    const insert = insertInteraction(sql, row);
    const interaction = toInteraction(row);
    const staged = [
      ...this.eventsOf(interaction, created, route.opened),
      ...(linked && linked.writes.length > 0 ? this.events.stage([{ type: 'customer.updated', payload: { customerId } }]) : []),
      ...(input.events ? this.events.stage(recordEvents(input.events, interaction)) : []),
    ];
    audited.push(interactionAudit(action, row.id, input, customerId));
    // Customer, conversation, interaction, their events and their audit go to the database
    // together (one statement on PostgreSQL): with the lookup above, two round trips per interaction.
    await sql.runTogether([
      ...writes,
      ...(route.write ? [route.write] : []),
      insert,
      ...staged.flatMap((event) => (event.statement ? [event.statement] : [])),
      ...this.audit.statementsFor(audited),
    ]);
    return { interaction, staged };
  }

  /**
   * Identity linking, for a message that gives more identities than its sender's (a phone number
   * in an email's signature). A sender nobody has joins the customer who owns one of the other
   * identities (the first found, email before phone before handle), and that customer gains the
   * sender's identity: the number first seen on SMS and the new email address are one customer,
   * not two. Identities nobody has are added to the customer. One that belongs to somebody else
   * is left alone: two customers are merged by a person (mergeCustomers), never by a signature.
   */
  private link(sql: SqlSession, senderOwner: string | undefined, input: CheckedInput, otherOwners: readonly (string | undefined)[]): { customerId?: string; writes: PendingWrite[]; audits: AuditEntry[] } {
    // The owners were read by the lookup, in the order of input.otherIdentities.
    const owners = input.otherIdentities!.map((identity, index) => ({ identity, owner: otherOwners[index] }));
    const customerId = senderOwner ?? owners.find((entry) => entry.owner)?.owner;
    if (!customerId) return { writes: [], audits: [] };
    const unowned = [...(senderOwner ? [] : [input.identity!]), ...owners.filter((entry) => !entry.owner).map((entry) => entry.identity)];
    const links = unowned.map((identity) => this.customers.linkIdentity(sql, customerId, identity));
    return { customerId, writes: links.flatMap((link) => link.writes), audits: links.map((link) => link.audit) };
  }

  /** A repeat that updates its record (InboundMessage.merge), with its events and audit. */
  private async merge(sql: SqlSession, id: string, input: CheckedInput): Promise<Recorded> {
    const merged = await mergeRecorded(sql, id, input);
    const staged = this.events.stage(merged.events);
    await sql.runTogether([
      ...merged.writes,
      ...staged.flatMap((event) => (event.statement ? [event.statement] : [])),
      ...this.audit.statementsFor(merged.audit ? [merged.audit] : []),
    ]);
    return { interaction: merged.interaction, staged };
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
    return repliedToOf(row ?? undefined, input);
  }

  /**
   * In one query: the interaction already recorded under this external id, the customer, the
   * customer's candidate open conversation (unless the input names one), the owners of the
   * input's other identities (for linking), and the conversation of the newest message of the
   * customer's that the input replies to (its references), as {@link conversationReferenced}
   * finds it. An email with a phone number in its signature that replies to an earlier one is
   * thus one query, not three (on PostgreSQL, two round trips fewer).
   */
  private async lookup(sql: SqlSession, input: CheckedInput): Promise<Lookup> {
    const duplicate = input.externalId ? 'select id from interactions where channel = ? and external_id = ?' : 'select null';
    const customer = input.customerId
      ? 'select id from customers where id = ?'
      : OWNER_OF_IDENTITY;
    const withCandidate = !input.conversationId;
    const others = (!input.customerId && input.otherIdentities) || [];
    const references = !input.conversationId && input.references ? input.references : [];
    const params = [
      ...(input.externalId ? [input.channel, input.externalId] : []),
      ...(input.customerId ? [input.customerId] : [input.identity!.kind, input.identity!.channel, input.identity!.value]),
      ...others.flatMap((identity) => [identity.kind, identity.channel, identity.value]),
      ...(withCandidate && input.threadKey ? [input.threadKey] : []),
      ...(references.length > 0 ? [input.channel, ...references] : []),
    ];
    const candidateJoin = withCandidate
      ? `left join conversations c on c.id = (${ConversationRouter.candidateQuery('o.customer_id', Boolean(input.threadKey))})`
      : 'left join conversations c on 1 = 0';
    const otherOwners = others.map((_, index) => `, (${OWNER_OF_IDENTITY}) as other_owner_${index}`).join('');
    const otherOwnerColumns = others.map((_, index) => `o.other_owner_${index}, `).join('');
    const referencedJoin =
      references.length > 0
        ? `left join conversations r on r.id = (select i.conversation_id from interactions i join conversations rc on rc.id = i.conversation_id
            where i.channel = ? and i.customer_id = o.customer_id and i.external_id in (${SqlSession.placeholders(references)})
            order by i.occurred_at desc limit 1)`
        : 'left join conversations r on 1 = 0';
    const row = await sql.one<Record<string, unknown>>(
      `select d.duplicate_id, o.customer_id as owner_id, ${otherOwnerColumns}r.id as referenced_id, r.status as referenced_status, c.*
         from (${`select (${duplicate}) as duplicate_id`}) d
         cross join (select (${customer}) as customer_id${otherOwners}) o ${candidateJoin} ${referencedJoin}`,
      params,
    );
    return {
      duplicateId: (row?.duplicate_id as string | null) ?? undefined,
      customerId: (row?.owner_id as string | null) ?? undefined,
      candidate: withCandidate ? (row?.id ? readConversationRow(row) : null) : undefined,
      otherOwners: others.map((_, index) => (row?.[`other_owner_${index}`] as string | null) ?? undefined),
      referenced: row?.referenced_id ? { id: row.referenced_id as string, status: row.referenced_status as string } : undefined,
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
