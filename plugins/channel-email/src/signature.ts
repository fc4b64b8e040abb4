/**
 * A phone number the sender gives in the signature of an email, so the core can link a new email
 * address to the customer first seen by that number on SMS or a call (InboundMessage.from: the
 * identities besides the sender's). Only the sender's own new text is read: the quoted message
 * below a reply holds other people's signatures.
 */

/** Lines that start the quoted part of a reply, as the common mail programs write them. */
const QUOTE_STARTS = [/^>/, /^On .+ wrote:\s*$/i, /^Le .+ a écrit\s*:\s*$/i, /^Am .+ schrieb .+:\s*$/i, /^-{2,}\s*Original Message\s*-{2,}/i, /^_{5,}\s*$/, /^From:\s.+/i];
/** The signature delimiter of RFC 3676 (`-- `), or a bare `--` as many programs send it. */
const SIGNATURE_DELIMITER = /^--\s?$/;
/** How many of the last lines of the new text are read when there is no delimiter. */
const TRAILING_LINES = 6;
/** A run of digits with the separators people write: `+44 20 7946 0958`, `(020) 7946-0958`, `+1.415.555.0100`. */
const PHONE = /(?:\+|\b00)?\(?\d[\d\s().\-/]{6,}\d/g;
/** A label that says the number on its line is a phone number. */
const PHONE_LABEL = /\b(tel|phone|mobile|mob|cell|call|fon|t|m|p)\b\.?\s*[:.]?/i;

/**
 * The first phone number in the signature of `text`, as written; `undefined` when there is none.
 * The core checks and normalizes it (E.164) and ignores it when it is not a possible number.
 *
 * @example
 * ```ts
 * phoneInSignature('Thanks!\n-- \nAda Lovelace\nTel: +44 20 7946 0958'); // '+44 20 7946 0958'
 * ```
 */
export function phoneInSignature(text: string): string | undefined {
  const lines = ownLines(text);
  const delimiter = lines.findIndex((line) => SIGNATURE_DELIMITER.test(line));
  const signature = delimiter >= 0 ? lines.slice(delimiter + 1) : lines.filter((line) => line.trim()).slice(-TRAILING_LINES);
  const candidates = signature.flatMap((line) => (line.match(PHONE) ?? []).map((match) => ({ match: match.trim(), labelled: PHONE_LABEL.test(line) })));
  const numbers = candidates.filter(({ match }) => digitCount(match) >= 8 && digitCount(match) <= 15 && !looksLikeDate(match));
  return (numbers.find((number) => number.labelled) ?? numbers[0])?.match;
}

/** The lines the sender wrote, before any quoted message. */
function ownLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const quoteAt = lines.findIndex((line) => QUOTE_STARTS.some((start) => start.test(line.trim())));
  return quoteAt >= 0 ? lines.slice(0, quoteAt) : lines;
}

function digitCount(value: string): number {
  return value.replace(/\D/g, '').length;
}

/** 2026-05-04, 04.05.2026, 04/05/2026: dates, not phone numbers. */
function looksLikeDate(value: string): boolean {
  return /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/.test(value) || /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/.test(value);
}
