import type { IncomingMessage } from 'node:http';
import { ValidationError } from '@rapport/sdk';

/** The largest webhook body accepted by default (10 MiB): big enough for email with attachments (`channels.maxBodyBytes`). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Reads a request body, refusing one larger than `limit` bytes (a 413 for the caller). */
export async function readBody(request: IncomingMessage, limit = DEFAULT_MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length']);
  // A body announced as too large is refused before a byte of it is read.
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export class BodyTooLargeError extends ValidationError {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes (channels.maxBodyBytes in the config file).`, 'body');
  }
}
