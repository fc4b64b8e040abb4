import { RapportError, type InboundMessage, type InboundRequest, type Interaction } from '@rapport/sdk';
import type { PluginHost } from '../plugin-host/PluginHost.js';
import type { CoreRecordInput, DatabaseInteractionService } from './DatabaseInteractionService.js';

/**
 * A channel's webhook request, received: the channel plugin's `parseInbound` (activating the
 * plugin), then every message it returns recorded as an INBOUND interaction in one transaction,
 * so a request is stored whole or not at all. The HTTP route and the test host share it.
 */
export async function receiveInbound(
  services: { host: PluginHost; interactions: DatabaseInteractionService },
  channel: string,
  request: InboundRequest,
): Promise<Interaction[]> {
  const messages = await services.host.receiveThroughChannel(channel, request);
  return services.interactions.recordMany(checkMessages(channel, messages));
}

/** Plugins are code we do not control: what they return is checked before it is stored. */
function checkMessages(channel: string, messages: unknown): CoreRecordInput[] {
  if (!Array.isArray(messages)) throw new PluginOutputError(channel, 'parseInbound must return an array of messages');
  return messages.map((message: InboundMessage, index) => {
    const where = `message ${index}`;
    if (typeof message?.externalId !== 'string' || !message.externalId) throw new PluginOutputError(channel, `${where} has no externalId`);
    const from = message.from ?? {};
    if (!from.email && !from.phone && !from.handle) throw new PluginOutputError(channel, `${where} has no sender (from.email, from.phone or from.handle)`);
    if (message.type !== undefined && (typeof message.type !== 'string' || !message.type.trim())) {
      throw new PluginOutputError(channel, `${where} has an empty type`);
    }
    if (message.references !== undefined && (!Array.isArray(message.references) || message.references.some((id) => typeof id !== 'string'))) {
      throw new PluginOutputError(channel, `${where} has references that are not a list of external ids`);
    }
    return {
      channel,
      direction: 'INBOUND',
      type: message.type ?? 'message',
      ...(from.email ? { email: from.email } : from.phone ? { phone: from.phone } : { handle: from.handle }),
      ...(from.name && { displayName: from.name }),
      subject: message.subject,
      text: message.text,
      occurredAt: message.occurredAt,
      externalId: message.externalId,
      threadKey: message.threadKey,
      references: message.references,
      metadata: message.metadata ?? {},
    };
  });
}

/** A channel plugin returned something that is not a valid message: the plugin's fault, not the caller's. */
export class PluginOutputError extends RapportError {
  constructor(channel: string, problem: string) {
    super('NOT_AVAILABLE', `The "${channel}" channel plugin returned an invalid message: ${problem}.`);
  }
}
