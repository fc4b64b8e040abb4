import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { errorMessage } from '../util/errorMessage.js';
import { guardedLookup, isPublicAddress, PrivateAddressError } from './addressGuard.js';

/** What one attempt got: the status and the start of the body, or the error that stopped it. */
export interface AttemptResult {
  /** The response's status; null when there was no response. */
  status: number | null;
  /** The response body, cut to the configured limit. */
  body: string | null;
  /** Why there was no response (a refused address, a timeout, a refused connection). */
  error: string | null;
  durationMs: number;
}

/** What the sender needs to know of the deployment. */
export interface SenderOptions {
  allowPrivateAddresses: boolean;
  timeoutMs: number;
  responseBodyLimit: number;
}

/** Names Rapport to receivers, so their logs and firewalls can tell its requests apart. */
export const WEBHOOK_USER_AGENT = 'Rapport-Webhooks/1.0 (+https://www.standardwebhooks.com)';

/**
 * POSTs one webhook and reads the start of the answer. A fresh connection per attempt (no shared
 * agent), so every attempt's address passes the guard; the whole attempt (connection, headers,
 * body) is bounded by `timeoutMs`. Never throws: a failure is the result's `error`.
 */
export function sendWebhook(url: string, headers: Record<string, string>, body: string, options: SenderOptions): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const fail = (error: unknown) => finish({ status: null, body: null, error: errorMessage(error) });
    let target: URL;
    try {
      target = new URL(url);
    } catch (error) {
      fail(error);
      return;
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    // An IP literal is connected to without a lookup, so the guard checks it here.
    if (!options.allowPrivateAddresses && isIP(host) && !isPublicAddress(host)) {
      fail(new PrivateAddressError(host, host));
      return;
    }
    const requestOptions: RequestOptions = {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': WEBHOOK_USER_AGENT },
      ...(!options.allowPrivateAddresses && { lookup: guardedLookup as RequestOptions['lookup'] }),
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, requestOptions, (response) => readResponse(response, options.responseBodyLimit, finish));
    const timer = setTimeout(() => {
      fail(new Error(`no answer within ${options.timeoutMs} ms (webhooks.timeout)`));
      req.destroy();
    }, options.timeoutMs);
    req.on('error', fail);
    req.end(body);
  });
}

/** Reads up to `limit` bytes of the body, then lets the rest go. */
function readResponse(response: IncomingMessage, limit: number, finish: (result: Omit<AttemptResult, 'durationMs'>) => void): void {
  const chunks: Buffer[] = [];
  let length = 0;
  const done = () => finish({ status: response.statusCode ?? null, body: Buffer.concat(chunks).subarray(0, limit).toString('utf8'), error: null });
  response.on('data', (chunk: Buffer) => {
    if (length >= limit) return;
    chunks.push(chunk);
    length += chunk.length;
    if (length >= limit) {
      done();
      response.destroy();
    }
  });
  response.on('end', done);
  response.on('error', done);
}
