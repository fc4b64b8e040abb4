import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import {
  DELIVERY_STATUS_ORDER,
  NotFoundError,
  serviceToken,
  ValidationError,
  type DeliveryStatus,
  type Interaction,
  type MessageTemplate,
  type OutboundMessage,
  type SendOptions,
  type SendResult,
} from '@rapport/sdk';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { CustomerService } from '../domain/CustomerService.js';
import { applyOptionalRule, applyRule, salvage } from '../domain/inputRules.js';
import { InteractionService } from '../domain/InteractionService.js';
import { Logger } from '../logging/Logger.js';
import { SpanKind, withSpan } from '../tracing/spans.js';
import { errorMessage } from '../util/errorMessage.js';
import { withRefs } from '../util/errorRefs.js';
import { isRapportError } from '../util/isRapportError.js';
import { addressOn } from './addresses.js';
import { ChannelProviders } from './ChannelProviders.js';
import { ConversationThreads } from './ConversationThreads.js';
import { DeliveryFailedError } from './errors.js';
import { ReplyWindows } from './ReplyWindows.js';
import { checkTemplate, describeTemplate } from './templates.js';

/** A message to a customer, as `sendMessage`, `ctx.channels.send` and workflow runs ask for one. */
export interface OutboundRequest {
  customerId: string;
  channel: string;
  /** The conversation it belongs to; by default the customer's open conversation, if any. */
  conversationId?: string;
  subject?: string;
  /** The message; required unless a template is sent, which it then describes in the record. */
  text?: string;
  html?: string;
  metadata?: Record<string, unknown>;
  /** A provider template, for channels that declare `templates: true`; allowed outside a reply window. */
  template?: MessageTemplate;
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
    @inject(ReplyWindows) private readonly windows: ReplyWindows,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'outbound' });
  }

  async send(request: OutboundRequest, options: SendOptions = {}): Promise<Sent> {
    const channel = typeof request.channel === 'string' ? applyRule('channel', request.channel, 'channel').trim() : '';
    if (!channel) throw new ValidationError('channel is required, e.g. "email".', 'channel');
    const template = request.template === undefined || request.template === null ? undefined : checkTemplate(request.template);
    if (template && !this.declared.channelTakesTemplates(channel)) {
      throw new ValidationError(`Channel "${channel}" does not send templates (its plugin does not declare templates: true). Send text instead.`, 'template');
    }
    const hasText = typeof request.text === 'string' && request.text.trim() !== '';
    if (!hasText && !template) throw new ValidationError('text is required: the message to send.', 'text');
    // The input rules (domain/inputRules.ts) before delivery, so what is sent is what is recorded.
    const text = applyRule('text', hasText ? request.text : describeTemplate(template!), 'text');
    const subject = applyOptionalRule('subject', request.subject, 'subject');
    // The HTML is recorded in the metadata: checked by that rule now, not after delivery.
    const html = applyOptionalRule('jsonString', request.html, 'html');
    const customer = await this.customers.get(request.customerId);
    if (!customer) throw withRefs(new NotFoundError(`No customer with id "${request.customerId}" (customerId).`), { type: 'Customer', id: request.customerId, field: 'customerId' });
    const lastInboundAt = await this.windows.lastInboundAt(customer.id, channel);
    // A template is what providers allow outside the window; free-form text is refused before the provider sees it.
    if (!template) this.windows.checkOpen(channel, lastInboundAt);
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
      ...(template && { template }),
      ...(lastInboundAt && { lastInboundAt }),
    };
    const result = await this.deliver(channel, message, { idempotencyKey: options.idempotencyKey ?? randomUUID() });
    // Audited as message.send, in the transaction that records it, with the status it starts in.
    const interaction = await this.interactions.recordSent(
      {
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
        metadata: { ...request.metadata, ...result.metadata, ...(html && { html }), ...(template && { template }) },
      },
      this.startingStatus(channel, result),
    );
    return { result, interaction };
  }

  /** The status the channel reported for the send; a value that is none is noted and taken as QUEUED. */
  private startingStatus(channel: string, result: SendResult): DeliveryStatus {
    if (result.status === undefined) return 'QUEUED';
    if (DELIVERY_STATUS_ORDER.includes(result.status)) return result.status;
    this.logger.warn({ channel, status: result.status }, `channel returned an unknown delivery status; expected one of ${DELIVERY_STATUS_ORDER.join(', ')}`);
    return 'QUEUED';
  }

  private async deliver(channel: string, message: OutboundMessage, options: SendOptions): Promise<SendResult> {
    let result: SendResult;
    try {
      result = await withSpan(`channel.send ${channel}`, { 'rapport.channel': channel }, () => this.providers.send(channel, message, options), { kind: SpanKind.PRODUCER });
    } catch (error) {
      // The provider's refusal (DeliveryError), with its own code: said as the core says every
      // delivery failure. Matched by code: a plugin may bring its own copy of the SDK.
      if (isRapportError(error) && error.code === 'DELIVERY_FAILED' && !(error instanceof DeliveryFailedError)) {
        const { providerCode } = error as { providerCode?: unknown };
        throw new DeliveryFailedError(channel, error.message, typeof providerCode === 'string' ? providerCode : undefined);
      }
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
