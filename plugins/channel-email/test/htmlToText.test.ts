import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from '../src/htmlToText.js';

describe('htmlToText', () => {
  it('turns paragraphs, divs and line breaks into lines and blank lines', () => {
    expect(htmlToText('<p>Hello,</p><p>first line<br>second line</p><div>a div</div><div>another</div>')).toBe(
      'Hello,\n\nfirst line\nsecond line\n\na div\nanother',
    );
  });

  it('collapses source whitespace as a browser does, but keeps <pre> as written', () => {
    expect(htmlToText('<p>  lots\n   of\tspace  </p><pre>keep   this\n  indented</pre>')).toBe('lots of space\n\nkeep   this\n  indented');
  });

  it('leaves out style sheets, scripts, the title and comments', () => {
    const html = '<html><head><title>Mail</title><style>p { color: red }</style><script>alert(1)</script></head><body><!-- tracking --><p>Visible</p></body></html>';
    expect(htmlToText(html)).toBe('Visible');
  });

  it('numbers ordered lists, bullets unordered ones and indents nested lists', () => {
    expect(htmlToText('<ol><li>one</li><li>two<ul><li>inner</li></ul></li></ol><p>after</p>')).toBe('1. one\n2. two\n  - inner\n\nafter');
  });

  it('quotes blockquotes line by line, nested ones deeper, as a plain text reply would', () => {
    const html = '<p>4</p><blockquote>On Monday, Support wrote:<br>How did we do?<blockquote>older</blockquote></blockquote>';
    expect(htmlToText(html)).toBe('4\n\n> On Monday, Support wrote:\n> How did we do?\n\n> > older');
  });

  it('shows the target of a link unless its text already says it; skips anchors and cid: links', () => {
    expect(htmlToText('<a href="https://example.com/x">the page</a>')).toBe('the page (https://example.com/x)');
    expect(htmlToText('<a href="https://example.com/">https://example.com</a>')).toBe('https://example.com');
    expect(htmlToText('<a href="mailto:ada@example.com">ada@example.com</a>')).toBe('ada@example.com');
    expect(htmlToText('<a href="#top">top</a> <a href="cid:logo">logo</a>')).toBe('top logo');
  });

  it('puts table cells side by side and rows on their own lines', () => {
    expect(htmlToText('<table><tr><td>Order</td><td>#4711</td></tr><tr><td>Total</td><td>40.00</td></tr></table>')).toBe('Order #4711\nTotal 40.00');
  });

  it('does not trip over a > inside an attribute or unclosed tags', () => {
    expect(htmlToText('<img alt="a > b" src="x.png"><p>text<p>more')).toBe('text\n\nmore');
  });

  it('decodes named, decimal and hexadecimal character references', () => {
    expect(htmlToText('Caf&eacute; &amp; Bar&nbsp;&mdash; &#8220;ok&#x201D; &euro;5 &unknown;')).toBe('Café & Bar — “ok” €5 &unknown;');
  });
});

describe('decodeEntities', () => {
  it('replaces references that point outside Unicode with the replacement character', () => {
    expect(decodeEntities('&#0;&#xD800;&#1114112;')).toBe('\ufffd\ufffd\ufffd');
  });

  it('returns text without ampersands unchanged', () => {
    expect(decodeEntities('plain < text')).toBe('plain < text');
  });
});

describe('htmlToText on hostile input', () => {
  it('stays fast on a large document full of unclosed tags and quotes', () => {
    const hostile = '<a href="x '.repeat(50_000) + '<p' + "'".repeat(50_000) + '<!--'.repeat(10_000);
    const started = performance.now();
    htmlToText(hostile);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
