import type { InboundMessage } from '@rapport/sdk';
import type { CoreRecordInput } from '../domain/InteractionService.js';
import { PluginOutputError } from './errors.js';

/**
 * The messages a channel's `parseInbound` returned, as INBOUND interactions to record. Plugins are
 * code we do not control: what they return is checked before it is stored.
 */
export function toInboundRecords(channel: string, messages: unknown): CoreRecordInput[] {
  if (!Array.isArray(messages)) throw new PluginOutputError(channel, 'parseInbound must return an array of messages, or { messages, response }');
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
