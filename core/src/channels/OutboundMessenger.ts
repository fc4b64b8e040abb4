import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import {
  NotFoundError,
  serviceToken,
  ValidationError,
  type Interaction,
  type OutboundMessage,
  type SendOptions,
  type SendResult,
} from '@rapport/sdk';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { CustomerService } from '../domain/CustomerService.js';
import { applyOptionalRule, applyRule, salvage } from '../domain/inputRules.js';
import { InteractionService } from '../domain/InteractionService.js';
import { Logger } from '../logging/Logger.js';
import { errorMessage } from '../util/errorMessage.js';
import { isRapportError } from '../util/isRapportError.js';
import { addressOn } from './addresses.js';
import { ChannelProviders } from './ChannelProviders.js';
import { ConversationThreads } from './ConversationThreads.js';
import { DeliveryFailedError } from './errors.js';

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

/**
 * The one path every outbound message takes, whoever sends it: the GraphQL `sendMessage`, a
 * plugin's `ctx.channels.send`, or a workflow's `run.send`.
 */
export interface OutboundMessenger {
  send(request: OutboundRequest, options?: SendOptions): Promise<Sent>;
}

/** The container token of the {@link OutboundMessenger}. */
export const OutboundMessenger = serviceToken<OutboundMessenger>('rapport.core.OutboundMessenger');

/**
 * The {@link OutboundMessenger}: it works out what the channel needs (the customer's address on
 * it, the thread's earlier external ids), delivers through the channel's plugin with an
 * idempotency key, and records the OUTBOUND interaction.
 *
 * Delivery comes before recording on purpose: a message that could not be delivered is an error
 * for the caller and leaves no record claiming it was sent. The other way round (delivered, then
 * the process dies before recording) is covered by the key: the provider returns the same
 * external id for a retry with the same key, and recording is idempotent on it.
 */
@injectable()
export class RecordingMessenger implements OutboundMessenger {
  private readonly logger: Logger;

  constructor(
    @inject(ChannelProviders) private readonly providers: ChannelProviders,
    @inject(ConversationThreads) private readonly threads: ConversationThreads,
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(CustomerService) private readonly customers: CustomerService,
    @inject(InteractionService) private readonly interactions: InteractionService,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'outbound' });
  }

  async send(request: OutboundRequest, options: SendOptions = {}): Promise<Sent> {
    const channel = typeof request.channel === 'string' ? applyRule('channel', request.channel, 'channel').trim() : '';
    if (!channel) throw new ValidationError('channel is required, e.g. "email".', 'channel');
    if (typeof request.text !== 'string' || !request.text.trim()) throw new ValidationError('text is required: the message to send.', 'text');
    // The input rules (domain/inputRules.ts) before delivery, so what is sent is what is recorded.
    const text = applyRule('text', request.text, 'text');
    const subject = applyOptionalRule('subject', request.subject, 'subject');
    // The HTML is recorded in the metadata: checked by that rule now, not after delivery.
    const html = applyOptionalRule('jsonString', request.html, 'html');
    const customer = await this.customers.get(request.customerId);
    if (!customer) throw new NotFoundError(`No customer with id "${request.customerId}" (customerId).`);
    const conversationId = await this.threads.conversationFor(customer.id, request.conversationId);
    const message: OutboundMessage = {
      customerId: customer.id,
      to: addressOn(customer, channel, this.declared.channelAddress(channel)),
      ...(customer.displayName && { toName: customer.displayName }),
      subject,
      text,
      html,
      conversationId,
      references: conversationId ? await this.threads.referencesIn(conversationId, channel) : undefined,
      metadata: request.metadata,
    };
    const result = await this.deliver(channel, message, { idempotencyKey: options.idempotencyKey ?? randomUUID() });
    // Audited as message.send, in the transaction that records it.
    const interaction = await this.interactions.recordSent({
      customerId: customer.id,
      channel,
      direction: 'OUTBOUND',
      type: 'message',
      // The channel may have chosen the subject (e.g. "Re: …" of the thread); the record shows what was sent.
      // Cut to the rule's length: the message is out, and a "Re: " added to a long subject must not stop its record.
      subject: subject ?? (typeof result.metadata?.subject === 'string' ? salvage('subject', result.metadata.subject) : undefined),
      text,
      externalId: result.externalId,
      conversationId,
      metadata: { ...request.metadata, ...result.metadata, ...(html && { html }) },
    });
    return { result, interaction };
  }

  private async deliver(channel: string, message: OutboundMessage, options: SendOptions): Promise<SendResult> {
    let result: SendResult;
    try {
      result = await this.providers.send(channel, message, options);
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
}
