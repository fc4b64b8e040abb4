import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { NotFoundError, ValidationError } from '@rapport/sdk';
import { ConversationEntity, type ConversationRow, type DirectionValue } from '../persistence/entities.js';

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

/** Where an interaction goes, and whether that conversation was opened for it. */
export interface Route {
  conversation: ConversationRow | null;
  opened: boolean;
}

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
 */
export class ConversationRouter {
  constructor(private readonly windowMs: number) {}

  async route(em: EntityManager, interaction: RoutedInteraction): Promise<Route> {
    const conversation = await this.find(em, interaction);
    if (conversation) {
      this.join(conversation, interaction);
      return { conversation, opened: false };
    }
    if (interaction.direction === 'INTERNAL') return { conversation: null, opened: false };
    const opened = em.create(ConversationEntity, {
      id: randomUUID(),
      customerId: interaction.customerId,
      status: 'OPEN',
      threadKey: interaction.threadKey ?? null,
      openedChannel: interaction.channel,
      channels: [interaction.channel],
      openedAt: interaction.occurredAt,
      lastActivityAt: interaction.occurredAt,
      firstInboundAt: interaction.direction === 'INBOUND' ? interaction.occurredAt : null,
      firstResponseAt: null,
      resolvedAt: null,
    });
    // Inserted now, before the interaction that references it (the unit of work cannot order
    // inserts across plain foreign-key columns).
    await em.flush();
    return { conversation: opened, opened: true };
  }

  private async find(em: EntityManager, interaction: RoutedInteraction): Promise<ConversationRow | null> {
    if (interaction.conversationId) {
      const explicit = await em.findOne(ConversationEntity, { id: interaction.conversationId });
      if (!explicit) throw new NotFoundError(`No conversation with id "${interaction.conversationId}".`);
      if (explicit.customerId !== interaction.customerId) {
        throw new ValidationError(`Conversation "${explicit.id}" belongs to another customer.`, 'conversationId');
      }
      return explicit;
    }
    const open = { customerId: interaction.customerId, status: 'OPEN' as const };
    if (interaction.threadKey) {
      return em.findOne(ConversationEntity, { ...open, threadKey: interaction.threadKey }, { orderBy: { lastActivityAt: 'desc' } });
    }
    const latest = await em.findOne(ConversationEntity, open, { orderBy: { lastActivityAt: 'desc' } });
    if (!latest) return null;
    const idleMs = interaction.occurredAt.getTime() - latest.lastActivityAt.getTime();
    return idleMs <= this.windowMs ? latest : null;
  }

  private join(conversation: ConversationRow, interaction: RoutedInteraction): void {
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
  }
}
