import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** The page as served: its HTML, gzipped once, and the policy that lets only its own script run. */
interface RenderedPage {
  html: Buffer;
  gzipped: Buffer;
  contentSecurityPolicy: string;
  etag: string;
}

/**
 * GraphiQL served from the installed `@graphql-yoga/render-graphiql` package: its scripts, styles
 * and editor workers are inside the page, so it works with no network and under the page's own
 * Content-Security-Policy (yoga's default page loads them from unpkg.com, and is blank offline).
 * The page is about 9 MB, so it is rendered and gzipped once, on the first visit.
 */
export class GraphiQLPage {
  #rendered: Promise<RenderedPage> | undefined;

  constructor(private readonly options: { title: string; endpoint: string; headers?: Record<string, string> }) {}

  /** Whether `request` asks for the page rather than running an operation (yoga's own test). */
  static isRequestedBy(request: IncomingMessage): boolean {
    return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
  }

  async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const page = await (this.#rendered ??= this.#render());
    if (request.headers['if-none-match'] === page.etag) {
      response.writeHead(304, { etag: page.etag }).end();
      return;
    }
    const gzipped = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const body = gzipped ? page.gzipped : page.html;
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(body.length),
      ...(gzipped && { 'content-encoding': 'gzip' }),
      vary: 'Accept-Encoding',
      etag: page.etag,
      // The demo's page carries the demo key in its headers editor: nothing may keep a copy.
      'cache-control': 'no-cache, private',
      'content-security-policy': page.contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    response.end(body);
  }

  async #render(): Promise<RenderedPage> {
    // Loaded on the first visit only: the module is 9 MB and most servers never show the page.
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
    const text = renderGraphiQL({
      title: this.options.title,
      endpoint: this.options.endpoint,
      ...(this.options.headers && { headers: JSON.stringify(this.options.headers, null, 2) }),
    });
    const html = Buffer.from(text);
    return {
      html,
      gzipped: await gzipAsync(html),
      contentSecurityPolicy: contentSecurityPolicyFor(text),
      etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`,
    };
  }
}

/**
 * A policy that runs the page's own inline script (by its hash) and nothing else: no script from
 * another origin, no script injected later. The editor's workers start from `blob:` URLs the
 * script makes; styles are inserted by the editor at run time, so they are allowed inline.
 */
export function contentSecurityPolicyFor(html: string): string {
  const scriptHashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    ([, content]) => `'sha256-${createHash('sha256').update(content ?? '').digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${scriptHashes.join(' ')}`,
    "worker-src blob:",
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
