import { ValidationError } from './errors.js';

/**
 * The GraphQL API's id of an object (`Customer.id`, `Conversation.id`, …): opaque to clients, it
 * is base64url of `Type:id`. A plugin whose `schema.graphql` takes or returns the ids of core
 * objects translates at the edge of its resolvers, since its context speaks the plain ids.
 *
 * @example
 * ```ts
 * const resolve = (event: { conversationId: string }) => ({ conversationId: toGlobalId('Conversation', event.conversationId) });
 * ```
 */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/**
 * A global id taken apart, or `undefined` for a string that is not one the API issued (re-encoding
 * catches what a lenient base64 decoder would accept).
 */
export function decodeGlobalId(globalId: string): { type: string; id: string } | undefined {
  if (typeof globalId !== 'string') return undefined;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return undefined;
  const [type, id] = [decoded.slice(0, separator), decoded.slice(separator + 1)];
  return toGlobalId(type, id) === globalId ? { type, id } : undefined;
}

/**
 * The plain id of a global id of `type`, e.g. a resolver's `conversationId` argument; anything
 * else is a `ValidationError` (`BAD_USER_INPUT`) naming `field`.
 *
 * @example
 * ```ts
 * const conversationId = fromGlobalId(args.conversationId, 'Conversation', 'conversationId');
 * ```
 */
export function fromGlobalId(globalId: string, type: string, field = 'id'): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== type) {
    throw new ValidationError(`${field}: ${JSON.stringify(globalId)} is not the id of a ${type}. Use an id returned by this API.`, field);
  }
  return decoded.id;
}
