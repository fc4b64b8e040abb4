/**
 * HTML to readable plain text, for mail that has no text/plain part. mailparser converts such
 * mail only when the HTML is the message's root part; an HTML body inside multipart/mixed or
 * multipart/alternative (how Outlook and most newsletters send) comes back without any text.
 * This small converter covers what support mail needs (paragraphs, line breaks, lists, quotes,
 * links, entities) without another dependency.
 *
 * Quoted history (`<blockquote>`) becomes `> ` lines, as in a plain text reply, so that
 * `readSurveyAnswer` skips it the same way.
 */

const SKIPPED_ELEMENTS = new Set(['style', 'script', 'title', 'template', 'xml']);
/** Elements that stand apart from what surrounds them by a blank line. */
const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'table', 'pre', 'hr', 'address', 'figure', 'fieldset', 'form']);
/** Elements that start on a line of their own. */
const LINES = new Set(['div', 'tr', 'li', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'center', 'tbody', 'thead', 'tfoot', 'caption', 'figcaption', 'body', 'html']);

// A tag never spans a `<`, even inside a quoted attribute: that keeps a document full of
// unclosed tags linear to scan (each failed match stops at the next `<`).
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<[!?][^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^<>"']|"[^"<]*"|'[^'<]*')*)>/g;

/**
 * Converts an HTML document or fragment to plain text.
 *
 * @example
 * ```ts
 * htmlToText('<p>Hello <b>Ada</b></p><blockquote>Old mail</blockquote>'); // 'Hello Ada\n\n> Old mail'
 * ```
 */
export function htmlToText(html: string): string {
  const writer = new TextWriter();
  const links: { href: string | undefined; start: number }[] = [];
  const lists: { ordered: boolean; count: number }[] = [];
  let lowerCase: string | undefined;
  let cursor = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
    writer.text(decodeEntities(html.slice(cursor, match.index)));
    cursor = TOKEN.lastIndex;
    if (match[1] !== undefined) {
      writer.text(match[1]);
      continue;
    }
    const name = match[3]?.toLowerCase();
    if (!name) continue; // a comment, doctype or processing instruction
    const closing = match[2] === '/';
    const attributes = match[4] ?? '';
    if (!closing && SKIPPED_ELEMENTS.has(name)) {
      // Style sheets and scripts hold no text a person wrote: jump to the end of the element.
      lowerCase ??= html.toLowerCase();
      const end = lowerCase.indexOf(`</${name}`, cursor);
      cursor = end < 0 ? html.length : end;
      TOKEN.lastIndex = cursor;
      continue;
    }
    switch (name) {
      case 'br':
        writer.lineBreak();
        break;
      case 'hr':
        writer.blockBreak(2);
        if (!closing) writer.raw('---');
        writer.blockBreak(2);
        break;
      case 'blockquote':
        writer.blockBreak(2);
        writer.quoteDepth = Math.max(0, writer.quoteDepth + (closing ? -1 : 1));
        break;
      case 'pre':
        writer.blockBreak(2);
        writer.preDepth = Math.max(0, writer.preDepth + (closing ? -1 : 1));
        break;
      case 'ul':
      case 'ol':
        writer.blockBreak(lists.length > 0 ? 1 : 2);
        if (closing) lists.pop();
        else lists.push({ ordered: name === 'ol', count: 0 });
        break;
      case 'li':
        writer.blockBreak(1);
        if (!closing) {
          const list = lists.at(-1);
          const indent = '  '.repeat(Math.max(0, lists.length - 1));
          writer.raw(list?.ordered ? `${indent}${++list.count}. ` : `${indent}- `);
        }
        break;
      case 'td':
      case 'th':
        if (!closing) writer.separate();
        break;
      case 'a':
        if (closing) {
          const link = links.pop();
          if (link?.href) writer.linkTarget(link.href, link.start);
        } else {
          links.push({ href: linkHref(attributes), start: writer.length });
        }
        break;
      default:
        if (PARAGRAPHS.has(name)) writer.blockBreak(2);
        else if (LINES.has(name)) writer.blockBreak(1);
    }
  }
  writer.text(decodeEntities(html.slice(cursor)));
  return writer.finish();
}

/** Accumulates text with lazily written line breaks, so blocks never leave leading or doubled blank lines. */
class TextWriter {
  quoteDepth = 0;
  preDepth = 0;
  private out = '';
  private pendingBreaks = 0;

  get length(): number {
    return this.out.length;
  }

  /** Text content: whitespace collapses (except in `<pre>`), as a browser renders it. */
  text(content: string): void {
    if (content.length === 0) return;
    if (this.preDepth > 0) {
      content.split(/\r?\n/).forEach((line, index) => {
        if (index > 0) this.lineBreak();
        if (line.length > 0) this.raw(line);
      });
      return;
    }
    let collapsed = content.replace(/\s+/g, ' ');
    if (this.out.length === 0 || this.pendingBreaks > 0 || this.out.endsWith(' ')) collapsed = collapsed.replace(/^ /, '');
    if (collapsed.length > 0) this.raw(collapsed);
  }

  /** Text written as is, after any pending line breaks and the quote prefix. */
  raw(content: string): void {
    const lineStart = this.out.length === 0 || this.pendingBreaks > 0;
    if (this.out.length > 0) this.out += '\n'.repeat(this.pendingBreaks);
    this.pendingBreaks = 0;
    if (lineStart && this.quoteDepth > 0) this.out += '> '.repeat(this.quoteDepth);
    this.out += content;
  }

  /** `<br>`: each one counts, so two in a row leave a blank line. */
  lineBreak(): void {
    this.pendingBreaks += 1;
  }

  /** A block boundary: at least `breaks` line breaks before the next text. */
  blockBreak(breaks: number): void {
    this.pendingBreaks = Math.max(this.pendingBreaks, breaks);
  }

  /** A table cell after another on the same line. */
  separate(): void {
    if (this.out.length > 0 && this.pendingBreaks === 0 && !this.out.endsWith(' ')) this.out += ' ';
  }

  /** Appends the target of a link unless the link's text already says it. */
  linkTarget(href: string, start: number): void {
    const label = this.out.slice(start).trim();
    const bare = (value: string) => value.replace(/^mailto:/i, '').replace(/\/$/, '');
    if (bare(label) === bare(href)) return;
    if (label.length > 0) this.out += ` (${href})`;
    else this.raw(href);
  }

  /** The text, with trailing spaces and runs of blank lines removed. */
  finish(): string {
    return this.out
      .split('\n')
      .map((line) => line.replace(/[ \t]+$/, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}

/** The href of an `<a>` tag if it is worth showing: a web or mail address, not an anchor or `cid:`. */
function linkHref(attributes: string): string | undefined {
  const match = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attributes);
  const href = decodeEntities(match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim();
  return /^(?:https?:|mailto:)/i.test(href) ? href : undefined;
}

/** HTML 4 names of the Latin-1 characters U+00A0 to U+00FF, in code point order. */
const LATIN1_NAMES = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro ' +
  'para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil ' +
  'Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave ' +
  'Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml ' +
  'igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
).split(' ');

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", euro: '€', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’',
  sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', bull: '•', middot: '·', trade: '™', dagger: '†', Dagger: '‡', permil: '‰',
  lsaquo: '‹', rsaquo: '›', OElig: 'Œ', oelig: 'œ', Scaron: 'Š', scaron: 'š', Yuml: 'Ÿ', fnof: 'ƒ', circ: 'ˆ', tilde: '˜',
  ensp: ' ', emsp: ' ', thinsp: ' ', zwnj: '', zwj: '', lrm: '', rlm: '',
  ...Object.fromEntries(LATIN1_NAMES.map((name, index) => [name, String.fromCodePoint(0xa0 + index)])),
};

/** Decodes character references: named (the common ones), decimal and hexadecimal. Unknown ones stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g, (entity, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? entity;
    const codePoint = decimal !== undefined ? Number(decimal) : Number.parseInt(hex!, 16);
    return codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff) ? String.fromCodePoint(codePoint) : '\ufffd';
  });
}
