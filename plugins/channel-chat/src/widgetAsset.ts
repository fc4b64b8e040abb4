import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

let cached: { script: string; etag: string } | undefined;

function load(): { script: string; etag: string } {
  // assets/ sits beside src/ and dist/ alike, so one relative URL serves both.
  cached ??= (() => {
    const script = readFileSync(new URL('../assets/widget.js', import.meta.url), 'utf8');
    return { script, etag: `"${createHash('sha256').update(script).digest('base64url').slice(0, 27)}"` };
  })();
  return cached;
}

/**
 * The live-chat widget, `GET /channels/chat/widget.js`: plain JavaScript, no framework, as
 * shipped in the package's `assets/widget.js`. Exported so benches can measure its gzipped size.
 *
 * @example
 * ```ts
 * import { gzipSync } from 'node:zlib';
 * gzipSync(widgetScript()).byteLength; // well under 40 KB
 * ```
 */
export function widgetScript(): string {
  return load().script;
}

/** A strong ETag of {@link widgetScript}, so browsers revalidate it cheaply. */
export function widgetEtag(): string {
  return load().etag;
}

/** The demo page, `GET /channels/chat/demo`: a plain page that embeds the widget. */
export function demoPage(title: string): string {
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rapport live chat demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2933}code{background:#f0f4f8;padding:.1em .3em;border-radius:3px}</style>
</head>
<body>
<main>
<h1>Rapport live chat demo</h1>
<p>This page embeds the chat widget ("${escaped}") the way your website would:</p>
<pre><code>&lt;script src="${'${server}'}/channels/chat/widget.js" async&gt;&lt;/script&gt;</code></pre>
<p>Open the chat with the button at the bottom right and write a message: it arrives in Rapport on the <code>chat</code> channel, and an agent's reply shows up here.</p>
<p><button type="button" onclick="RapportChat.open()">Open the chat</button></p>
</main>
<script src="widget.js" async></script>
</body>
</html>
`;
}
