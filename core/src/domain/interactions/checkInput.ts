import { ValidationError, type RecordInteractionInput } from '@rapport/sdk';
import type { DirectionValue } from '../../persistence/entities.js';
import { normalizeEmail, normalizeHandle, normalizePhone, type Identity } from '../identities.js';

const DIRECTIONS: readonly DirectionValue[] = ['INBOUND', 'OUTBOUND', 'INTERNAL'];

/** Extra fields the core's own callers may pass (sendMessage, inbound webhooks). */
export interface CoreRecordInput extends RecordInteractionInput {
  displayName?: string;
  /** External ids on this channel that the interaction replies to (inbound webhooks). */
  references?: string[];
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
}

export function checkInput(input: CoreRecordInput, now: Date): CheckedInput {
  const channel = typeof input.channel === 'string' ? input.channel.trim() : '';
  if (!channel) throw new ValidationError('channel is required, e.g. "email".', 'channel');
  if (!DIRECTIONS.includes(input.direction)) {
    throw new ValidationError(`direction must be one of ${DIRECTIONS.join(', ')}, got ${JSON.stringify(input.direction)}.`, 'direction');
  }
  const type = typeof input.type === 'string' ? input.type.trim() : '';
  if (!type) throw new ValidationError('type is required, e.g. "message", "call", "purchase" or "survey_response".', 'type');
  const occurredAt = input.occurredAt === undefined || input.occurredAt === null ? now : new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) {
    throw new ValidationError(`occurredAt must be an ISO-8601 date-time, got ${JSON.stringify(input.occurredAt)}.`, 'occurredAt');
  }
  const metadata = input.metadata ?? {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new ValidationError('metadata must be a JSON object.', 'metadata');
  const identity = input.customerId
    ? undefined
    : input.email
      ? { kind: 'email' as const, channel: '', value: normalizeEmail(input.email) }
      : input.phone
        ? { kind: 'phone' as const, channel: '', value: normalizePhone(input.phone) }
        : input.handle
          ? normalizeHandle(channel, input.handle)
          : undefined;
  if (!input.customerId && !identity) {
    throw new ValidationError('Give customerId, or an identity of the customer: email, phone, or handle (on this channel).', 'customerId');
  }
  return {
    customerId: input.customerId,
    identity,
    displayName: input.displayName,
    channel,
    direction: input.direction,
    type,
    subject: input.subject ?? undefined,
    text: input.text ?? undefined,
    occurredAt,
    externalId: input.externalId ?? undefined,
    threadKey: input.threadKey ?? undefined,
    conversationId: input.conversationId ?? undefined,
    references: checkReferences(input.references),
    metadata,
  };
}

function checkReferences(references: unknown): string[] | undefined {
  if (references === undefined || references === null) return undefined;
  if (!Array.isArray(references) || references.some((reference) => typeof reference !== 'string')) {
    throw new ValidationError('references must be a list of external ids.', 'references');
  }
  const unique = [...new Set(references as string[])].filter(Boolean);
  return unique.length > 0 ? unique.slice(-100) : undefined;
}

export function checkDate(value: Date | string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ValidationError(`${field} must be a date, got ${JSON.stringify(value)}.`, field);
  return date;
}
