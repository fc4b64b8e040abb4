import { describe, expect, it } from 'vitest';
import { decodeGlobalId, fromGlobalId, toGlobalId } from '../src/index.js';

describe('global ids, as the GraphQL API issues them', () => {
  const id = '0190f3a2-7b1c-7d4e-9f00-123456789abc';

  it('round-trips a plain id through its global id', () => {
    const global = toGlobalId('Conversation', id);
    expect(global).toBe(Buffer.from(`Conversation:${id}`).toString('base64url'));
    expect(decodeGlobalId(global)).toEqual({ type: 'Conversation', id });
    expect(fromGlobalId(global, 'Conversation')).toBe(id);
  });

  it('refuses another type, a plain id and what was never issued, naming the field', () => {
    expect(() => fromGlobalId(toGlobalId('Customer', id), 'Conversation', 'conversationId')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'conversationId', message: expect.stringContaining('is not the id of a Conversation') }),
    );
    expect(() => fromGlobalId(id, 'Conversation')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    // Padding is accepted by a lenient decoder but never issued.
    expect(decodeGlobalId(`${toGlobalId('Conversation', id)}=`)).toBeUndefined();
    expect(decodeGlobalId('')).toBeUndefined();
  });
});
