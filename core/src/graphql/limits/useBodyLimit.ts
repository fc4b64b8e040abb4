import type { Plugin } from 'graphql-yoga';
import { queryTooComplex } from './queryTooComplex.js';

type FetchAPI = Parameters<NonNullable<Plugin['onRequestParse']>>[0]['fetchAPI'];

/**
 * Refuses a request body over `maxBodyBytes` (`graphql.limits.maxBodyBytes`) with HTTP 400,
 * QUERY_TOO_COMPLEX. A declared `Content-Length` over the limit is refused before a byte of the
 * body is read, and one within it bounds the body (HTTP framing); a body without one (chunked)
 * is counted as the request parser streams it, and the stream fails on the first byte over the
 * limit, so no more than the limit is ever held in memory.
 */
export function useBodyLimit(maxBodyBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && /^\d+$/.test(declared)) {
        if (Number(declared) > maxBodyBytes) throw bodyTooLarge(maxBodyBytes, `is ${declared} bytes`);
        // Node's HTTP parser frames the body by Content-Length: a body longer than declared is not
        // this request's body, so a declared length within the limit needs no counting (and no
        // stream wrapped around the body, which costs every request).
        return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser((parsed) => requestParser(countingBody(parsed, maxBodyBytes, fetchAPI)));
    },
  };
}

function bodyTooLarge(maxBodyBytes: number, found: string) {
  return queryTooComplex('maxBodyBytes', maxBodyBytes, found, 'Send less in one request (recordInteractions takes up to 500 at a time)');
}

/** The same request, its body failing once more than `maxBodyBytes` have streamed through. */
function countingBody(request: Request, maxBodyBytes: number, fetchAPI: FetchAPI): Request {
  const body = request.body;
  if (!body) return request;
  // A native stream must go through the native TransformStream, a ponyfilled one through the ponyfill's.
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytes = 0;
  const counted = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > maxBodyBytes) controller.error(bodyTooLarge(maxBodyBytes, `is over ${maxBodyBytes} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: counted, duplex: 'half' } as RequestInit);
}
