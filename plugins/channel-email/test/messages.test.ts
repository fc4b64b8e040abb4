import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '@rapport/sdk';
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../src/parseEmail.js';

const MESSAGES = fileURLToPath(new URL('./messages/', import.meta.url));

function message(name: string): Buffer {
  return readFileSync(`${MESSAGES}${name}`);
}

describe('parsing real-world messages (test/messages/*.eml)', () => {
  it('01: a quoted-printable UTF-8 body, a folded Q-encoded subject and a B-encoded sender name (CRLF)', async () => {
    const raw = message('01-quoted-printable-utf8.eml');
    expect(raw.includes('\r\n')).toBe(true);
    const email = await parseEmail(raw);
    expect(email).toMatchObject({
      messageId: 'CAF=qp-utf8-0001@mail.example.de',
      messageIdDerived: false,
      from: { email: 'juergen.koenig@example.de', name: 'Jürgen König' },
      to: ['support@rapport.test'],
      subject: 'Bestellung #4711 noch nicht angekommen – bitte prüfen',
      textFromHtml: false,
      date: new Date('2026-03-03T08:13:58Z'),
      references: [],
      attachments: [],
    });
    // The soft line break of the quoted-printable body is gone and the umlauts are decoded.
    expect(email.text).toContain('Könnt ihr bitte nachsehen, wo sie gerade ist? Ich warte seit über zwei Wochen – das ist ärgerlich.');
    expect(email.text.endsWith('Viele Grüße\nJürgen')).toBe(true);
    expect(email.text).not.toContain('\r');
  });

  it('02: a base64 UTF-8 body in Japanese with encoded-word headers', async () => {
    const email = await parseEmail(message('02-base64-utf8.eml'));
    expect(email.from).toEqual({ email: 'hanako.sato@example.jp', name: '佐藤 花子' });
    expect(email.subject).toBe('配送状況について');
    expect(email.text).toBe('こんにちは、\n\n注文番号 8842 の配送状況を教えてください。\n\nよろしくお願いします。\n佐藤');
    expect(email.date).toEqual(new Date('2026-03-04T09:02:11Z'));
  });

  it('03: an 8bit ISO-8859-1 body with LF line endings and an ISO-8859-1 Q-encoded name', async () => {
    const raw = message('03-iso-8859-1-8bit-lf.eml');
    expect(raw.includes('\r\n')).toBe(false);
    expect(raw.includes(Buffer.from([0xe9]))).toBe(true); // é as one Latin-1 byte, not UTF-8
    const email = await parseEmail(raw);
    expect(email.from).toEqual({ email: 'renee.mueller@example.fr', name: 'Renée Müller' });
    expect(email.subject).toBe('Problème de facture');
    expect(email.text).toBe('Bonjour,\n\nLa facture n° 2026-031 indique 45,00 EUR au lieu de 40,00 ; pouvez-vous vérifier ?\nÀ bientôt,\nRenée');
  });

  it('04: a quoted-printable Windows-1252 body (euro sign, curly quotes, en dash in 0x80–0x9F)', async () => {
    const email = await parseEmail(message('04-windows-1252-qp.eml'));
    expect(email.from).toEqual({ email: 'sean.obrien@example.ie', name: 'Seán O’Brien' });
    expect(email.subject).toBe('Double charge – refund please');
    expect(email.text).toBe('Hi,\n\nI was charged €19.99 twice – could you refund the “duplicate” charge? It’s on my statement dated 2 March.\n\nThanks,\nSeán');
  });

  it('05: mixed > alternative > related with an inline image, plus a PDF; attachments kept as metadata', async () => {
    const email = await parseEmail(message('05-nested-multipart.eml'));
    expect(email.text).toBe('Hello,\n\nthe blender arrived broken, see the photo.\n\nReceipt attached.\n\nAda');
    expect(email.textFromHtml).toBe(false);
    expect(email.attachments).toEqual([
      {
        filename: 'photo.png',
        contentType: 'image/png',
        size: 70,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        disposition: 'inline',
        contentId: 'photo-1@example.com',
        inline: true,
      },
      {
        filename: 'receipt.pdf',
        contentType: 'application/pdf',
        size: 77,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        disposition: 'attachment',
        contentId: null,
        inline: false,
      },
    ]);
    expect(JSON.stringify(email)).not.toContain('JVBERi0'); // no attachment content, not even base64
  });

  it('06: long folded headers: From, To, a three-line Subject and References with twelve ids', async () => {
    const email = await parseEmail(message('06-folded-headers.eml'));
    expect(email.from).toEqual({ email: 'grace.hopper@example.org', name: 'Grace Hopper, Head of Procurement at a Very Long Company Name Ltd.' });
    expect(email.to).toEqual(['support@rapport.test', 'billing@rapport.test']);
    expect(email.cc).toEqual(['ap@example.org']);
    expect(email.subject).toBe(
      'Re: Re: Question about the annual subscription renewal for our team of forty-two seats, the discount we were promised in January, and the invoice that still shows the old price ✓',
    );
    const ids = Array.from({ length: 12 }, (_, index) => `thread-${String(index + 1).padStart(2, '0')}.1700000000@lists.example.org`);
    expect(email.referencesHeader).toEqual(ids);
    expect(email.inReplyTo).toBe(ids[11]);
    expect(email.references).toEqual(ids); // In-Reply-To repeats the last reference: listed once, last
    expect(email.date).toEqual(new Date('2026-03-08T15:00:00Z'));
  });

  it('07: an HTML-only message becomes readable text, with the quoted history as "> " lines', async () => {
    const email = await parseEmail(message('07-html-only.eml'));
    expect(email.textFromHtml).toBe(true);
    expect(email.text).toBe(
      [
        'Hi there,',
        '',
        'The app crashes when I tap Export — steps:',
        '',
        '1. Open a report',
        '2. Tap Export',
        '',
        'Details: incident page (https://status.example.net/incidents/42)',
        '',
        'Café & co. “quoted”',
        '',
        '> On Mon, 9 Mar 2026, Support wrote:',
        '> Could you describe the problem?',
      ].join('\n'),
    );
  });

  it('08: an HTML body inside multipart/mixed (where mailparser gives no text) still becomes text', async () => {
    const email = await parseEmail(message('08-html-only-in-multipart.eml'));
    expect(email.textFromHtml).toBe(true);
    expect(email.text).toBe('Please find the signed contract attached.\nBest,\nMargaret');
    expect(email.attachments.map((attachment) => [attachment.filename, attachment.size])).toEqual([['contract.docx', 18]]);
  });

  it('09: a leading mbox "From " line is dropped, not read as a header or the body', async () => {
    const raw = message('09-mbox-from-line.eml');
    expect(raw.toString('latin1').startsWith('From alan.turing@example.co.uk Wed Mar 11')).toBe(true);
    const email = await parseEmail(raw);
    expect(email).toMatchObject({
      messageId: 'mbox.0009@example.co.uk',
      from: { email: 'alan.turing@example.co.uk', name: 'Alan Turing' },
      subject: 'Password reset link expired',
      text: 'The password reset link says it has expired. Can you send a new one?',
    });
  });

  it('10: a reply carries what it replies to, oldest first, and keeps the quote in its text', async () => {
    const email = await parseEmail(message('10-reply-in-reply-to.eml'));
    expect(email.inReplyTo).toBe('support-answer.0001@rapport.test');
    expect(email.references).toEqual(['nested.0005@example.com', 'support-answer.0001@rapport.test']);
    expect(email.text.split('\n')[0]).toBe('Thanks, a replacement would be great.');
    expect(email.text).toContain('> Sorry to hear that!');
  });

  it('11: a message without a Message-ID gets a stable id derived from its bytes', async () => {
    const raw = message('11-no-message-id.eml');
    const first = await parseEmail(raw);
    expect(first.messageIdDerived).toBe(true);
    expect(first.messageId).toMatch(/^sha256-[0-9a-f]{40}@no-message-id\.invalid$/);
    expect((await parseEmail(Buffer.from(raw))).messageId).toBe(first.messageId);
    const edited = Buffer.from(raw.toString('latin1').replace('sets no Message-ID', 'sets no Message-ID!'), 'latin1');
    expect((await parseEmail(edited)).messageId).not.toBe(first.messageId);
  });

  it('keeps a Date header it cannot read, and gives no date, rather than inventing one', async () => {
    const email = await parseEmail(Buffer.from('From: ada@example.com\r\nDate: sometime last week\r\n\r\nhello'));
    expect(email.date).toBeUndefined();
    expect(email.invalidDate).toBe('sometime last week');
  });

  it('drops a byte order mark and blank lines in front of the headers', async () => {
    const email = await parseEmail(Buffer.from('\ufeff\r\n\r\nFrom: Ada <ada@example.com>\r\nSubject: tidy\r\n\r\nhello'));
    expect(email.from).toEqual({ email: 'ada@example.com', name: 'Ada' });
    expect(email.subject).toBe('tidy');
    expect(email.text).toBe('hello');
  });

  it('reads a CRLF message and its LF copy the same way', async () => {
    const crlf = message('05-nested-multipart.eml');
    const lf = Buffer.from(crlf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    const [a, b] = await Promise.all([parseEmail(crlf), parseEmail(lf)]);
    expect(b).toEqual(a);
  });
});

describe('bodies that are not email messages', () => {
  async function rejection(body: string | Buffer): Promise<ValidationError> {
    const error = await parseEmail(typeof body === 'string' ? Buffer.from(body) : body).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }

  it('refuses an empty body', async () => {
    expect((await rejection('')).message).toMatch(/request body is empty.*message\/rfc822/);
  });

  it('refuses JSON, saying it is JSON', async () => {
    expect((await rejection('{"from":"ada@example.com","text":"hi"}')).message).toMatch(/is JSON, not an email message.*raw RFC 5322 message/);
  });

  it('refuses binary garbage', async () => {
    expect((await rejection(Buffer.from([0x46, 0x72, 0x6f, 0x6d, 0x3a, 0x00, 0xff, 0xfe, 0x0a, 0x0a, 0x41]))).message).toMatch(/binary data/);
  });

  it('refuses text that does not start with a header, quoting how it starts', async () => {
    expect((await rejection('hello there\nthis is not mail')).message).toMatch(/does not start with a header field \("Name: value"\).*"hello there"/);
  });

  it('refuses a message without a From address, naming what the From header said', async () => {
    const noFrom = await rejection('Subject: hi\r\nMessage-ID: <x@y>\r\n\r\nbody');
    expect(noFrom.message).toMatch(/has no From address \(it has no From header\)/);
    expect(noFrom.field).toBe('from');
    expect((await rejection('From: undisclosed\r\n\r\nbody')).message).toMatch(/has no From address \(its From header is "\\"undisclosed\\""\)/);
  });
});
