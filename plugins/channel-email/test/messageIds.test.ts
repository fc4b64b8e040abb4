import { describe, expect, it } from 'vitest';
import { domainOf, messageIdForKey, messageIdForRaw, normalizeMessageId, parseMessageIds, randomMessageId } from '../src/messageIds.js';
import { replySubject, subjectFor } from '../src/subject.js';
import { inboundReferences, replyHeaders } from '../src/threading.js';

describe('Message-IDs', () => {
  it('normalizes an id to its bare form, without angle brackets or whitespace', () => {
    expect(normalizeMessageId(' <abc.123@example.com> ')).toBe('abc.123@example.com');
    expect(normalizeMessageId('abc.123@example.com')).toBe('abc.123@example.com');
    expect(normalizeMessageId('<>')).toBeUndefined();
    expect(normalizeMessageId(undefined)).toBeUndefined();
  });

  it('reads every id of a References-style header, whatever separates them', () => {
    expect(parseMessageIds('<a@x> <b@x>\r\n\t<c@x>')).toEqual(['a@x', 'b@x', 'c@x']);
    expect(parseMessageIds('<a@x>,<b@x>')).toEqual(['a@x', 'b@x']);
    expect(parseMessageIds(['<a@x>', '<b@x>'])).toEqual(['a@x', 'b@x']);
    expect(parseMessageIds('Your message of Mon, 2 Mar 2026 <a@x> (comment)')).toEqual(['a@x']);
    expect(parseMessageIds('bare@x')).toEqual(['bare@x']);
    expect(parseMessageIds(undefined)).toEqual([]);
  });

  it('derives the same id from the same idempotency key, and different ids from different keys', () => {
    const first = messageIdForKey('run-1:survey', 'example.com');
    expect(first).toMatch(/^[0-9a-f]{40}@example\.com$/);
    expect(messageIdForKey('run-1:survey', 'example.com')).toBe(first);
    expect(messageIdForKey('run-2:survey', 'example.com')).not.toBe(first);
  });

  it('makes random ids unique', () => {
    expect(randomMessageId('example.com')).not.toBe(randomMessageId('example.com'));
  });

  it('derives a stand-in id for a message without one from its bytes', () => {
    const id = messageIdForRaw(Buffer.from('From: a@b.c\r\n\r\nhi'));
    expect(id).toMatch(/^sha256-[0-9a-f]{40}@no-message-id\.invalid$/);
    expect(messageIdForRaw(Buffer.from('From: a@b.c\r\n\r\nhi'))).toBe(id);
    expect(messageIdForRaw(Buffer.from('From: a@b.c\r\n\r\nho'))).not.toBe(id);
  });

  it('takes the domain of an address, in lower case', () => {
    expect(domainOf('Support@Example.COM')).toBe('example.com');
    expect(domainOf('nodomain@')).toBeUndefined();
    expect(domainOf('plain')).toBeUndefined();
  });
});

describe('threading', () => {
  it('gives a reply In-Reply-To the newest earlier id and References all of them, oldest first', () => {
    expect(replyHeaders(['a@x', '<b@x>', 'c@x'])).toEqual({ inReplyTo: '<c@x>', references: ['<a@x>', '<b@x>', '<c@x>'] });
  });

  it('gives a first message neither header', () => {
    expect(replyHeaders(undefined)).toEqual({});
    expect(replyHeaders([])).toEqual({});
  });

  it('orders inbound references as References then In-Reply-To, de-duplicated, the replied-to id last', () => {
    expect(inboundReferences(['<a@x>', '<b@x>', '<c@x>'], '<b@x>')).toEqual(['a@x', 'c@x', 'b@x']);
    expect(inboundReferences('<a@x> <b@x>', '<b@x>')).toEqual(['a@x', 'b@x']);
    expect(inboundReferences(undefined, '<only@x>')).toEqual(['only@x']);
    expect(inboundReferences(undefined, undefined)).toEqual([]);
  });
});

describe('subjects', () => {
  it('prefixes a reply subject once', () => {
    expect(replySubject('Order late')).toBe('Re: Order late');
    expect(replySubject('Re: Order late')).toBe('Re: Order late');
    expect(replySubject('AW: Bestellung')).toBe('AW: Bestellung');
  });

  it("uses the message's own subject, else the thread's as a reply, else the default", () => {
    expect(subjectFor('Your refund', 'Order late', 'Message from support')).toBe('Your refund');
    expect(subjectFor(undefined, 'Order late', 'Message from support')).toBe('Re: Order late');
    expect(subjectFor('  ', undefined, 'Message from support')).toBe('Message from support');
  });
});
