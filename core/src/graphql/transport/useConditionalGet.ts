import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

/**
 * Makes a query sent with GET revalidatable: its answer gets an `ETag` (a hash of the body) and
 * `Cache-Control: private, no-cache`, and a repeat with `If-None-Match` gets `304 Not Modified`
 * with no body. The query still runs every time, since the data may have changed; what is saved
 * is sending a page the client already has. `private`: answers depend on the credential, so no
 * shared cache may keep one; `Vary` names what else they depend on.
 */
export function useConditionalGet(): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method !== 'GET' || response.status !== 200 || !response.body) return;
      if (!/\bjson\b/.test(response.headers.get('content-type') ?? '')) return;
      const body = Buffer.from(await response.arrayBuffer());
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('etag', etag);
      headers.set('cache-control', 'private, no-cache');
      headers.append('vary', 'Authorization, Accept');
      if (matches(request.headers.get('if-none-match'), etag)) {
        headers.delete('content-length');
        headers.delete('content-type');
        setResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      setResponse(new fetchAPI.Response(body, { status: 200, headers }));
    },
  };
}

/** Whether an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 says for GET). */
function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
