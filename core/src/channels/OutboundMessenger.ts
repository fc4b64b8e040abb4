import { randomUUID } from 'node:crypto';
import {
  NotFoundError,
  RapportError,
  ValidationError,
  type ChannelAddressKind,
  type Customer,
  type Interaction,
  type OutboundMessage,
  type SendOptions,
  type SendResult,
} from '@rapport/sdk';
import type { Logger } from 'pino';
import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import type { PluginHost } from '../plugin-host/PluginHost.js';
import { errorMessage } from '../util/errorMessage.js';
import { isRapportError } from '../util/isRapportError.js';
import type { DatabaseCustomerService } from './DatabaseCustomerService.js';
import type { DatabaseInteractionService } from './DatabaseInteractionService.js';

/** A message to a customer, as `sendMessage`, `ctx.channels.send` and workflow runs ask for one. */
export interface OutboundRequest {
  customerId: string;
  channel: string;
  /** The conversation it belongs to; by default the customer's open conversation, if any. */
  conversationId?: string;
  subject?: string;
  text: string;
  html?: string;
  metadata?: Record<string, unknown>;
}

/** What a send did: the provider's answer and the OUTBOUND interaction recorded for it. */
export interface Sent {
  result: SendResult;
  interaction: Interaction;
}

/** How many earlier external ids of a thread go to the channel (email References stay short). */
const MAX_REFERENCES = 50;

/**
 * The one path every outbound message takes, whoever sends it: the GraphQL `sendMessage`, a
 * plugin's `ctx.channels.send`, or a workflow's `run.send`. It works out what the channel needs
 * (the customer's address on it, the thread's earlier external ids), delivers through the
 * channel's plugin with an idempotency key, and records the OUTBOUND interaction.
 *
 * Delivery comes before recording on purpose: a message that could not be delivered is an error
 * for the caller and leaves no record claiming it was sent. The other way round (delivered, then
 * the process dies before recording) is covered by the key: the provider returns the same
 * external id for a retry with the same key, and recording is idempotent on it.
 */
export class OutboundMessenger {
  constructor(
    private readonly database: Database,
    private readonly host: PluginHost,
    private readonly customers: DatabaseCustomerService,
    private readonly interactions: DatabaseInteractionService,
    private readonly logger: Logger,
  ) {}

  async send(request: OutboundRequest, options: SendOptions = {}): Promise<Sent> {
    const channel = typeof request.channel === 'string' ? request.channel.trim() : '';
    if (!channel) throw new ValidationError('channel is required, e.g. "email".', 'channel');
    if (typeof request.text !== 'string' || !request.text.trim()) throw new ValidationError('text is required: the message to send.', 'text');
    const customer = await this.customers.get(request.customerId);
    if (!customer) throw new NotFoundError(`No customer with id "${request.customerId}" (customerId).`);
    const conversationId = await this.conversationFor(customer.id, request.conversationId);
    const message: OutboundMessage = {
      customerId: customer.id,
      to: addressOn(customer, channel, this.host.channelAddress(channel)),
      ...(customer.displayName && { toName: customer.displayName }),
      subject: request.subject,
      text: request.text,
      html: request.html,
      conversationId,
      references: conversationId ? await this.referencesIn(conversationId, channel) : undefined,
      metadata: request.metadata,
    };
    const result = await this.deliver(channel, message, { idempotencyKey: options.idempotencyKey ?? randomUUID() });
    const interaction = await this.interactions.record({
      customerId: customer.id,
      channel,
      direction: 'OUTBOUND',
      type: 'message',
      // The channel may have chosen the subject (e.g. "Re: …" of the thread); the record shows what was sent.
      subject: request.subject ?? (typeof result.metadata?.subject === 'string' ? result.metadata.subject : undefined),
      text: request.text,
      externalId: result.externalId,
      conversationId,
      metadata: { ...request.metadata, ...result.metadata, ...(request.html && { html: request.html }) },
    });
    return { result, interaction };
  }

  private async deliver(channel: string, message: OutboundMessage, options: SendOptions): Promise<SendResult> {
    let result: SendResult;
    try {
      result = await this.host.sendThroughChannel(channel, message, options);
    } catch (error) {
      // No channel, a disabled plugin, a timeout, an address the customer lacks: these say what
      // to do and keep their codes. Anything else is the provider's failure to deliver.
      if (isRapportError(error)) throw error;
      this.logger.warn({ err: { message: errorMessage(error) }, channel, customerId: message.customerId }, 'delivery failed');
      throw new DeliveryFailedError(channel, errorMessage(error));
    }
    if (typeof result?.externalId !== 'string' || !result.externalId) {
      throw new DeliveryFailedError(channel, 'the channel returned no externalId for the delivered message');
    }
    return result;
  }

  /** The explicit conversation (checked), else the customer's most recently active open one. */
  private async conversationFor(customerId: string, conversationId: string | undefined): Promise<string | undefined> {
    const sql = SqlSession.autocommit(this.database);
    if (conversationId) {
      const row = await sql.one<{ customer_id: string }>('select customer_id from conversations where id = ?', [conversationId]);
      if (!row) throw new NotFoundError(`No conversation with id "${conversationId}" (conversationId).`);
      if (row.customer_id !== customerId) {
        throw new ValidationError(`Conversation "${conversationId}" belongs to another customer; give that customer's id, or no conversationId.`, 'conversationId');
      }
      return conversationId;
    }
    const open = await sql.one<{ id: string }>(
      "select id from conversations where customer_id = ? and status = 'OPEN' order by last_activity_at desc limit 1",
      [customerId],
    );
    return open?.id;
  }

  /** The external ids of the conversation's earlier messages on the channel, oldest first. */
  private async referencesIn(conversationId: string, channel: string): Promise<string[] | undefined> {
    const rows = await SqlSession.autocommit(this.database).all<{ external_id: string }>(
      `select external_id from (
         select external_id, occurred_at, id from interactions
          where conversation_id = ? and channel = ? and external_id is not null and direction <> 'INTERNAL'
          order by occurred_at desc, id desc limit ${MAX_REFERENCES}
       ) recent order by occurred_at asc, id asc`,
      [conversationId, channel],
    );
    // No earlier message on this channel: nothing to thread, the same as no conversation.
    return rows.length > 0 ? rows.map((row) => row.external_id) : undefined;
  }
}

/** The customer's address of the kind the channel declares, if the customer has one. */
function addressOn(customer: Customer, channel: string, kind: ChannelAddressKind | undefined): string | undefined {
  if (kind === 'email') return customer.emails[0];
  if (kind === 'phone') return customer.phones[0];
  return customer.handles.find((handle) => handle.channel === channel)?.handle;
}

/** A channel's provider failed to deliver: nothing was recorded, and the same send may be tried again. */
export class DeliveryFailedError extends RapportError {
  constructor(
    readonly channel: string,
    reason: string,
  ) {
    super('DELIVERY_FAILED', `Channel "${channel}" could not deliver the message: ${reason}. Nothing was recorded; try again.`);
  }
}
