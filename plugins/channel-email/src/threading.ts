import { normalizeMessageId, parseMessageIds } from './messageIds.js';

/** The threading headers of an outbound reply, as nodemailer takes them. */
export interface ReplyHeaders {
  /** The message replied to: the newest earlier message of the thread. */
  inReplyTo?: string;
  /** Every earlier message of the thread, oldest first. */
  references?: string[];
}

/**
 * In-Reply-To and References for an outbound message, from the external ids the core collected
 * for the conversation (oldest first). A first message of a thread has neither.
 *
 * @param references - `OutboundMessage.references`: earlier Message-IDs, with or without `<>`.
 */
export function replyHeaders(references: readonly string[] | undefined): ReplyHeaders {
  const ids = dedupeKeepingLast((references ?? []).map((id) => normalizeMessageId(id)).filter((id): id is string => id !== undefined));
  if (ids.length === 0) return {};
  return { inReplyTo: `<${ids.at(-1)!}>`, references: ids.map((id) => `<${id}>`) };
}

/**
 * The ids an inbound message replies to, for `InboundMessage.references`: References, then
 * In-Reply-To, normalized and de-duplicated, oldest first and the message replied to last, which
 * is the order the core reads them in (it joins the conversation of the newest one it knows).
 *
 * @param references - the References header (mailparser gives a string or a list).
 * @param inReplyTo - the In-Reply-To header.
 */
export function inboundReferences(references: string | readonly string[] | undefined, inReplyTo: string | undefined): string[] {
  // In-Reply-To names the message being answered, which belongs last even when a client wrote
  // References in another order; an id listed twice keeps its latest position for the same reason.
  return dedupeKeepingLast([...parseMessageIds(references), ...parseMessageIds(inReplyTo)]);
}

function dedupeKeepingLast(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (let index = ids.length - 1; index >= 0; index--) {
    const id = ids[index]!;
    if (seen.has(id)) continue;
    seen.add(id);
    kept.push(id);
  }
  return kept.reverse();
}
