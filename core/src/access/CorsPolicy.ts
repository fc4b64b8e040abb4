import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Which web origins may call the API from a browser (`server.cors.origins`). Each entry is an
 * origin (`https://app.example.com`, `http://localhost:5173`), a pattern for its subdomains
 * (`https://*.example.com`), or `*` for any origin without credentials. No list means no CORS
 * headers at all: browsers then let only same-origin pages read the API's answers.
 */
export interface CorsOptions {
  origins: string[];
}

/** The policy when `server.cors` sets none: no origin is allowed. */
export const NO_CORS: CorsOptions = Object.freeze({ origins: [] });

/** The shape of one `server.cors.origins` entry, checked when the config is loaded. */
export const CORS_ORIGIN_PATTERN = '^(\\*|https?://(\\*\\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?)$';

/** How long a browser may reuse a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;
/** Headers a page may read from an answer besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = 'x-request-id, retry-after, etag';
/** A page's list of request headers longer than this is not one a client of ours sends. */
const MAX_REQUESTED_HEADERS_LENGTH = 1_000;

/**
 * Answers browsers' CORS questions for one route from an allowlist. Origins listed exactly get
 * `Access-Control-Allow-Credentials`; a subdomain pattern or `*` never do, since a credential
 * should go only where the operator named the site.
 */
export class CorsPolicy {
  readonly #exact: Set<string>;
  readonly #subdomainsOf: { scheme: string; suffix: string; port: string }[];
  readonly #anyOrigin: boolean;

  constructor(options: CorsOptions = NO_CORS) {
    const origins = options.origins.map((origin) => origin.toLowerCase());
    this.#anyOrigin = origins.includes('*');
    this.#exact = new Set(origins.filter((origin) => origin !== '*' && !origin.includes('*.')));
    this.#subdomainsOf = origins
      .filter((origin) => origin.includes('://*.'))
      .map((origin) => {
        const [scheme, rest] = origin.split('://*.') as [string, string];
        const [host, port = ''] = rest.split(':') as [string, string?];
        return { scheme, suffix: `.${host}`, port };
      });
  }

  /** Whether any origin is allowed at all; without, the route sends no CORS headers. */
  get enabled(): boolean {
    return this.#anyOrigin || this.#exact.size > 0 || this.#subdomainsOf.length > 0;
  }

  /** How `origin` may call: with credentials, without, or not at all. */
  grantFor(origin: string): 'credentials' | 'anonymous' | 'none' {
    const normalized = origin.toLowerCase();
    if (this.#exact.has(normalized)) return 'credentials';
    if (this.#subdomainsOf.some((pattern) => matchesSubdomain(normalized, pattern))) return 'anonymous';
    return this.#anyOrigin ? 'anonymous' : 'none';
  }

  /**
   * Answers a CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) and
   * any other `OPTIONS`; returns false for every other request, which the route serves. An origin
   * that is not allowed gets 403 with no CORS headers, so the browser never sends the request.
   */
  answerPreflight(request: IncomingMessage, response: ServerResponse, methods: readonly string[]): boolean {
    if (request.method !== 'OPTIONS') return false;
    const origin = request.headers.origin;
    const allow = [...methods, 'OPTIONS'].join(', ');
    if (!origin || !request.headers['access-control-request-method']) {
      response.writeHead(204, { allow }).end();
      return true;
    }
    const grant = this.grantFor(origin);
    if (grant === 'none') {
      response.writeHead(403, { allow, 'content-type': 'text/plain; charset=utf-8', vary: 'Origin' });
      response.end('This origin may not call the API from a browser. The operator lists the origins that may in server.cors.origins.');
      return true;
    }
    const requested = request.headers['access-control-request-headers'];
    response.writeHead(204, {
      allow,
      ...this.#originHeaders(origin, grant),
      'access-control-allow-methods': allow,
      // The page's own headers are echoed back: an allowed origin may send what its client needs
      // (tracing, client names); which requests run is decided by the credential, not by headers.
      ...(typeof requested === 'string' && requested.length <= MAX_REQUESTED_HEADERS_LENGTH && { 'access-control-allow-headers': requested }),
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    });
    response.end();
    return true;
  }

  /** Adds the CORS headers of an actual request from an allowed origin to its answer. */
  decorate(request: IncomingMessage, response: ServerResponse): void {
    if (!this.enabled) return;
    // A cache between browser and server must not hand one origin's answer to another.
    response.setHeader('vary', 'Origin');
    const origin = request.headers.origin;
    if (!origin) return;
    const grant = this.grantFor(origin);
    if (grant === 'none') return;
    for (const [name, value] of Object.entries(this.#originHeaders(origin, grant))) response.setHeader(name, value);
    response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  }

  #originHeaders(origin: string, grant: 'credentials' | 'anonymous'): Record<string, string> {
    if (grant === 'credentials') return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' };
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  }
}

function matchesSubdomain(origin: string, pattern: { scheme: string; suffix: string; port: string }): boolean {
  const match = /^(https?):\/\/([^/:]+)(?::(\d+))?$/.exec(origin);
  if (!match) return false;
  const [, scheme, host, port = ''] = match as unknown as [string, string, string, string?];
  return scheme === pattern.scheme && host.endsWith(pattern.suffix) && host.length > pattern.suffix.length && port === pattern.port;
}
