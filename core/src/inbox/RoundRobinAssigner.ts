import { inject, injectable } from 'inversify';
import { serviceToken } from '@rapport/sdk';
import { ConversationOwnership } from '../domain/ConversationOwnership.js';
import { ConversationService } from '../domain/ConversationService.js';
import { EventBus } from '../events/EventBus.js';
import { AssignmentOptions } from './AssignmentOptions.js';

/**
 * Automatic assignment, a core option rather than a plugin: it needs the users, their roles and
 * who is available, which are access-control data the SDK deliberately does not give plugins, and
 * it must lock the conversation and the agent's turn in one transaction. With `assignment.mode`
 * `round-robin`, a conversation for people (opened with handler HUMAN, or handed off by a bot)
 * goes to the available agent whose last assignment is oldest. Events arrive on the durable
 * outbox, so an assignment missed by a crash is made on redelivery; one already made is kept.
 */
export interface RoundRobinAssigner {
  /** Whether it assigns at all (`assignment.mode`). */
  readonly enabled: boolean;
}

/** The container token of the {@link RoundRobinAssigner}. */
export const RoundRobinAssigner = serviceToken<RoundRobinAssigner>('rapport.core.RoundRobinAssigner');

@injectable()
export class EventDrivenRoundRobinAssigner implements RoundRobinAssigner {
  readonly enabled: boolean;

  constructor(
    @inject(AssignmentOptions) options: AssignmentOptions,
    @inject(EventBus) events: EventBus,
    @inject(ConversationService) private readonly conversations: ConversationService,
    @inject(ConversationOwnership) private readonly ownership: ConversationOwnership,
  ) {
    this.enabled = options.mode === 'round-robin';
    if (!this.enabled) return;
    events.subscribe('conversation.opened', async ({ conversationId }) => {
      const conversation = await this.conversations.get(conversationId);
      if (conversation?.handler === 'HUMAN') await this.ownership.assignRoundRobin(conversationId);
    });
    events.subscribe('conversation.handed_off', async ({ conversationId }) => {
      await this.ownership.assignRoundRobin(conversationId);
    });
  }
}
