import { inject, injectable } from 'inversify';
import {
  NotFoundError,
  RapportError,
  serviceToken,
  type ChannelProvider,
  type InboundRequest,
  type InboundResult,
  type ChannelRequest,
  type ChannelResponse,
  type OutboundMessage,
  type TypingIndicator,
  type SendOptions,
  type SendResult,
} from '@rapport/sdk';
import { ContributionRegistry, type Registration } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { PluginActivation } from '../contributions/PluginActivation.js';
import { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import { withTimeout } from '../util/withTimeout.js';
import { PluginOutputError } from './errors.js';

/**
 * Dispatch to the plugin that provides a channel: the plugin is activated first (`onChannel:<id>`,
 * and the plugin that declares the channel), and each call runs under the handler budget.
 */
export interface ChannelProviders {
  /** Delivers a message through the channel's provider. */
  send(channelId: string, message: OutboundMessage, options: SendOptions): Promise<SendResult>;
  /**
   * Hands a webhook request to the channel's `parseInbound`. Throws NotFoundError for a channel
   * nobody contributes or one that receives nothing; the plugin's own errors pass through.
   */
  parseInbound(channelId: string, request: InboundRequest): Promise<InboundResult>;
  /**
   * Hands a request to one of the channel's own routes to its `handleRequest`. The handler
   * budget bounds the wait for the response, not a stream it returns. Throws NotFoundError for a
   * channel nobody contributes or one without routes.
   */
  handleRequest(channelId: string, request: ChannelRequest): Promise<ChannelResponse>;
  /** Shows the customer that an agent types; resolves to false when the channel cannot. */
  showTyping(channelId: string, indicator: TypingIndicator): Promise<boolean>;
}

/** The container token of {@link ChannelProviders}. */
export const ChannelProviders = serviceToken<ChannelProviders>('rapport.core.ChannelProviders');

/** {@link ChannelProviders} from the registered channel contributions. */
@injectable()
export class RegisteredChannelProviders implements ChannelProviders {
  constructor(
    @inject(PluginActivation) private readonly activation: PluginActivation,
    @inject(ContributionRegistry) private readonly registry: ContributionRegistry,
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(PluginHostOptions) private readonly budgets: PluginHostOptions,
  ) {}

  async send(channelId: string, message: OutboundMessage, options: SendOptions): Promise<SendResult> {
    const provider = await this.provider(channelId);
    const timeoutMs = this.budgets.handlerTimeoutMs;
    return withTimeout(
      (async () => provider.implementation.send(message, options))(),
      timeoutMs,
      () => `Channel "${channelId}" of plugin "${provider.plugin}" did not deliver within ${timeoutMs} ms.`,
    );
  }

  async parseInbound(channelId: string, request: InboundRequest): Promise<InboundResult> {
    const provider = await this.provider(channelId);
    const parse = provider.implementation.parseInbound?.bind(provider.implementation);
    if (!parse) throw new NotFoundError(`Channel "${channelId}" does not receive messages: plugin "${provider.plugin}" has no parseInbound.`);
    const timeoutMs = this.budgets.handlerTimeoutMs;
    const parsed = await withTimeout(
      (async () => parse(request))(),
      timeoutMs,
      () => `Channel "${channelId}" of plugin "${provider.plugin}" did not parse the request within ${timeoutMs} ms.`,
    );
    // A plain list is the common answer; a result object carries the provider's own response too.
    if (Array.isArray(parsed)) return { messages: parsed };
    if (typeof parsed !== 'object' || parsed === null) {
      throw new PluginOutputError(channelId, 'parseInbound must return an array of messages, or { messages, response }');
    }
    return parsed;
  }

  async handleRequest(channelId: string, request: ChannelRequest): Promise<ChannelResponse> {
    const provider = await this.provider(channelId);
    const handle = provider.implementation.handleRequest?.bind(provider.implementation);
    if (!handle) throw new NotFoundError(`Channel "${channelId}" serves no routes of its own: plugin "${provider.plugin}" has no handleRequest.`);
    const timeoutMs = this.budgets.handlerTimeoutMs;
    const response = await withTimeout(
      (async () => handle(request))(),
      timeoutMs,
      () => `Channel "${channelId}" of plugin "${provider.plugin}" did not answer ${request.method} ${request.path} within ${timeoutMs} ms.`,
    );
    if (typeof response !== 'object' || response === null) throw new PluginOutputError(channelId, 'handleRequest must return a response object ({ status, body } or { stream })');
    return response;
  }

  async showTyping(channelId: string, indicator: TypingIndicator): Promise<boolean> {
    const provider = await this.provider(channelId);
    const show = provider.implementation.showTyping?.bind(provider.implementation);
    if (!show) return false;
    const timeoutMs = this.budgets.handlerTimeoutMs;
    await withTimeout((async () => show(indicator))(), timeoutMs, () => `Channel "${channelId}" of plugin "${provider.plugin}" did not show typing within ${timeoutMs} ms.`);
    return true;
  }

  /**
   * The live provider of a channel, its plugin activated first. The activation says why there is
   * none (no plugin declares the channel, or its plugin is DISABLED, FAILED…).
   */
  private async provider(channelId: string): Promise<Registration<ChannelProvider>> {
    await this.activation.activateContribution('channels', channelId);
    const registration = this.registry.channels.get(channelId);
    if (registration) return registration;
    const owner = this.declared.ownerOf('channels', channelId);
    if (!owner) throw new NotFoundError(`No plugin contributes channel "${channelId}". Add a channel plugin that declares it in rapport.contributes.channels.`);
    throw new RapportError('NOT_AVAILABLE', `Channel "${channelId}" is unavailable: plugin "${owner}" did not register it.`);
  }
}
