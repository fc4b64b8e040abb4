import { decodeGlobalId, toGlobalId as encodeGlobalId } from '@rapport/sdk';
import type { RefType } from '../util/errorRefs.js';
import { badUserInput } from './errors.js';

/** The types `node(id)` resolves. */
export const NODE_TYPES = ['Customer', 'Interaction', 'Conversation', 'WorkflowRun', 'AuditEvent'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

// Errors name objects by the same types (util/errorRefs.ts); a type added to one list only fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const REF_TYPES_ARE_NODE_TYPES: Same<RefType, NodeType> = true;
void REF_TYPES_ARE_NODE_TYPES;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The global id of an object: base64url of `Type:uuid`. Opaque on purpose: clients must not build
 * or take apart ids, so the storage key can change without breaking them, and one `node(id)`
 * field can fetch any type.
 */
export function toGlobalId(type: NodeType, id: string): string {
  return encodeGlobalId(type, id);
}

/** Takes a global id apart; anything that is not one is BAD_USER_INPUT naming the argument. */
export function fromGlobalId(globalId: string, field = 'id'): { type: NodeType; id: string } {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || !NODE_TYPES.includes(decoded.type as NodeType) || !UUID.test(decoded.id)) {
    throw badUserInput(`${field}: ${JSON.stringify(globalId)} is not a valid id. Use an id returned by this API.`, field);
  }
  return { type: decoded.type as NodeType, id: decoded.id };
}

/** The raw id of a global id that must be of `type`; another type is BAD_USER_INPUT. */
export function expectGlobalId(globalId: string, type: NodeType, field = 'id'): string {
  const decoded = fromGlobalId(globalId, field);
  if (decoded.type !== type) {
    throw badUserInput(`${field}: ${JSON.stringify(globalId)} is the id of a ${decoded.type}, not of a ${type}.`, field);
  }
  return decoded.id;
}
