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
  if (headerSection.includes(0)) {
    throw new ValidationError(`The request body is binary data (it has NUL bytes in its header section), not an email message. ${hint}`, 'body');
  }
  if (!HEADER_LINE.test(firstLine)) {
    throw new ValidationError(
      `The request body does not start with a header field ("Name: value"), so it is not an email message; it starts with ${JSON.stringify(firstLine.slice(0, 40))}. ${hint}`,
      'body',
    );
  }
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
