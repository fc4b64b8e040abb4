import { badUserInput } from './errors.js';

/** The types `node(id)` resolves. */
export const NODE_TYPES = ['Customer', 'Interaction', 'Conversation', 'WorkflowRun', 'AuditEvent'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The global id of an object: base64url of `Type:uuid`. Opaque on purpose: clients must not build
 * or take apart ids, so the storage key can change without breaking them, and one `node(id)`
 * field can fetch any type.
 */
export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Takes a global id apart; anything that is not one is BAD_USER_INPUT naming the argument. */
export function fromGlobalId(globalId: string, field = 'id'): { type: NodeType; id: string } {
  const decoded = typeof globalId === 'string' ? Buffer.from(globalId, 'base64url').toString('utf8') : '';
  const separator = decoded.indexOf(':');
  const type = decoded.slice(0, separator) as NodeType;
  const id = decoded.slice(separator + 1);
  // Re-encoding catches strings that Node's lenient base64 decoder accepts but we never issued.
  if (separator < 0 || !NODE_TYPES.includes(type) || !UUID.test(id) || toGlobalId(type, id) !== globalId) {
    throw badUserInput(`${field}: ${JSON.stringify(globalId)} is not a valid id. Use an id returned by this API.`, field);
  }
  return { type, id };
}

/** The raw id of a global id that must be of `type`; another type is BAD_USER_INPUT. */
export function expectGlobalId(globalId: string, type: NodeType, field = 'id'): string {
  const decoded = fromGlobalId(globalId, field);
  if (decoded.type !== type) {
    throw badUserInput(`${field}: ${JSON.stringify(globalId)} is the id of a ${decoded.type}, not of a ${type}.`, field);
  }
  return decoded.id;
}
