import type { Attachment, ParsedMail } from 'mailparser';
import { htmlToText } from './htmlToText.js';
import { parseMessageIds } from './messageIds.js';
import { dateOf } from './parseEmail.js';
import { withoutNul } from './withoutNul.js';

/**
 * A bounce: a report from a mail server about a message we sent, not a message from a customer.
 * Only a `failed` one changes anything (the message's delivery becomes `FAILED`); a delay warning
 * or a report of a successful delivery is recognised so that it is not recorded as a customer's
 * email either.
 */
export interface Bounce {
  /** `dsn` for an RFC 3464 delivery status notification, `non-standard` for a plain-text bounce. */
  format: 'dsn' | 'non-standard';
  /** Whether the message could not be delivered for good (not a delay, not a success report). */
  failed: boolean;
  /** The Message-ID of the message the bounce is about, without `<>`, when it could be found. */
  originalMessageId?: string;
  /** For a failure: what the receiving server said, for a person. */
  error?: string;
  /** The DSN's `Action` per recipient (`failed`, `delayed`, `delivered`…); empty for a non-standard bounce. */
  actions: string[];
  /** When the reporting server wrote the bounce (its Date header), when that can be read. */
  occurredAt?: Date;
}

/** The machine-readable part of a DSN (RFC 3464), and its UTF-8 variant (RFC 6533). */
const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
/** Parts that return the original message, or only its header section. */
const RETURNED_MESSAGE_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);
/** Local parts that mail systems send bounces from. */
const DAEMON_SENDER = /^(mailer[-_]?daemon|mail[-_]?daemon|postmaster)$/i;
/**
 * Subjects of bounces that are not DSNs, anchored at the start, so that a customer's
 * "Fwd: Undelivered Mail Returned to Sender" is still the customer's message.
 */
const FAILURE_SUBJECT =
  /^\s*(undeliver(ed|able)\b|delivery (status notification \(failure\)|failure|has failed|failed)|mail delivery (failed|failure)|returned mail\b|failure notice\b|non[- ]?delivery\b|message not delivered\b|could not send message\b)/i;
/** Subjects of warnings that a message is delayed and still being retried. */
const DELAY_SUBJECT = /\bdelay(ed)?\b|still being retried|will (continue|keep) (trying|retrying)|\(delay\)/i;
/** A delay warning's text, for a non-standard bounce whose subject says neither. */
const DELAY_TEXT = /\b(will (continue|keep) (trying|retrying)|still (being )?retr(y|ied|ying)|this is a warning only|temporar(y|ily))\b/i;
/** An enhanced status code (RFC 3463) of a permanent failure: `5.1.1`. */
const PERMANENT_CODE = /\b5\.\d{1,3}\.\d{1,3}\b/;
/** The header lines a quoted original message starts with, where a bounce's explanation ends. */
const QUOTED_HEADER = /^[ \t>]*(return-path|received|message-id|from|to|subject|date|mime-version|content-type|dkim-signature)[ \t]*:/im;
/** The Message-ID header of an original message quoted in a bounce's text, `>` quoting and folding allowed. */
const QUOTED_MESSAGE_ID = /^[ \t>]*message-id[ \t]*:\s*(?:>[ \t]*)*(<[^<>\s]+>|[^\s<>]+@[^\s<>]+)/im;
/** An error longer than this is cut: it is shown to a person next to the message. */
const MAX_ERROR_LENGTH = 1000;

/**
 * Recognises a bounce and reads what it says about the message it returns: an RFC 3464 DSN
 * (`multipart/report; report-type=delivery-status`) by its `message/delivery-status` part, and the
 * common non-standard bounces (Exim, qmail, older Exchange) by their sender (`MAILER-DAEMON@…`,
 * `postmaster@…`), an `X-Failed-Recipients` header, or their subject on mail that a machine sent
 * (`Auto-Submitted`, the null Return-Path). The original's Message-ID is
 * taken from the returned message or its headers (a `message/rfc822` or `text/rfc822-headers`
 * part, or headers quoted in the text), else from the bounce's In-Reply-To and References.
 *
 * @returns the bounce, or `undefined` for any other message (a customer's email).
 */
export function readBounce(mail: ParsedMail): Bounce | undefined {
  const report = mail.attachments.find((attachment) => DELIVERY_STATUS_TYPES.has(attachment.contentType.toLowerCase()));
  const bounce = report && isReport(mail) ? readDsn(mail, report) : looksLikeBounce(mail) ? readNonStandard(mail) : undefined;
  if (!bounce) return undefined;
  // mailparser would put the parse time in place of a missing or unreadable Date.
  const { date } = dateOf(mail.headerLines);
  return withoutNul({ ...bounce, ...(date && { occurredAt: date }) });
}

/**
 * Whether a message with a delivery-status part is a report rather than a customer's message
 * with one among its attachments: `multipart/report` as RFC 3464 has it, or, from servers that
 * wrap it otherwise, a message that looks like a bounce or that a machine sent.
 */
function isReport(mail: ParsedMail): boolean {
  const contentType = mail.headers.get('content-type') as { value?: string } | undefined;
  return contentType?.value?.toLowerCase() === 'multipart/report' || looksLikeBounce(mail) || sentByMachine(mail);
}

/** A DSN: failed when any recipient's `Action` is `failed` (or, without an Action, its Status is 5.x.x). */
function readDsn(mail: ParsedMail, report: Attachment): Bounce {
  const recipients = fieldGroups(report.content.toString('utf8')).filter((fields) => fields.has('action') || fields.has('final-recipient'));
  const failed = recipients.filter((fields) => {
    const action = fields.get('action')?.toLowerCase();
    return action === 'failed' || (action === undefined && /^5\./.test(fields.get('status') ?? ''));
  });
  const originalMessageId = returnedMessageId(mail) ?? repliedToId(mail);
  return {
    format: 'dsn',
    failed: failed.length > 0,
    ...(originalMessageId && { originalMessageId }),
    ...(failed.length > 0 && { error: limited(dsnError(failed)) }),
    actions: recipients.map((fields) => fields.get('action')?.toLowerCase() ?? 'unknown'),
  };
}

/**
 * What a person needs to know of the failed recipients: `Status` and `Diagnostic-Code`, as in
 * `5.1.1 smtp; 550 5.1.1 <x@example.com>: Recipient address rejected: User unknown`, each prefixed
 * with its recipient when there are several.
 */
function dsnError(failed: readonly Map<string, string>[]): string {
  const errors = failed.map((fields) => [fields.get('status'), fields.get('diagnostic-code')].filter(Boolean).join(' ') || 'failed');
  if (failed.length === 1) return errors[0]!;
  return failed.map((fields, index) => `${addressOf(fields.get('final-recipient') ?? fields.get('original-recipient') ?? 'unknown recipient')}: ${errors[index]}`).join('; ');
}

/**
 * A bounce that is not a DSN: from a mailer daemon, with Exim's `X-Failed-Recipients` header, or
 * with a bounce's subject on a message that a machine sent. A subject alone is not enough: a
 * customer may well write "Delivery failed" about a parcel.
 */
function looksLikeBounce(mail: ParsedMail): boolean {
  const sender = mail.from?.value.find((mailbox) => mailbox.address?.includes('@'))?.address ?? '';
  const localPart = sender.slice(0, sender.lastIndexOf('@'));
  return DAEMON_SENDER.test(localPart) || mail.headers.has('x-failed-recipients') || (FAILURE_SUBJECT.test(mail.subject ?? '') && sentByMachine(mail));
}

/** `Auto-Submitted` other than `no` (RFC 3834), or the null sender `Return-Path: <>` that bounces go out with (RFC 5321). */
function sentByMachine(mail: ParsedMail): boolean {
  const autoSubmitted = mail.headers.get('auto-submitted');
  if (typeof autoSubmitted === 'string' && autoSubmitted.trim().toLowerCase() !== 'no') return true;
  const returnPath = mail.headers.get('return-path') as { value?: { address?: string }[] } | undefined;
  return returnPath?.value !== undefined && !returnPath.value.some((mailbox) => mailbox.address);
}

/**
 * A non-standard bounce: a failure unless its subject, or failing that its text, says the message
 * is only delayed. The error is the receiving server's reply quoted in the explanation.
 */
function readNonStandard(mail: ParsedMail): Bounce {
  const subject = mail.subject?.trim() ?? '';
  const text = textOf(mail);
  const explanation = explanationOf(text);
  const delayed = !FAILURE_SUBJECT.test(subject) && (DELAY_SUBJECT.test(subject) || (DELAY_TEXT.test(explanation) && !PERMANENT_CODE.test(explanation)));
  const originalMessageId = returnedMessageId(mail) ?? quotedMessageId(text) ?? repliedToId(mail);
  return {
    format: 'non-standard',
    failed: !delayed,
    ...(originalMessageId && { originalMessageId }),
    ...(!delayed && { error: limited(serverReply(explanation) ?? (subject || 'The message could not be delivered.')) }),
    actions: [],
  };
}

/** The bounce's text: the plain text, or its HTML converted when it has none. */
function textOf(mail: ParsedMail): string {
  const plain = (mail.text ?? '').replace(/\r\n?/g, '\n');
  if (plain.trim()) return plain;
  return typeof mail.html === 'string' ? htmlToText(mail.html) : '';
}

/** The part of a bounce's text before the quoted original, so the original's text is not read as the error. */
function explanationOf(text: string): string {
  const quoted = QUOTED_HEADER.exec(text);
  return quoted ? text.slice(0, quoted.index) : text;
}

/**
 * The receiving server's reply in a bounce's explanation: the first line with an SMTP reply and
 * enhanced status code (`550 5.1.1 …`, folded continuation lines included), else a qmail-style
 * line ending in `(#5.1.1)`, else a line that starts with a 5xx reply code.
 */
function serverReply(explanation: string): string | undefined {
  const lines = explanation.split('\n');
  const patterns = [/\b[45]\d\d[ -]#?[45]\.\d{1,3}\.\d{1,3}\b.*$/, /^\s*(\S.*\(#[45]\.\d{1,3}\.\d{1,3}\).*)$/, /^\s*(5\d\d[ -]\S.*)$/];
  for (const pattern of patterns) {
    for (let index = 0; index < lines.length; index++) {
      const match = pattern.exec(lines[index]!);
      if (!match) continue;
      const continuation: string[] = [];
      // Postfix wraps a long reply onto indented lines below its unindented first line (Exim
      // indents every line, and there the next indented line is something else).
      if (!isIndented(lines[index]!)) for (let next = index + 1; next < lines.length && isIndented(lines[next]!); next++) continuation.push(lines[next]!);
      return collapse([match[1] ?? match[0], ...continuation].join(' '));
    }
  }
  return undefined;
}

/** The Message-ID of a returned message or header section (the first such part that has one). */
function returnedMessageId(mail: ParsedMail): string | undefined {
  for (const attachment of mail.attachments) {
    if (!RETURNED_MESSAGE_TYPES.has(attachment.contentType.toLowerCase())) continue;
    const id = headerOf(headerSection(attachment.content.toString('utf8')), 'message-id');
    const [messageId] = parseMessageIds(id);
    if (messageId) return messageId;
  }
  return undefined;
}

/** The Message-ID of headers quoted in the text of a bounce (Exim's "copy of the message, including all the headers"). */
function quotedMessageId(text: string): string | undefined {
  const match = QUOTED_MESSAGE_ID.exec(text);
  return match ? parseMessageIds(match[1]!)[0] : undefined;
}

/** The fallback: the message the bounce replies to, as some servers (Gmail, Exchange) set In-Reply-To and References. */
function repliedToId(mail: ParsedMail): string | undefined {
  return parseMessageIds(mail.inReplyTo).at(-1) ?? parseMessageIds(mail.references).at(-1);
}

/** The header section of a message: everything before the first empty line. */
function headerSection(message: string): string {
  const normalized = message.replace(/\r\n?/g, '\n').replace(/^\n+/, '');
  const end = normalized.indexOf('\n\n');
  return end < 0 ? normalized : normalized.slice(0, end);
}

/** The first value of a header in a header section, unfolded; names are case-insensitive. */
function headerOf(section: string, name: string): string | undefined {
  return fieldsOf(section).get(name);
}

/**
 * A DSN body as its groups of fields (RFC 3464: the per-message fields, then one group per
 * recipient, separated by empty lines), each a map of lower-case names to unfolded values.
 */
function fieldGroups(body: string): Map<string, string>[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(fieldsOf)
    .filter((fields) => fields.size > 0);
}

/** `Name: value` lines, folded lines joined; the first occurrence of a name wins. */
function fieldsOf(section: string): Map<string, string> {
  const fields = new Map<string, string>();
  const unfolded = section.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const match = /^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:(.*)$/.exec(line);
    if (match && !fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), collapse(match[2]!));
  }
  return fields;
}

/** `rfc822; jdoe@contoso.com` → `jdoe@contoso.com`. */
function addressOf(recipientField: string): string {
  return recipientField.replace(/^[^;]*;\s*/, '');
}

function isIndented(line: string): boolean {
  return /^[ \t]+\S/.test(line);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function limited(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
