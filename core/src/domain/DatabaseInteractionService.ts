import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import {
  NotFoundError,
  ValidationError,
  type Clock,
  type Interaction,
  type ListInteractionsOptions,
  type RecordInteractionInput,
} from '@rapport/sdk';
import type { EventBus } from '../events/EventBus.js';
import { CustomerEntity, InteractionEntity, type DirectionValue } from '../persistence/entities.js';
import type { Database } from '../persistence/openDatabase.js';
import type { ConversationRouter } from './ConversationRouter.js';
import type { DatabaseCustomerService } from './DatabaseCustomerService.js';
import { normalizeEmail, normalizeHandle, normalizePhone, type Identity } from './identities.js';
import type { InteractionService } from './InteractionService.js';
import { toInteraction } from './toInteraction.js';

const DIRECTIONS: readonly DirectionValue[] = ['INBOUND', 'OUTBOUND', 'INTERNAL'];

/** A recorded interaction and what recording it changed, for the events that follow the commit. */
interface Recorded {
  interaction: Interaction;
  createdCustomer: boolean;
  openedConversation: boolean;
  duplicate: boolean;
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

  async record(input: RecordInteractionInput): Promise<Interaction> {
    const [recorded] = await this.recordMany([input]);
    return recorded!;
  }

  /**
   * Records several interactions in one transaction: all are stored, or none is (an inbound
   * webhook that carries three messages never leaves one behind).
   */
  async recordMany(inputs: readonly RecordInteractionInput[]): Promise<Interaction[]> {
    const checked = inputs.map((input) => checkInput(input, this.clock.now()));
    let results: Recorded[];
    try {
      results = await this.database.em().transactional(async (em) => {
        const out: Recorded[] = [];
        for (const input of checked) out.push(await this.recordIn(em, input));
        return out;
      });
    } catch (error) {
      // A concurrent request recorded the same (channel, externalId) first: the first one wins.
      if (error instanceof UniqueConstraintViolationException && checked.every((input) => input.externalId)) {
        return Promise.all(checked.map(async (input) => (await this.findByExternalId(this.database.em(), input.channel, input.externalId!))!));
      }
      throw error;
    }
    for (const result of results) await this.publish(result);
    return results.map((result) => result.interaction);
  }

  async list(customerId: string, options: ListInteractionsOptions = {}): Promise<Interaction[]> {
    const rows = await this.database.em().find(
      InteractionEntity,
      {
        customerId,
        ...(options.channel && { channel: options.channel }),
        ...(options.type && { type: options.type }),
      },
      {
        orderBy: { occurredAt: options.newestFirst ? 'desc' : 'asc', id: options.newestFirst ? 'desc' : 'asc' },
        ...(options.limit && { limit: options.limit }),
      },
    );
    return rows.map(toInteraction);
  }

  private async recordIn(em: EntityManager, input: CheckedInput): Promise<Recorded> {
    if (input.externalId) {
      const existing = await this.findByExternalId(em, input.channel, input.externalId);
      if (existing) return { interaction: existing, createdCustomer: false, openedConversation: false, duplicate: true };
    }
    const { customerId, created } = await this.resolveCustomer(em, input);
    const route = await this.router.route(em, {
      customerId,
      channel: input.channel,
      direction: input.direction,
      occurredAt: input.occurredAt,
      threadKey: input.threadKey,
      conversationId: input.conversationId,
    });
    const row = em.create(InteractionEntity, {
      id: randomUUID(),
      customerId,
      conversationId: route.conversation?.id ?? null,
      channel: input.channel,
      direction: input.direction,
      type: input.type,
      subject: input.subject ?? null,
      text: input.text ?? null,
      occurredAt: input.occurredAt,
      externalId: input.externalId ?? null,
      threadKey: input.threadKey ?? null,
      metadata: input.metadata,
      createdAt: this.clock.now(),
    });
    await em.flush();
    return { interaction: toInteraction(row), createdCustomer: created, openedConversation: route.opened, duplicate: false };
  }

  private async resolveCustomer(em: EntityManager, input: CheckedInput): Promise<{ customerId: string; created: boolean }> {
    if (input.customerId) {
      if (!(await em.findOne(CustomerEntity, { id: input.customerId }, { fields: ['id'] }))) {
        throw new NotFoundError(`No customer with id "${input.customerId}".`);
      }
      return { customerId: input.customerId, created: false };
    }
    const identity = input.identity!;
    const owner = await this.customers.ownerOf(em, identity);
    if (owner) return { customerId: owner, created: false };
    const customer = await this.customers.createIn(em, { displayName: input.displayName }, [identity]);
    return { customerId: customer.id, created: true };
  }

  private async findByExternalId(em: EntityManager, channel: string, externalId: string): Promise<Interaction | undefined> {
    const row = await em.findOne(InteractionEntity, { channel, externalId });
    return row ? toInteraction(row) : undefined;
  }

  private async publish({ interaction, createdCustomer, openedConversation, duplicate }: Recorded): Promise<void> {
    if (duplicate) return;
    if (createdCustomer) await this.events.publish('customer.created', { customerId: interaction.customerId });
    if (openedConversation) {
      await this.events.publish('conversation.opened', { conversationId: interaction.conversationId!, customerId: interaction.customerId });
    }
    await this.events.publish('interaction.recorded', {
      interactionId: interaction.id,
      customerId: interaction.customerId,
      conversationId: interaction.conversationId,
      channel: interaction.channel,
      type: interaction.type,
      direction: interaction.direction,
    });
  }
}

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
  metadata: Record<string, unknown>;
}

/** Extra fields the core's own callers may pass (sendMessage, inbound webhooks). */
export interface CoreRecordInput extends RecordInteractionInput {
  conversationId?: string;
  displayName?: string;
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
    conversationId: input.conversationId,
    metadata,
  };
}
