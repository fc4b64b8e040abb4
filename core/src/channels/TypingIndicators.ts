import { inject, injectable } from 'inversify';
import { NotFoundError, serviceToken } from '@rapport/sdk';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { ConversationService } from '../domain/ConversationService.js';
import { CustomerService } from '../domain/CustomerService.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { withRefs } from '../util/errorRefs.js';
import { addressOn } from './addresses.js';
import { ChannelProviders } from './ChannelProviders.js';

/** An agent's typing, shown to the customer where the channel can (`setTyping`). */
export interface TypingIndicators {
  /**
   * Shows (or stops showing) that an agent types in a conversation, on the channel the customer
   * wrote on last in it (else the one it opened on). Resolves to false when that channel has no
   * typing indicators.
   */
  show(conversationId: string, typing: boolean): Promise<boolean>;
}

/** The container token of the {@link TypingIndicators}. */
export const TypingIndicators = serviceToken<TypingIndicators>('rapport.core.TypingIndicators');

@injectable()
export class ChannelTypingIndicators implements TypingIndicators {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(ConversationService) private readonly conversations: ConversationService,
    @inject(CustomerService) private readonly customers: CustomerService,
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(ChannelProviders) private readonly providers: ChannelProviders,
  ) {}

  async show(conversationId: string, typing: boolean): Promise<boolean> {
    const conversation = await this.conversations.get(conversationId);
    if (!conversation) throw withRefs(new NotFoundError(`No conversation with id "${conversationId}".`), { type: 'Conversation', id: conversationId, field: 'conversationId' });
    const last = await SqlSession.reads(this.database).one<{ channel: string }>(
      "select channel from interactions where conversation_id = ? and direction = 'INBOUND' order by occurred_at desc, id desc limit 1",
      [conversationId],
    );
    const channel = last?.channel ?? conversation.openedChannel;
    // Imported history can name channels no plugin serves: nobody to show typing to there.
    if (!this.declared.ownerOf('channels', channel)) return false;
    const customer = await this.customers.get(conversation.customerId);
    const to = customer && addressOn(customer, channel, this.declared.channelAddress(channel));
    return this.providers.showTyping(channel, { customerId: conversation.customerId, conversationId, typing, ...(to && { to }) });
  }
}
