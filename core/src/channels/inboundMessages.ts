import type { InboundMessage } from '@rapport/sdk';
import { salvage, type InputRuleName } from '../domain/inputRules.js';
import type { CoreRecordInput } from '../domain/InteractionService.js';
import { PluginOutputError } from './errors.js';

/**
 * The messages a channel's `parseInbound` returned, as INBOUND interactions to record. Plugins are
 * code we do not control: what they return is checked before it is stored.
 *
 * What a customer's provider sent is made storable rather than refused (inputRules.ts, `salvage`):
 * NUL characters are removed from every string, sender included, and a display name or subject
 * over its limit is cut. A webhook refused with 400 loses the message and one failed with 500 is
 * retried forever, and in neither case is anything recorded. The domain then checks the result
 * like any other input.
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
      ...(from.email ? { email: clean('email', from.email) } : from.phone ? { phone: clean('phone', from.phone) } : { handle: clean('handle', from.handle) }),
      ...(from.name && { displayName: clean('displayName', from.name) }),
      subject: clean('subject', message.subject),
      text: clean('text', message.text),
      occurredAt: message.occurredAt,
      externalId: clean('externalId', message.externalId),
      threadKey: clean('threadKey', message.threadKey),
      references: message.references?.map((reference) => salvage('reference', reference)),
      metadata: message.metadata ?? {},
    };
  });
}

/** A string made storable; anything else is left for the domain's checks to refuse. */
function clean<T>(rule: InputRuleName, value: T): T {
  return (typeof value === 'string' ? salvage(rule, value) : value) as T;
}
