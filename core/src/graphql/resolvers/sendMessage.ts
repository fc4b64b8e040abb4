import { GraphQLError } from 'graphql';
import { NotFoundError, ValidationError, type Customer, type OutboundMessage, type SendResult } from '@rapport/sdk';
import type { CoreRecordInput } from '../../domain/DatabaseInteractionService.js';
import { InteractionEntity } from '../../persistence/entities.js';
import { errorMessage } from '../../util/errorMessage.js';
import { isRapportError } from '../errors.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { expectGlobalId } from '../globalIds.js';
import { customerIdOf } from './shared.js';

interface SendMessageArgs {
  customerId: string;
  channel: string;
  conversationId?: string | null;
  subject?: string | null;
  text: string;
  html?: string | null;
}

/**
 * Delivers a message through a channel's plugin (activating it), then records the OUTBOUND
 * interaction with the provider's id, in the conversation. Delivery comes first on purpose: a
 * message that could not be delivered is an error for the caller and leaves no record claiming
 * it was sent.
 */
export async function sendMessage(_: unknown, { input }: { input: SendMessageArgs }, ctx: GraphQLContext) {
  const { services } = ctx;
  const customerId = await customerIdOf(ctx, input.customerId, 'customerId');
  const customer = await services.customers.get(customerId);
  if (!customer) throw new NotFoundError(`No customer with id "${input.customerId}" (customerId).`);
  const channel = input.channel.trim();
  if (!channel) throw new ValidationError('channel is required, e.g. "email".', 'channel');
  const conversationId = input.conversationId ? await conversationOf(ctx, input.conversationId, customerId) : undefined;

  const message: OutboundMessage = {
    customerId,
    to: addressOn(customer, channel),
    subject: input.subject ?? undefined,
    text: input.text,
    html: input.html ?? undefined,
    conversationId,
    references: conversationId ? await referencesIn(ctx, conversationId, channel) : undefined,
  };
  let sent: SendResult;
  try {
    sent = await services.host.sendThroughChannel(channel, message);
  } catch (error) {
    // No channel, a disabled plugin, a timeout: these say what to do, and keep their codes.
    if (isRapportError(error)) throw error;
    services.logger.warn({ err: error, channel, customerId }, 'sendMessage: delivery failed');
    throw deliveryFailed(channel, errorMessage(error));
  }
  if (typeof sent?.externalId !== 'string' || !sent.externalId) {
    throw deliveryFailed(channel, 'the channel returned no externalId for the delivered message');
  }

  const record: CoreRecordInput = {
    customerId,
    channel,
    direction: 'OUTBOUND',
    type: 'message',
    subject: input.subject ?? undefined,
    text: input.text,
    externalId: sent.externalId,
    conversationId,
    metadata: { ...sent.metadata, ...(input.html && { html: input.html }) },
  };
  const [interaction] = await services.interactions.recordMany([record]);
  return interaction!;
}

/**
 * The customer's address on a channel, when the core knows it: the email for `email`, the phone
 * for `sms` and `phone`, a handle on the channel otherwise. The channel may look it up itself.
 */
export function addressOn(customer: Customer, channel: string): string | undefined {
  if (channel === 'email') return customer.emails[0];
  if (channel === 'sms' || channel === 'phone') return customer.phones[0];
  return customer.handles.find((handle) => handle.channel === channel)?.handle;
}

async function conversationOf(ctx: GraphQLContext, globalId: string, customerId: string): Promise<string> {
  const id = expectGlobalId(globalId, 'Conversation', 'conversationId');
  const conversation = await ctx.loaders.conversation.load(id);
  if (!conversation) throw new NotFoundError(`No conversation with id "${globalId}" (conversationId).`);
  if (conversation.customerId !== customerId) {
    throw new ValidationError(`Conversation "${globalId}" belongs to another customer; give that customer's id, or no conversationId.`, 'conversationId');
  }
  return id;
}

/** The external ids of the conversation's earlier messages on the channel, oldest first, for threading. */
async function referencesIn(ctx: GraphQLContext, conversationId: string, channel: string): Promise<string[]> {
  const rows = await ctx.services.database
    .em()
    .find(InteractionEntity, { conversationId, channel, externalId: { $ne: null } }, { orderBy: { occurredAt: 'asc', id: 'asc' }, fields: ['externalId'] });
  return rows.map((row) => row.externalId!);
}

function deliveryFailed(channel: string, reason: string): GraphQLError {
  return new GraphQLError(`Channel "${channel}" could not deliver the message: ${reason}. Nothing was recorded; try again.`, {
    extensions: { code: 'DELIVERY_FAILED', channel },
  });
}
