import { inject, injectable } from 'inversify';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { NotFoundError, serviceToken, ValidationError } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import { stageInTransaction } from '../events/stageInTransaction.js';
import { ConversationEntity } from '../persistence/entities.js';
import { Database } from '../persistence/openDatabase.js';
import { withRefs } from '../util/errorRefs.js';
import { toConversation, type Conversation } from './ConversationService.js';
import { InteractionService } from './InteractionService.js';

/** Roles whose users can be assigned conversations: agents, and admins who answer customers too. */
const ASSIGNABLE_ROLES = ['AGENT', 'ADMIN'];

/**
 * Who answers a conversation: the bot or people (hand-off), and which agent (assignment). Every
 * change is audited and publishes its event in the same transaction: `conversation.handed_off`,
 * `conversation.assigned`.
 */
export interface ConversationOwnership {
  /**
   * Gives a bot's conversation to people: handler HUMAN, the customer waiting from now if nobody
   * answered them, an INTERNAL note with the reason, and `conversation.handed_off`. A conversation
   * people have already changes nothing; resolves with whether this call handed it off.
   */
  handOff(conversationId: string, reason: string): Promise<{ conversation: Conversation; handedOff: boolean }>;
  /** Assigns a conversation to a user with role AGENT or ADMIN, or unassigns it (`null`). */
  assign(conversationId: string, userId: string | null): Promise<Conversation>;
  /**
   * Assigns an unassigned conversation to the available agent whose last assignment is oldest
   * (round robin); resolves with the agent's id, or null when none is available.
   */
  assignRoundRobin(conversationId: string): Promise<string | null>;
}

/** The container token of the {@link ConversationOwnership}. */
export const ConversationOwnership = serviceToken<ConversationOwnership>('rapport.core.ConversationOwnership');

@injectable()
export class DatabaseConversationOwnership implements ConversationOwnership {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(EventBus) private readonly events: EventBus,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(InteractionService) private readonly interactions: InteractionService,
  ) {}

  async handOff(conversationId: string, reason: string): Promise<{ conversation: Conversation; handedOff: boolean }> {
    const result = await this.database.em().transactional(async (em) => {
      const row = await em.findOne(ConversationEntity, { id: conversationId }, { lockMode: this.lock() });
      if (!row) throw withRefs(new NotFoundError(`No conversation with id "${conversationId}".`), { type: 'Conversation', id: conversationId, field: 'id' });
      if (row.handler === 'HUMAN') return { row, staged: undefined };
      row.handler = 'HUMAN';
      // Whoever waits for the bot now waits for people, from now if the bot had answered them.
      row.waitingSince ??= this.clock.now();
      await em.flush();
      await this.audit.appendInOrm(em, [
        { action: 'conversation.handOff', targetType: 'Conversation', targetId: conversationId, customerId: row.customerId, changes: { handler: { before: 'BOT', after: 'HUMAN' }, reason: { before: null, after: reason } } },
      ]);
      const staged = await stageInTransaction(em, this.events, 'conversation.handed_off', { conversationId, customerId: row.customerId, reason });
      return { row, staged };
    });
    if (!result.staged) return { conversation: toConversation(result.row), handedOff: false };
    await this.events.afterCommit([result.staged]);
    // The note is the agents' record of why; it joins the conversation and never reopens one.
    await this.interactions.record({
      customerId: result.row.customerId,
      conversationId,
      channel: result.row.openedChannel,
      direction: 'INTERNAL',
      type: 'note',
      text: `Handed off to people: ${reason}`,
      metadata: { handoff: { reason, bot: result.row.bot } },
    });
    return { conversation: toConversation(result.row), handedOff: true };
  }

  async assign(conversationId: string, userId: string | null): Promise<Conversation> {
    const result = await this.database.em().transactional(async (em) => {
      const row = await em.findOne(ConversationEntity, { id: conversationId }, { lockMode: this.lock() });
      if (!row) throw withRefs(new NotFoundError(`No conversation with id "${conversationId}".`), { type: 'Conversation', id: conversationId, field: 'id' });
      if (userId !== null) await this.checkAssignable(em, userId);
      const previous = row.assigneeId ?? null;
      if (previous === userId) return { row, staged: undefined };
      row.assigneeId = userId;
      await em.flush();
      if (userId) await em.getConnection().execute('update users set last_assigned_at = ? where id = ?', [this.now(), userId], 'run', em.getTransactionContext());
      await this.audit.appendInOrm(em, [
        { action: 'conversation.assign', targetType: 'Conversation', targetId: conversationId, customerId: row.customerId, changes: { assigneeId: { before: previous, after: userId } } },
      ]);
      const staged = await stageInTransaction(em, this.events, 'conversation.assigned', { conversationId, customerId: row.customerId, assigneeId: userId, previousAssigneeId: previous });
      return { row, staged };
    });
    if (result.staged) await this.events.afterCommit([result.staged]);
    return toConversation(result.row);
  }

  async assignRoundRobin(conversationId: string): Promise<string | null> {
    const result = await this.database.em().transactional(async (em) => {
      const connection = em.getConnection();
      const trx = em.getTransactionContext();
      const row = await em.findOne(ConversationEntity, { id: conversationId }, { lockMode: this.lock() });
      if (!row || row.assigneeId || row.status !== 'OPEN') return undefined;
      // The agent whose last assignment is oldest; on PostgreSQL the row lock makes two instances
      // assigning at once pick two agents instead of the same one.
      const available = this.database.dialect === 'postgresql' ? 'available = true' : 'available = 1';
      const order = this.database.dialect === 'postgresql' ? 'last_assigned_at asc nulls first' : 'last_assigned_at is not null, last_assigned_at asc';
      const lock = this.database.dialect === 'postgresql' ? ' for update skip locked' : '';
      const [agent] = (await connection.execute(`select id from users where role = 'AGENT' and ${available} and disabled_at is null order by ${order}, id limit 1${lock}`, [], 'all', trx)) as { id: string }[];
      if (!agent) return undefined;
      row.assigneeId = agent.id;
      await em.flush();
      await connection.execute('update users set last_assigned_at = ? where id = ?', [this.now(), agent.id], 'run', trx);
      await this.audit.appendInOrm(em, [
        { action: 'conversation.assign', targetType: 'Conversation', targetId: conversationId, customerId: row.customerId, changes: { assigneeId: { before: null, after: agent.id } } },
      ]);
      const staged = await stageInTransaction(em, this.events, 'conversation.assigned', { conversationId, customerId: row.customerId, assigneeId: agent.id, previousAssigneeId: null });
      return { agentId: agent.id, staged };
    });
    if (!result) return null;
    await this.events.afterCommit([result.staged]);
    return result.agentId;
  }

  private async checkAssignable(em: EntityManager, userId: string): Promise<void> {
    const [user] = (await em.getConnection().execute('select role, disabled_at from users where id = ?', [userId], 'all', em.getTransactionContext())) as { role: string; disabled_at: unknown }[];
    if (!user) throw new NotFoundError(`No user with id "${userId}" (userId).`);
    if (user.disabled_at !== null && user.disabled_at !== undefined) throw new ValidationError(`User "${userId}" was deactivated: assign the conversation to an active user.`, 'userId');
    if (!ASSIGNABLE_ROLES.includes(user.role)) {
      throw new ValidationError(`User "${userId}" has role ${user.role}: only users with role AGENT or ADMIN can be assigned conversations.`, 'userId');
    }
  }

  private lock() {
    return this.database.dialect === 'postgresql' ? LockMode.PESSIMISTIC_WRITE : undefined;
  }

  private now(): Date | number {
    return this.database.dialect === 'postgresql' ? this.clock.now() : this.clock.now().getTime();
  }
}
