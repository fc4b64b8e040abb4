import { ValidationError } from '@rapport/sdk';

const LF = 0x0a;
const CR = 0x0d;
const MBOX_FROM = Buffer.from('From ');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** A header field name (RFC 5322 ftext, restricted to the characters real headers use) and its colon. */
const HEADER_LINE = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+[ \t]*:/;
/** How far to look for the end of the header section before judging it. */
const HEADER_SCAN_LIMIT = 256 * 1024;

/**
 * The bytes of an RFC 5322 message as a webhook received them, made ready for the parser: a
 * leading UTF-8 byte order mark or blank lines are dropped, and so is the `From sender date`
 * separator line that mbox files and `formail`/procmail pipes put in front of each message (it
 * is not a header: it has no colon after `From`).
 */
export function stripEnvelope(body: Uint8Array): Buffer {
  let bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM)) bytes = bytes.subarray(UTF8_BOM.length);
  let start = 0;
  while (start < bytes.length && (bytes[start] === CR || bytes[start] === LF)) start++;
  bytes = bytes.subarray(start);
  if (bytes.subarray(0, MBOX_FROM.length).equals(MBOX_FROM)) {
    const endOfLine = bytes.indexOf(LF);
    bytes = endOfLine < 0 ? bytes.subarray(bytes.length) : bytes.subarray(endOfLine + 1);
  }
  return bytes;
}

/**
 * Refuses a body that is not an email message before it reaches the parser, which would
 * otherwise read anything at all as a message without headers.
 *
 * @param message - the bytes after {@link stripEnvelope}.
 * @throws ValidationError saying what the body looks like instead and what to send.
 */
export function assertLooksLikeMessage(message: Buffer): void {
  const hint = 'POST the raw RFC 5322 message (headers, a blank line, the body) as message/rfc822, e.g. an .eml file.';
  if (message.length === 0) throw new ValidationError(`The request body is empty: there is no email message in it. ${hint}`, 'body');
  const headerSection = message.subarray(0, Math.min(endOfHeaders(message), HEADER_SCAN_LIMIT));
  const firstLine = headerSection.subarray(0, lineEnd(headerSection)).toString('latin1').replace(/\r$/, '');
  if (/^\s*[[{]/.test(firstLine)) {
    throw new ValidationError(`The request body is JSON, not an email message. ${hint}`, 'body');
  }
  if (looksBinary(headerSection)) {
    throw new ValidationError(`The request body is binary data (its header section is not text), not an email message. ${hint}`, 'body');
  }
  if (!HEADER_LINE.test(firstLine)) {
    throw new ValidationError(
      `The request body does not start with a header field ("Name: value"), so it is not an email message; it starts with ${JSON.stringify(firstLine.slice(0, 40))}. ${hint}`,
      'body',
    );
  }
}

/**
 * The message without the NUL bytes of its header section. A stray NUL in a header is damage
 * (a broken gateway, a fuzzer), not meaning: the message is still one to record, and PostgreSQL
 * cannot store a NUL. NULs in the body are left to the decoded text (see parseEmail), since a
 * binary attachment may hold them.
 */
export function withoutHeaderNuls(message: Buffer): Buffer {
  const end = endOfHeaders(message);
  const headers = message.subarray(0, end);
  if (!headers.includes(0)) return message;
  return Buffer.concat([Buffer.from(headers.filter((byte) => byte !== 0)), message.subarray(end)]);
}

/**
 * Whether a header section is binary data rather than text with a stray NUL here and there: it
 * has NULs, and either they make up a tenth of it or more (UTF-16 text, a file) or it also holds
 * bytes that header text never does (control characters other than tab, CR, LF and the ESC of
 * ISO-2022 encodings; 0xFE and 0xFF, which open UTF-16 byte order marks). Without NULs, 8-bit
 * headers are taken as text, as they always were.
 */
function looksBinary(headerSection: Buffer): boolean {
  let nuls = 0;
  let junk = 0;
  for (const byte of headerSection) {
    if (byte === 0) nuls++;
    else if ((byte < 0x20 && byte !== 0x09 && byte !== LF && byte !== CR && byte !== 0x1b) || byte === 0x7f || byte >= 0xfe) junk++;
  }
  return nuls > 0 && (junk > 0 || nuls * 10 >= headerSection.length);
}

/** Where the header section ends: at the first empty line, or the end of the message. */
function endOfHeaders(message: Buffer): number {
  const crlf = message.indexOf('\r\n\r\n');
  const lf = message.indexOf('\n\n');
  const ends = [crlf, lf].filter((index) => index >= 0);
  return ends.length > 0 ? Math.min(...ends) : message.length;
}

function lineEnd(bytes: Buffer): number {
  const index = bytes.indexOf(LF);
  return index < 0 ? bytes.length : index;
}
