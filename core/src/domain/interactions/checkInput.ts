import { ValidationError, type InboundMessage, type RecordEvent, type RecordInteractionInput } from '@rapport/sdk';
import type { DirectionValue } from '../../persistence/entities.js';
import { normalizeEmail, normalizeHandle, normalizePhone, type Identity } from '../identities.js';
import { applyOptionalRule, applyRule, checkJsonObject, INPUT_RULES, JSON_BOUNDS } from '../inputRules.js';

const DIRECTIONS: readonly DirectionValue[] = ['INBOUND', 'OUTBOUND', 'INTERNAL'];

/** Extra fields the core's own callers may pass (sendMessage, inbound webhooks). */
export interface CoreRecordInput extends RecordInteractionInput {
  displayName?: string;
  /** External ids on this channel that the interaction replies to (inbound webhooks). */
  references?: string[];
  /** A channel's update of a record it made before (InboundMessage.merge): applied to a repeat. */
  merge?: InboundMessage['merge'];
  /** A channel's own events to publish with the record (InboundMessage.events). */
  events?: RecordEvent[];
  /**
   * Further identities the message gives besides its sender (a phone number in an email's
   * signature): they link the sender to a customer (see InteractionIngest). One that is not
   * valid is left out, never refused: it came from free text.
   */
  otherIdentities?: { email?: string; phone?: string; handle?: string };
}

/** A validated, normalized RecordInteractionInput. */
export interface CheckedInput {
  customerId?: string;
  identity?: Identity;
  displayName?: string;
  channel: string;
  direction: DirectionValue;
  type: string;
  subject?: string;
  text?: string;
  occurredAt: Date;
  externalId?: string;
  threadKey?: string;
  conversationId?: string;
  references?: string[];
  metadata: Record<string, unknown>;
  merge?: InboundMessage['merge'];
  events?: RecordEvent[];
  otherIdentities?: Identity[];
}

/**
 * Checks and normalizes an input to record, whoever gives it (GraphQL, a plugin's
 * `ctx.interactions`, a channel's webhook): every string by its rule in inputRules.ts, so both
 * databases store, or refuse, the same input.
 */
export function checkInput(input: CoreRecordInput, now: Date): CheckedInput {
  const channel = typeof input.channel === 'string' ? applyRule('channel', input.channel, 'channel').trim() : '';
  if (!channel) throw new ValidationError('channel is required, e.g. "email".', 'channel');
  if (!DIRECTIONS.includes(input.direction)) {
    throw new ValidationError(`direction must be one of ${DIRECTIONS.join(', ')}, got ${JSON.stringify(input.direction)}.`, 'direction');
  }
  const type = typeof input.type === 'string' ? applyRule('type', input.type, 'type').trim() : '';
  if (!type) throw new ValidationError('type is required, e.g. "message", "call", "purchase" or "survey_response".', 'type');
  const occurredAt = input.occurredAt === undefined || input.occurredAt === null ? now : checkDate(input.occurredAt, 'occurredAt');
  const metadata = checkJsonObject(input.metadata ?? {}, 'metadata', JSON_BOUNDS.metadata);
  const customerId = applyOptionalRule('id', input.customerId, 'customerId');
  const identity = customerId
    ? undefined
    : input.email
      ? { kind: 'email' as const, channel: '', value: normalizeEmail(input.email) }
      : input.phone
        ? { kind: 'phone' as const, channel: '', value: normalizePhone(input.phone) }
        : input.handle
          ? normalizeHandle(channel, input.handle)
          : undefined;
  if (!customerId && !identity) {
    throw new ValidationError('Give customerId, or an identity of the customer: email, phone, or handle (on this channel).', 'customerId');
  }
  return {
    customerId,
    identity,
    displayName: applyOptionalRule('displayName', input.displayName, 'displayName'),
    channel,
    direction: input.direction,
    type,
    subject: applyOptionalRule('subject', input.subject, 'subject'),
    text: applyOptionalRule('text', input.text, 'text'),
    occurredAt,
    externalId: applyOptionalRule('externalId', input.externalId, 'externalId'),
    threadKey: applyOptionalRule('threadKey', input.threadKey, 'threadKey'),
    conversationId: applyOptionalRule('id', input.conversationId, 'conversationId'),
    references: checkReferences(input.references),
    metadata,
    ...(typeof input.merge === 'function' && { merge: input.merge }),
    ...(input.events && input.events.length > 0 && { events: input.events }),
    ...otherIdentitiesOf(input.otherIdentities, channel, identity),
  };
}

function otherIdentitiesOf(given: CoreRecordInput['otherIdentities'], channel: string, sender: Identity | undefined): { otherIdentities?: Identity[] } {
  if (!given) return {};
  const found: Identity[] = [];
  const attempts: [string | undefined, () => Identity][] = [
    [given.email, () => ({ kind: 'email', channel: '', value: normalizeEmail(given.email!) })],
    [given.phone, () => ({ kind: 'phone', channel: '', value: normalizePhone(given.phone!) })],
    [given.handle, () => normalizeHandle(channel, given.handle!)],
  ];
  for (const [value, normalize] of attempts) {
    if (typeof value !== 'string' || !value.trim()) continue;
    try {
      const identity = normalize();
      if (!sender || identity.kind !== sender.kind || identity.channel !== sender.channel || identity.value !== sender.value) found.push(identity);
    } catch {
      // Not a valid identity: free text (a signature) is not the customer's input, so it is not an error.
    }
  }
  return found.length > 0 ? { otherIdentities: found } : {};
}

function checkReferences(references: unknown): string[] | undefined {
  if (references === undefined || references === null) return undefined;
  if (!Array.isArray(references) || references.some((reference) => typeof reference !== 'string')) {
    throw new ValidationError('references must be a list of external ids.', 'references');
  }
  // A reference longer than any external id can match none: it is left out rather than refused.
  const fitting = (references as string[]).filter((reference) => reference.length <= INPUT_RULES.reference.maxLength);
  const unique = [...new Set(fitting.map((reference, index) => applyRule('reference', reference, `references[${index}]`)))].filter(Boolean);
  return unique.length > 0 ? unique.slice(-100) : undefined;
}

/** The years both databases store: PostgreSQL's timestamps and ISO-8601 without expanded years. */
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;

export function checkDate(value: Date | string, field: string): Date {
  const date = value instanceof Date || typeof value === 'string' || typeof value === 'number' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new ValidationError(`${field} must be an ISO-8601 date-time, got ${JSON.stringify(value)}.`, field);
  const year = date.getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new ValidationError(`${field} is in the year ${year}; dates must lie between the years ${FIRST_YEAR} and ${LAST_YEAR}.`, field);
  }
  return date;
}
