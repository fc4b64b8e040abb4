/**
 * The mail of the email ingest benchmark (bench/emailIngest.ts): what a support inbox receives,
 * made by a seeded generator, the same on every machine and run (nothing downloaded), as raw
 * RFC 5322 messages as a relay posts them (CRLF, a relay's Received and authentication headers).
 *
 * - Senders: a fixed population, picked with a skew (a few write often, most once or twice), so
 *   some messages come from new customers and most from returning ones. Names are often not
 *   ASCII (RFC 2047 encoded words in From and Subject); a few people write from two addresses
 *   with the same phone number in their signature, which the channel links to one customer.
 * - Bodies: mostly multipart/alternative (quoted-printable text, HTML as Gmail or, larger, as
 *   Outlook writes it), some text only, some HTML only; signatures, a third with a phone number.
 * - Threads: a follow-up quotes the earlier mail ("On … wrote:", `>` lines, a `<blockquote>`)
 *   and names it in In-Reply-To and References, with our (unknown to the core) reply between.
 * - Attachments: some small PDFs and images (base64), and Outlook's inline signature logo.
 * - Redeliveries: now and then a relay posts a message again, byte for byte.
 */
import { seededRandom } from '../../core/src/util/seededRandom.js';

/** One message of the corpus, and what the benchmark checks it against once it is stored. */
export interface CorpusMessage {
  /** The raw message, CRLF line endings (ASCII and UTF-8 only, so a string: attachments are base64). */
  raw: string;
  /** Its Message-ID without `<>`; a redelivery repeats an earlier one. */
  messageId: string;
  /** Whether this is a redelivery of an earlier message (recorded once). */
  redelivery: boolean;
  /** The person (0-based) who wrote it, and the address it came from. */
  person: number;
  from: string;
  /** The earlier corpus message this one follows up (same sender), if any: it must join that conversation. */
  followsUp?: string;
  /** How many attachments it carries (inline images included). */
  attachments: number;
  /** Whether its signature gives a phone number. */
  phoneInSignature: boolean;
}

const FIRST_NAMES = ['Ada', 'José', 'Zoë', 'Łukasz', 'Søren', 'Aoife', 'Chloé', 'Jürgen', 'Mei', 'Ngozi', 'Björn', 'Inés', 'Ravi', 'Olga', 'François', 'Émilie', 'Tomás', 'Hana', 'Kateřina', 'Sam'];
const LAST_NAMES = ['Lovelace', 'García', 'Ångström', 'Żółkiewski', 'Kierkegaard', "O'Brien", 'Dubois', 'Müller', '李', 'Okafor', 'Borg', 'Núñez', 'Patel', 'Ivanova', 'Lefèvre', 'Brontë', 'Ó Súilleabháin', 'Novák', 'Dvořák', 'Taylor'];
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'web.de', 'orange.fr', 'acme-logistics.com', 'example.org', 'posteo.de'];
const COMPANIES = ['Acme Logistics Ltd', 'Brightwater GmbH', 'Café Lumière SARL', 'Nordlys AS', ''];
const TOPICS = [
  { subject: 'Where is my order #{n}?', body: 'Hello,\n\nI ordered a pair of boots (order #{n}) ten days ago and the tracking page still says "label created". Could you tell me when it will ship?' },
  { subject: 'Rückerstattung für Bestellung {n}', body: 'Guten Tag,\n\nich habe die Bestellung {n} zurückgeschickt, aber noch keine Rückerstattung erhalten. Können Sie das bitte prüfen?' },
  { subject: 'Problème de facturation – commande {n}', body: 'Bonjour,\n\nJ’ai été débité deux fois pour la commande {n}. Pourriez-vous annuler le second prélèvement ? Merci d’avance.' },
  { subject: 'Damaged item in delivery {n}', body: 'Hi there,\n\nThe lamp from delivery {n} arrived with a cracked base. I attached a photo. I would prefer a replacement rather than a refund.' },
  { subject: 'Change delivery address for {n}', body: 'Hello,\n\nCould you please send order {n} to my office instead?\n\n12 Harbour Street, Unit 4\nLeith, Edinburgh EH6 6LY\n\nMany thanks.' },
  { subject: 'Invoice request — {n}', body: 'Good morning,\n\nFor our accounts I need an invoice with our VAT number (GB 123 4567 89) for order {n}. A PDF is fine.' },
  { subject: '注文{n}について', body: 'こんにちは。\n\n注文{n}の配送状況を教えていただけますか？よろしくお願いします。' },
];
const FOLLOW_UPS = ['Any news on this? It has been three days.', 'Thanks, that worked! One more question: can I change the colour as well?', 'Sorry, I forgot to attach the receipt. Here it is.', 'Still nothing arrived. Please call me if that is easier.', 'Merci beaucoup pour votre aide rapide !'];
const FIRST_AT = Date.UTC(2026, 2, 2, 8, 0, 0);

interface Person {
  name: string;
  addresses: string[];
  phone?: string;
  company: string;
  client: 'gmail' | 'outlook' | 'apple' | 'text';
}

interface Sent {
  messageId: string;
  subject: string;
  text: string;
  person: number;
  address: string;
  at: number;
  references: string[];
}

/**
 * `count` messages written by `people` people, the same for the same arguments. The first
 * messages of a real inbox's day are no different from the rest, so a benchmark may post the
 * first few untimed (warm-up) and time the others.
 */
export function emailCorpus(count: number, people = 200, seed = 20260302): CorpusMessage[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const persons = Array.from({ length: people }, (_, index) => person(index, random, pick));
  const sent: Sent[] = [];
  const messages: CorpusMessage[] = [];
  let at = FIRST_AT;
  for (let n = 0; n < count; n++) {
    at += Math.floor(random() * 20 * 60_000);
    if (messages.length > 10 && random() < 0.015) {
      const again = pick(messages.filter((message) => !message.redelivery));
      messages.push({ ...again, redelivery: true });
      continue;
    }
    // Skewed: the square makes low numbers (frequent writers) likelier.
    const who = Math.floor(random() ** 2 * people);
    const writer = persons[who]!;
    const address = writer.addresses.length > 1 && random() < 0.5 ? writer.addresses[1]! : writer.addresses[0]!;
    const earlier = sent.filter((message) => message.address === address && at - message.at < 2 * 86_400_000);
    const previous = earlier.length > 0 && random() < 0.6 ? earlier.at(-1) : undefined;
    const topic = pick(TOPICS);
    const order = String(100_000 + Math.floor(random() * 900_000));
    const subject = previous ? `Re: ${previous.subject.replace(/^Re: /, '')}` : topic.subject.replaceAll('{n}', order);
    const own = previous ? pick(FOLLOW_UPS) : topic.body.replaceAll('{n}', order);
    const messageId = `${hex(random, 16)}.${n}@mail.${address.split('@')[1]}`;
    const ourReply = `reply-${hex(random, 12)}@rapport.bench`;
    const references = previous ? [...previous.references, previous.messageId, ourReply].slice(-8) : [];
    const attachments = attachmentsOf(random, writer, Boolean(previous));
    const signature = signatureOf(writer);
    const quoted = previous ? { at: previous.at + Math.floor((at - previous.at) / 2), text: `Thank you for your message. We are looking into it and will get back to you shortly.\n\n> ${previous.text.split('\n').join('\n> ')}` } : undefined;
    const text = `${own}\n\n${signature}`;
    const raw = render({ writer, address, subject, messageId, at, references, text, quoted, attachments, random });
    sent.push({ messageId, subject, text: own, person: who, address, at, references });
    messages.push({
      raw,
      messageId,
      redelivery: false,
      person: who,
      from: address,
      ...(previous && { followsUp: previous.messageId }),
      attachments: attachments.length,
      phoneInSignature: writer.phone !== undefined,
    });
  }
  return messages;
}

function person(index: number, random: () => number, pick: <T>(items: readonly T[]) => T): Person {
  const first = pick(FIRST_NAMES);
  const last = pick(LAST_NAMES);
  const local = `${ascii(first)}.${ascii(last)}${index}`.toLowerCase();
  const addresses = [`${local}@${pick(DOMAINS)}`];
  // About one in twelve writes from a work address too, with the same number in the signature.
  const twoAddresses = random() < 0.08;
  if (twoAddresses) addresses.push(`${ascii(first).toLowerCase()}${index}@${pick(['work-mail.example', 'firma.example'])}`);
  const withPhone = twoAddresses || random() < 0.3;
  const phone = withPhone ? `+44 20 7946 ${String(1000 + index).padStart(4, '0')}` : undefined;
  return { name: `${first} ${last}`, addresses, ...(phone && { phone }), company: pick(COMPANIES), client: pick(['gmail', 'gmail', 'outlook', 'outlook', 'apple', 'text'] as const) };
}

function signatureOf(writer: Person): string {
  const lines = ['-- ', writer.name, ...(writer.company ? [writer.company] : []), ...(writer.phone ? [`Tel: ${writer.phone}`] : [])];
  return lines.join('\n');
}

interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
  inline?: string;
}

function attachmentsOf(random: () => number, writer: Person, followUp: boolean): Attachment[] {
  const files: Attachment[] = [];
  // Outlook puts the company logo of the signature inline, in every message.
  if (writer.client === 'outlook' && writer.company) files.push({ filename: 'image001.png', contentType: 'image/png', content: bytes(random, 2_000, PNG), inline: `image001.png@01DA${hex(random, 8)}` });
  const roll = random();
  if (roll < 0.06) files.push({ filename: `receipt-${hex(random, 4)}.pdf`, contentType: 'application/pdf', content: bytes(random, 8_000 + Math.floor(random() * 24_000), PDF) });
  else if (roll < 0.1 || (followUp && roll < 0.14)) files.push({ filename: 'IMG_2031.jpg', contentType: 'image/jpeg', content: bytes(random, 20_000 + Math.floor(random() * 30_000), JPEG) });
  return files;
}

interface Draft {
  writer: Person;
  address: string;
  subject: string;
  messageId: string;
  at: number;
  references: string[];
  text: string;
  quoted?: { at: number; text: string };
  attachments: Attachment[];
  random: () => number;
}

function render(draft: Draft): string {
  const { writer, address, random } = draft;
  const fullText = draft.quoted ? `${draft.text}\n\nOn ${new Date(draft.quoted.at).toUTCString()}, Acme Support <support@rapport.bench> wrote:\n${quote(draft.quoted.text)}` : draft.text;
  const alternative = writer.client === 'text' ? textPart(fullText) : random() < 0.12 ? htmlPart(draft, writer.client) : multipart('alternative', [textPart(fullText), htmlPart(draft, writer.client)], random);
  const inline = draft.attachments.filter((file) => file.inline);
  const files = draft.attachments.filter((file) => !file.inline);
  const related = inline.length > 0 ? multipart('related', [alternative, ...inline.map(filePart)], random) : alternative;
  const body = files.length > 0 ? multipart('mixed', [related, ...files.map(filePart)], random) : related;
  const date = new Date(draft.at).toUTCString().replace('GMT', '+0000');
  const domain = address.split('@')[1]!;
  const headers = [
    `Return-Path: <${address}>`,
    `Received: from mx.${domain} (mx.${domain} [203.0.113.${1 + Math.floor(random() * 250)}])\r\n\tby inbound.rapport.bench (Postfix) with ESMTPS id ${hex(random, 10).toUpperCase()}\r\n\tfor <support@rapport.bench>; ${date}`,
    `Received: by mail.${domain} with SMTP id ${hex(random, 12)};\r\n        ${date}`,
    `Authentication-Results: inbound.rapport.bench; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${address}; dmarc=pass`,
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${domain}; s=20230601; t=${Math.floor(draft.at / 1000)};\r\n        h=to:subject:message-id:date:from:mime-version:from:to:cc:subject:date:message-id:reply-to;\r\n        bh=${bytes(random, 32).toString('base64')};\r\n        b=${fold(bytes(random, 256).toString('base64'), 70, '\r\n         ')}`,
    'MIME-Version: 1.0',
    `From: ${encodeWord(draft.writer.name)} <${address}>`,
    `Date: ${date}`,
    `Message-ID: <${draft.messageId}>`,
    ...(draft.references.length > 0 ? [`In-Reply-To: <${draft.references.at(-1)}>`, `References: ${draft.references.map((id) => `<${id}>`).join('\r\n ')}`] : []),
    `Subject: ${encodeWord(draft.subject)}`,
    'To: Acme Support <support@rapport.bench>',
    ...(writer.client === 'outlook' ? [`Thread-Index: ${bytes(random, 22).toString('base64')}`, 'X-MS-Has-Attach: ' + (files.length > 0 ? 'yes' : ''), 'Content-Language: en-GB'] : []),
    ...(writer.client === 'apple' ? ['X-Mailer: Apple Mail (2.3774.500.171.1.1)'] : []),
  ];
  return `${headers.join('\r\n')}\r\n${body}`;
}

/** A MIME part: its own headers, a blank line, its content (no trailing line break). */
type Part = string;

function textPart(text: string): Part {
  return `Content-Type: text/plain; charset="UTF-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable(text)}`;
}

function htmlPart(draft: Draft, client: Person['client']): Part {
  const paragraphs = (text: string) => text.split('\n\n').map((block) => `<p class="MsoNormal">${escapeHtml(block).replaceAll('\n', '<br>')}</p>`).join('\n');
  const quoted = draft.quoted ? `<div class="gmail_quote"><div>On ${new Date(draft.quoted.at).toUTCString()}, Acme Support &lt;support@rapport.bench&gt; wrote:</div><blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">${paragraphs(draft.quoted.text.replace(/^> /gm, ''))}</blockquote></div>` : '';
  const logo = draft.attachments.find((file) => file.inline);
  const signature = logo ? `<p><img src="cid:${logo.inline}" width="120" height="40" alt="logo"></p>` : '';
  const html =
    client === 'outlook'
      ? `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style><!--${OUTLOOK_STYLE}--></style></head><body lang="EN-GB" link="#0563C1" vlink="#954F72"><div class="WordSection1">${paragraphs(draft.text)}${signature}${quoted}</div></body></html>`
      : `<div dir="ltr">${paragraphs(draft.text)}${signature}</div><br>${quoted}`;
  return `Content-Type: text/html; charset="UTF-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable(html)}`;
}

function filePart(file: Attachment): Part {
  const disposition = file.inline ? `inline; filename="${file.filename}"` : `attachment; filename="${file.filename}"`;
  return [
    `Content-Type: ${file.contentType}; name="${file.filename}"`,
    `Content-Disposition: ${disposition}`,
    'Content-Transfer-Encoding: base64',
    ...(file.inline ? [`Content-ID: <${file.inline}>`] : []),
    '',
    fold(file.content.toString('base64'), 76, '\r\n'),
  ].join('\r\n');
}

function multipart(subtype: string, parts: Part[], random: () => number): Part {
  const boundary = `----=_Part_${hex(random, 12)}`;
  return `Content-Type: multipart/${subtype}; boundary="${boundary}"\r\n\r\n${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`;
}

/** Quoted-printable of UTF-8 text (RFC 2045): CRLF line breaks, soft breaks within 76 columns. */
function quotedPrintable(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      let column = 0;
      for (const byte of Buffer.from(line, 'utf8')) {
        const plain = (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32;
        const piece = plain ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (column + piece.length > 75) {
          out += '=\r\n';
          column = 0;
        }
        out += piece;
        column += piece.length;
      }
      // A space at the end of a line would be lost in transport.
      return out.endsWith(' ') ? `${out.slice(0, -1)}=20` : out;
    })
    .join('\r\n');
}

/** RFC 2047: the text as is when ASCII, else UTF-8 base64 encoded words of at most 75 characters. */
function encodeWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function quote(text: string): string {
  return text.split('\n').map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`)).join('\n');
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function ascii(name: string): string {
  return name.normalize('NFD').replace(/[^A-Za-z]/g, '') || 'li';
}

function fold(text: string, width: number, separator: string): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join(separator);
}

function hex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n', 'latin1');

/** `size` bytes starting with a file type's signature, the rest seeded noise (as compressed data looks). */
function bytes(random: () => number, size: number, magic: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.alloc(size);
  magic.copy(out);
  for (let i = magic.length; i < size; i++) out[i] = Math.floor(random() * 256);
  return out;
}

/** Outlook's usual style block: a good part of the size of every Outlook HTML message. */
const OUTLOOK_STYLE = `
/* Font Definitions */
@font-face {font-family:"Cambria Math"; panose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face {font-family:Calibri; panose-1:2 15 5 2 2 2 4 3 2 4;}
@font-face {font-family:Aptos; panose-1:2 11 0 4 2 2 2 2 2 4;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Aptos",sans-serif; mso-ligatures:standardcontextual; mso-fareast-language:EN-US;}
a:link, span.MsoHyperlink {mso-style-priority:99; color:#0563C1; text-decoration:underline;}
a:visited, span.MsoHyperlinkFollowed {mso-style-priority:99; color:#954F72; text-decoration:underline;}
span.EmailStyle17 {mso-style-type:personal-compose; font-family:"Aptos",sans-serif; color:windowtext;}
.MsoChpDefault {mso-style-type:export-only; font-size:10.0pt; mso-ligatures:none; mso-fareast-language:EN-US;}
@page WordSection1 {size:612.0pt 792.0pt; margin:72.0pt 72.0pt 72.0pt 72.0pt;}
div.WordSection1 {page:WordSection1;}
`;
