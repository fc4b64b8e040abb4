import type { AuditChanges, AuditEntry } from '../../audit/AuditLog.js';
import type { CheckedInput } from './checkInput.js';

/** How an interaction came to be recorded: through the API or a plugin, or sent to the customer. */
export type InteractionAction = 'interaction.record' | 'message.send';

/** The fields of a recorded interaction its audit event shows: what it was, not what it said. */
const AUDITED_FIELDS = ['channel', 'direction', 'type', 'externalId'] as const;

/**
 * The audit event of a recorded interaction. The text, subject and metadata stay out of it: the
 * interaction holds them, and the audit log would only be a second copy of personal data to erase.
 * The customer is given when known, or filled in by the statement itself (the one-statement path).
 */
export function interactionAudit(action: InteractionAction, id: string, input: CheckedInput, customerId?: string): AuditEntry {
  // Built field by field rather than compared (changesBetween): this runs for every interaction.
  const changes: AuditChanges = {};
  for (const field of AUDITED_FIELDS) if (input[field] !== undefined) changes[field] = { before: null, after: input[field] };
  return { action, targetType: 'Interaction', targetId: id, customerId, changes };
}
