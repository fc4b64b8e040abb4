/** Prefixes that already mark a subject as a reply, in the languages mail clients commonly use. */
const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|odp|ynt|r)\s*(?:\[\d+\])?\s*:/i;

/**
 * The subject of a reply to a message with `subject`: `Re: ` in front, unless it is there already
 * (`Re: Re: Re:` chains help no one, and Gmail threads by the subject without them).
 */
export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  return REPLY_PREFIX.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/**
 * The subject an outbound message goes out with: its own; for a reply without one, the thread's
 * subject with `Re: `; otherwise the configured default.
 *
 * @param own - `OutboundMessage.subject`.
 * @param threadSubject - the subject of the latest earlier email of the conversation, for a reply.
 * @param fallback - `settings.defaultSubject`.
 */
export function subjectFor(own: string | undefined, threadSubject: string | undefined, fallback: string): string {
  if (own?.trim()) return own.trim();
  if (threadSubject?.trim()) return replySubject(threadSubject);
  return fallback;
}
