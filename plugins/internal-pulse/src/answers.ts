/**
 * The anonymous answers of one team in one round, as stored: nothing in them names, orders or
 * dates an answer. `answers` is the scores as sorted digits ("11345"); `comments` holds one
 * fixed-size slot per answer, with or without a comment, sorted. So every answer grows the
 * stored value by the same number of bytes, whatever it says: the storage's audit event, which
 * records the value's size before and after each write, tells neither the score, nor whether
 * there was a comment, nor how long it was.
 */
export interface TeamAnswers {
  team: string;
  answers: string;
  comments: string[];
}

/** The longest comment, in characters (code points). */
export const MAX_COMMENT_CHARS = 500;
/** A slot: two bytes of length, then up to 4 bytes per character of UTF-8, zero-filled. */
const SLOT_BYTES = 2 + MAX_COMMENT_CHARS * 4;

/** An empty team record. */
export function noAnswers(team: string): TeamAnswers {
  return { team, answers: '', comments: [] };
}

/** The record with one more answer (1..5) and its comment slot, both in sorted position. */
export function withAnswer(record: TeamAnswers, answer: number, comment: string | undefined): TeamAnswers {
  const answers = [...record.answers, String(answer)].sort().join('');
  const comments = [...record.comments, sealComment(comment ?? '')].sort();
  return { team: record.team, answers, comments };
}

/** The comment in a fixed-size slot, base64url. */
export function sealComment(comment: string): string {
  const text = Buffer.from(comment, 'utf8');
  if (text.length > SLOT_BYTES - 2) throw new RangeError(`a comment is at most ${MAX_COMMENT_CHARS} characters`);
  const slot = Buffer.alloc(SLOT_BYTES);
  slot.writeUInt16BE(text.length, 0);
  text.copy(slot, 2);
  return slot.toString('base64url');
}

/** The comment of a slot; empty for an answer without one. */
export function openComment(slot: string): string {
  const bytes = Buffer.from(slot, 'base64url');
  return bytes.subarray(2, 2 + bytes.readUInt16BE(0)).toString('utf8');
}

/** What the results need of a team: how many answered, the sum of the scores, the comments. */
export interface TeamTally {
  key: string;
  responses: number;
  sum: number;
  comments: string[];
}

/** The tally of a stored record. */
export function tally(record: TeamAnswers): TeamTally {
  let sum = 0;
  for (const digit of record.answers) sum += Number(digit);
  const comments = record.comments.map(openComment).filter((comment) => comment !== '');
  return { key: record.team, responses: record.answers.length, sum, comments };
}
