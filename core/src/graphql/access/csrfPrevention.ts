import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { sendJson } from '../../util/http.js';

/**
 * Content types a page on another site can send without a CORS preflight (an HTML form, a
 * `no-cors` fetch). A request with one of these and no preflight-forcing header may have been
 * made by a page the user visited, not by a client of the API.
 */
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * Headers no form or simple request can carry, so a browser preflights any request that has one:
 * the credential itself, and the opt-in headers GraphQL clients already know (Apollo's and yoga's)
 * for a GET that carries no credential.
 */
export const PREFLIGHT_HEADERS = ['authorization', 'x-rapport-csrf', 'graphql-require-preflight', 'apollo-require-preflight', 'x-graphql-yoga-csrf'] as const;

/**
 * Whether a browser would have preflighted this request: it has a content type a form cannot
 * send, or a header a form cannot set. Only such requests run operations, so a page on another
 * site can neither post a form at the API nor send it a `no-cors` fetch that does something.
 */
export function forcesPreflight(headers: IncomingHttpHeaders): boolean {
  const contentType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType && !SIMPLE_CONTENT_TYPES.has(contentType)) return true;
  return PREFLIGHT_HEADERS.some((name) => {
    const value = headers[name];
    return typeof value === 'string' && value.trim() !== '';
  });
}

/** HTTP 400 with code `PREFLIGHT_REQUIRED` and what the client should send instead. */
export function sendPreflightRequired(response: ServerResponse): void {
  sendJson(response, 400, {
    errors: [
      {
        message:
          'This request could have come from a form or a script on another site, so it was not run (cross-site request forgery prevention). ' +
          'Send the operation as "content-type: application/json", or with an "Authorization" header; a GET without a credential needs "x-rapport-csrf: 1".',
        extensions: { code: 'PREFLIGHT_REQUIRED' },
      },
    ],
  });
}
