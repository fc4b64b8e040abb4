import { CORE_EVENT_TYPES, DELIVERY_STATUS_ORDER, type DeliveryReceipt, type InboundMessage, type RecordEvent } from '@rapport/sdk';
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
    if (message.merge !== undefined && typeof message.merge !== 'function') throw new PluginOutputError(channel, `${where} has a merge that is not a function`);
    checkRecordEvents(channel, where, message.events);
    return {
      channel,
      direction: 'INBOUND',
      type: message.type ?? 'message',
      ...(from.email ? { email: clean('email', from.email) } : from.phone ? { phone: clean('phone', from.phone) } : { handle: clean('handle', from.handle) }),
      // The sender is the first of email, phone and handle; the others link it to a customer.
      ...(from.email && (from.phone || from.handle)
        ? { otherIdentities: { phone: clean('phone', from.phone), handle: clean('handle', from.handle) } }
        : from.phone && from.handle
          ? { otherIdentities: { handle: clean('handle', from.handle) } }
          : {}),
      ...(from.name && { displayName: clean('displayName', from.name) }),
      subject: clean('subject', message.subject),
      text: clean('text', message.text),
      occurredAt: message.occurredAt,
      externalId: clean('externalId', message.externalId),
      threadKey: clean('threadKey', message.threadKey),
      references: message.references?.map((reference) => salvage('reference', reference)),
      metadata: message.metadata ?? {},
      ...(message.merge && { merge: message.merge }),
      ...(message.events && { events: message.events }),
    };
  });
}

/**
 * The delivery receipts a channel's `parseInbound` returned (status callbacks, bounces), checked
 * as its messages are: a receipt that is not one is the plugin's fault, not the provider's.
 */
export function toReceipts(channel: string, receipts: unknown): DeliveryReceipt[] {
  if (receipts === undefined) return [];
  if (!Array.isArray(receipts)) throw new PluginOutputError(channel, 'parseInbound returned receipts that are not a list');
  return receipts.map((receipt: DeliveryReceipt, index) => {
    if (typeof receipt?.externalId !== 'string' || !receipt.externalId) throw new PluginOutputError(channel, `receipt ${index} has no externalId`);
    if (!DELIVERY_STATUS_ORDER.includes(receipt.status)) {
      throw new PluginOutputError(channel, `receipt ${index} has status ${JSON.stringify(receipt.status)}, not one of ${DELIVERY_STATUS_ORDER.join(', ')}`);
    }
    return receipt;
  });
}

const CORE_EVENTS = new Set<string>(CORE_EVENT_TYPES);
/** A plugin's own event type: namespaced, like `phone.call_missed`. */
const PLUGIN_EVENT_TYPE = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$/i;

function checkRecordEvents(channel: string, where: string, events: RecordEvent[] | undefined): void {
  if (events === undefined) return;
  if (!Array.isArray(events)) throw new PluginOutputError(channel, `${where} has events that are not a list`);
  for (const event of events) {
    if (typeof event?.type !== 'string' || !PLUGIN_EVENT_TYPE.test(event.type) || CORE_EVENTS.has(event.type)) {
      throw new PluginOutputError(channel, `${where} has an event of type ${JSON.stringify(event?.type)}: a channel publishes only its own namespaced types, such as "${channel}.something_happened", never core ones`);
    }
    if (event.payload !== undefined && (typeof event.payload !== 'object' || event.payload === null || Array.isArray(event.payload))) {
      throw new PluginOutputError(channel, `${where} has an event "${event.type}" whose payload is not an object`);
    }
  }
}

/** A string made storable; anything else is left for the domain's checks to refuse. */
function clean<T>(rule: InputRuleName, value: T): T {
  return (typeof value === 'string' ? salvage(rule, value) : value) as T;
}
