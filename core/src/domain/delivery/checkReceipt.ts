import { DELIVERY_STATUS_ORDER, ValidationError, type DeliveryReceipt } from '@rapport/sdk';
import { applyOptionalRule, applyRule } from '../inputRules.js';

/**
 * A receipt from a plugin, checked before it is stored: a known status and an external id by the
 * input rules of every other external id. The error is cut to its rule's length rather than
 * refused, because a provider's diagnostic is what it is.
 */
export function checkReceipt(receipt: DeliveryReceipt, field: string): DeliveryReceipt {
  if (!receipt || typeof receipt !== 'object') throw new ValidationError(`${field} must be an object with externalId and status.`, field);
  if (!DELIVERY_STATUS_ORDER.includes(receipt.status)) {
    throw new ValidationError(`${field}.status must be one of ${DELIVERY_STATUS_ORDER.join(', ')}, got ${JSON.stringify(receipt.status)}.`, `${field}.status`);
  }
  const externalId = typeof receipt.externalId === 'string' ? applyRule('externalId', receipt.externalId, `${field}.externalId`).trim() : '';
  if (!externalId) throw new ValidationError(`${field}.externalId is required: the provider's id of the message, as send() returned it.`, `${field}.externalId`);
  const error = typeof receipt.error === 'string' ? applyOptionalRule('subject', receipt.error.replace(/\0/g, '').slice(0, 1000), `${field}.error`) : undefined;
  return { externalId, status: receipt.status, ...(error && { error }) };
}
