import { ValidationError } from '@rapport/sdk';
import { simpleParser, type AddressObject, type EmailAddress, type HeaderLines, type ParsedMail } from 'mailparser';
import { CHECKSUM_ALGORITHM, describeAttachments, type AttachmentInfo } from './attachments.js';
import { htmlToText } from './htmlToText.js';
import { messageIdForRaw, normalizeMessageId, parseMessageIds } from './messageIds.js';
import { assertLooksLikeMessage, stripEnvelope, withoutHeaderNuls } from './rawMessage.js';
import { inboundReferences } from './threading.js';
import { withoutNul } from './withoutNul.js';

/** A received email, decoded and normalized: what the channel records of it. */
export interface ParsedEmail {
  /** The Message-ID without angle brackets; derived from the bytes when the message has none. */
  messageId: string;
  /** Whether {@link messageId} was derived because the message had no Message-ID header. */
  messageIdDerived: boolean;
  /** The sender, from the From header (the first mailbox with an address). */
  from: { email: string; name?: string };
  /** Addresses of the To and Cc headers, members of groups included. */
  to: string[];
  cc: string[];
  /** The decoded Subject, if there is one. */
  subject?: string;
  /** The body as plain text, line endings normalized to `\n`. */
  text: string;
  /** Whether {@link text} was converted from the HTML body because there was no text/plain part. */
  textFromHtml: boolean;
  /** When the message was written (the Date header), if it has a valid one. */
  date?: Date;
  /** The Date header as written, when it could not be read as a date. */
  invalidDate?: string;
  /** The In-Reply-To header, normalized. */
  inReplyTo?: string;
  /** The References header, normalized, in header order. */
  referencesHeader: string[];
  /** What the message replies to: References then In-Reply-To, de-duplicated, oldest first. */
  references: string[];
  /** Every attachment, as metadata only. */
  attachments: AttachmentInfo[];
}

/** A message as mailparser read it, with the bytes it was read from (for a derived Message-ID). */
export interface ReadMessage {
  mail: ParsedMail;
  raw: Buffer;
}

/**
 * Parses a raw RFC 5322 message: every MIME structure and transfer encoding mailparser knows
 * (quoted-printable, base64, 8bit; charsets such as ISO-8859-1, Windows-1252 and UTF-8; RFC 2047
 * encoded words in headers), CRLF or LF line endings, with or without an mbox `From ` line.
 * NUL characters, wherever they were (raw bytes, encoded words, decoded parts), are removed from
 * everything returned (see withoutNul.ts).
 *
 * @param body - the request body, exactly as received.
 * @throws ValidationError when the body is not an email message or has no sender address.
 */
export async function parseEmail(body: Uint8Array): Promise<ParsedEmail> {
  return emailOf(await readMessage(body));
}

/**
 * The first half of {@link parseEmail}: the body checked to be a message and parsed, before
 * anything is required of it (a bounce, say, need not have a From address).
 *
 * @throws ValidationError when the body is not an email message.
 */
export async function readMessage(body: Uint8Array): Promise<ReadMessage> {
  const received = stripEnvelope(body);
  assertLooksLikeMessage(received);
  const raw = withoutHeaderNuls(received);
  try {
    const mail = await simpleParser(raw, {
      // The HTML is only read for its text (below); data: URLs and text-to-HTML would be wasted work.
      skipHtmlToText: true,
      keepCidLinks: true,
      skipImageLinks: true,
      skipTextToHtml: true,
      // A DSN's machine-readable part stays a part of its own (bounces.ts reads it) instead of
      // being appended to the text.
      keepDeliveryStatus: true,
      checksumAlgo: CHECKSUM_ALGORITHM,
    });
    return { mail, raw };
  } catch (error) {
    throw new ValidationError(`The email message could not be parsed: ${(error as Error).message}. Send the raw message exactly as it was received.`, 'body');
  }
}

/**
 * The second half of {@link parseEmail}: what the channel records of a parsed message.
 *
 * @throws ValidationError when the message has no sender address.
 */
export function emailOf({ mail, raw }: ReadMessage): ParsedEmail {
  return withoutNul(readMail(mail, raw));
}

/** What the channel keeps of a parsed message, before NULs are removed. */
function readMail(mail: ParsedMail, raw: Buffer): ParsedEmail {
  const from = sender(mail);
  const plain = normalizeNewlines(mail.text ?? '').trim();
  const html = typeof mail.html === 'string' ? mail.html : '';
  const textFromHtml = plain.length === 0 && html.trim().length > 0;
  const date = dateOf(mail.headerLines);
  const messageId = normalizeMessageId(mail.messageId);
  const inReplyTo = parseMessageIds(mail.inReplyTo).at(-1);
  return {
    messageId: messageId ?? messageIdForRaw(raw),
    messageIdDerived: messageId === undefined,
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    ...(mail.subject?.trim() && { subject: mail.subject.trim() }),
    text: textFromHtml ? htmlToText(html) : plain,
    textFromHtml,
    ...date,
    ...(inReplyTo && { inReplyTo }),
    referencesHeader: parseMessageIds(mail.references),
    references: inboundReferences(mail.references, mail.inReplyTo),
    attachments: describeAttachments(mail.attachments),
  };
}

/** The sender: the first mailbox of the From header that has an address. */
function sender(mail: ParsedMail): ParsedEmail['from'] {
  const mailbox = withoutNul(mailboxes(mail.from?.value ?? [])).find((entry) => entry.address?.includes('@'));
  if (!mailbox?.address) {
    const written = mail.from?.text ? `its From header is ${JSON.stringify(mail.from.text)}` : 'it has no From header';
    throw new ValidationError(
      `The email message has no From address (${written}), so there is no customer to record it for. Send the message with the sender's From header, e.g. "From: Ada <ada@example.com>".`,
      'from',
    );
  }
  const name = mailbox.name.trim();
  return { email: mailbox.address.trim(), ...(name && name !== mailbox.address && { name }) };
}

/** The addresses of an address header (or several), members of groups included. */
function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return mailboxes(objects.flatMap((object) => object.value)).flatMap((mailbox) => (mailbox.address ? [mailbox.address] : []));
}

function mailboxes(entries: readonly EmailAddress[]): EmailAddress[] {
  return entries.flatMap((entry) => (entry.group ? mailboxes(entry.group) : [entry]));
}

/**
 * The Date header, read as mailparser reads it (`new Date(value)`), except that a date that
 * cannot be read is reported as such instead of silently becoming the parse time.
 */
export function dateOf(headerLines: HeaderLines): { date?: Date; invalidDate?: string } {
  const line = headerLines.find((header) => header.key === 'date')?.line;
  if (line === undefined) return {};
  const value = line.replace(/^[^:]*:/, '').replace(/\r?\n[ \t]+/g, ' ').trim();
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? { invalidDate: value } : { date };
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
