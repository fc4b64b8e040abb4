import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { acceptedEncoding } from './acceptedEncoding.js';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this a body is sent as it is: compressing saves less than its headers and CPU cost. */
export const MIN_COMPRESSED_BYTES = 1_024;
/**
 * Brotli's quality for answers made per request. 11 (its default) is for static files: on a
 * 137 KB page it takes tens of milliseconds; 5 gets most of the saving in about a millisecond.
 */
const BROTLI_QUALITY = 5;

/**
 * Compresses JSON answers with brotli or gzip, as the client's `Accept-Encoding` allows. Event
 * streams (subscriptions) and multipart answers (`@defer`) are left alone: they are read while
 * they are written, and a compressor would hold their parts back.
 */
export function useCompression(): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (response.headers.has('content-encoding') || !response.body) return;
      if (!/\bjson\b/.test(response.headers.get('content-type') ?? '')) return;
      const declaredLength = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declaredLength < MIN_COMPRESSED_BYTES) return;
      const encoding = acceptedEncoding(request.headers.get('accept-encoding'));
      if (!encoding) return;
      const body = Buffer.from(await response.arrayBuffer());
      const headers = new fetchAPI.Headers(response.headers);
      headers.append('vary', 'Accept-Encoding');
      if (body.length < MIN_COMPRESSED_BYTES) {
        setResponse(new fetchAPI.Response(body, { status: response.status, headers }));
        return;
      }
      const compressed =
        encoding === 'br'
          ? await brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
          : await gzipAsync(body);
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(compressed.length));
      setResponse(new fetchAPI.Response(compressed, { status: response.status, headers }));
    },
  };
}
