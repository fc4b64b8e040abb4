import { NotFoundError, ValidationError, type MessageTemplate } from '@rapport/sdk';
import { withRefs } from '../../util/errorRefs.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { expectGlobalId } from '../globalIds.js';
import { customerIdOf } from './shared.js';

interface SendMessageArgs {
  customerId: string;
  channel: string;
  conversationId?: string | null;
  subject?: string | null;
  text?: string | null;
  html?: string | null;
  idempotencyKey?: string | null;
  template?: MessageTemplate | null;
}

/**
 * Delivers a message through a channel's plugin (activating it) and records the OUTBOUND
 * interaction in the conversation: the core's outbound path (OutboundMessenger), which fills in
 * the customer's address and the thread. A delivery failure is a DELIVERY_FAILED error and
 * records nothing.
 *
 * A person (or an integration) who writes in a bot's conversation takes it over: the bot stops
 * answering, as after `takeOverConversation`, so the customer never has the bot and an agent
 * talking over each other.
 */
export async function sendMessage(_: unknown, { input }: { input: SendMessageArgs }, ctx: GraphQLContext) {
  const customerId = await customerIdOf(ctx, input.customerId, 'customerId');
  const conversationId = input.conversationId ? await conversationOf(ctx, input.conversationId, customerId) : undefined;
  const { interaction } = await ctx.services.messenger.send(
    {
      customerId,
      channel: input.channel,
      conversationId,
      subject: input.subject ?? undefined,
      text: input.text ?? undefined,
      html: input.html ?? undefined,
      template: input.template ?? undefined,
    },
    input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {},
  );
  if (interaction.conversationId) {
    const conversation = await ctx.services.conversations.get(interaction.conversationId);
    if (conversation?.handler === 'BOT') {
      const actor = ctx.principal?.actor;
      await ctx.services.ownership.handOff(interaction.conversationId, `${actor?.name ?? actor?.id ?? 'an agent'} replied, taking the conversation over`);
    }
  }
  return interaction;
}

async function conversationOf(ctx: GraphQLContext, globalId: string, customerId: string): Promise<string> {
  const id = expectGlobalId(globalId, 'Conversation', 'conversationId');
  const conversation = await ctx.loaders.conversation.load(id);
  const ref = { type: 'Conversation', id, field: 'conversationId' } as const;
  if (!conversation) throw withRefs(new NotFoundError(`No conversation with id "${id}" (conversationId).`), ref);
  if (conversation.customerId !== customerId) {
    throw withRefs(new ValidationError(`Conversation "${id}" belongs to another customer; give that customer's id, or no conversationId.`, 'conversationId'), ref);
  }
  return id;
}
