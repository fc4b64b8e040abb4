import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callProvider, ProviderCallError } from '../src/index.js';

/** One answer of the test server: a status, and optionally headers and a body, or a delay before answering. */
interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** A real HTTP server on 127.0.0.1 that answers from a script (200 once it runs out) and keeps every request. */
interface ScriptedServer {
  url: string;
  seen: { method: string; body: string; headers: IncomingMessage['headers'] }[];
  script: Answer[];
  close(): Promise<void>;
}

async function startServer(): Promise<ScriptedServer> {
  const seen: ScriptedServer['seen'] = [];
  const script: Answer[] = [];
  const server: Server = createServer((request, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
      const answer = script.shift() ?? { status: 200, body: '{"ok":true}' };
      setTimeout(() => {
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages?token=secret`,
    seen,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('callProvider against a real HTTP server', () => {
  let server: ScriptedServer;
  let pauses: number[];
  /** Records the pauses instead of waiting them out. */
  const sleep = async (ms: number) => void pauses.push(ms);

  beforeEach(async () => {
    server = await startServer();
    pauses = [];
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends the method, headers and body, and returns a 2xx at once', async () => {
    const response = await callProvider({ url: server.url, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic abc' }, body: 'To=%2B1&Body=hi' }, { sleep });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(server.seen).toEqual([{ method: 'POST', body: 'To=%2B1&Body=hi', headers: expect.objectContaining({ authorization: 'Basic abc', 'content-type': 'application/x-www-form-urlencoded' }) }]);
    expect(pauses).toEqual([]);
  });

  it('retries 503 and 429 with growing pauses until a success', async () => {
    server.script.push({ status: 503 }, { status: 429 }, { status: 500 });
    const response = await callProvider({ url: server.url, method: 'POST', body: 'x=1' }, { attempts: 4, baseDelayMs: 100, sleep });
    expect(response.status).toBe(200);
    expect(server.seen).toHaveLength(4);
    expect(server.seen.every((request) => request.body === 'x=1')).toBe(true);
    // Backoff doubles with jitter in [base/2, base]: 100 → 50..100, 200 → 100..200, 400 → 200..400.
    expect(pauses).toHaveLength(3);
    expect(pauses[0]).toBeGreaterThanOrEqual(50);
    expect(pauses[0]).toBeLessThanOrEqual(100);
    expect(pauses[1]).toBeGreaterThanOrEqual(100);
    expect(pauses[1]).toBeLessThanOrEqual(200);
    expect(pauses[2]).toBeGreaterThanOrEqual(200);
    expect(pauses[2]).toBeLessThanOrEqual(400);
  });

  it('honours Retry-After, capped at maxDelayMs', async () => {
    server.script.push({ status: 429, headers: { 'retry-after': '2' } }, { status: 503, headers: { 'retry-after': '120' } });
    await callProvider({ url: server.url }, { sleep, maxDelayMs: 5_000 });
    expect(pauses).toEqual([2_000, 5_000]);
  });

  it('returns a 4xx other than 429 without retrying: the caller reads the provider error', async () => {
    server.script.push({ status: 400, body: '{"code":21211,"message":"bad number"}' });
    const response = await callProvider({ url: server.url, method: 'POST' }, { sleep });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 21211, message: 'bad number' });
    expect(server.seen).toHaveLength(1);
  });

  it('throws ProviderCallError with the last status and body after the last attempt, without the URL query', async () => {
    server.script.push({ status: 503, body: 'down 1' }, { status: 503, body: 'down 2' }, { status: 502, body: 'down 3' });
    const error = (await callProvider({ url: server.url, method: 'POST' }, { attempts: 3, sleep }).catch((thrown: unknown) => thrown)) as ProviderCallError;
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ status: 502, body: 'down 3', attempts: 3 });
    expect(error.message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/v1\/messages answered 502 3 times$/);
    expect(error.message).not.toContain('secret');
    expect(server.seen).toHaveLength(3);
  });

  it('retries a refused connection (nothing was sent), then gives up with the cause', async () => {
    const closedUrl = server.url;
    await server.close();
    const error = (await callProvider({ url: closedUrl }, { attempts: 2, sleep }).catch((thrown: unknown) => thrown)) as ProviderCallError;
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error.status).toBeUndefined();
    expect(error.attempts).toBe(2);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(pauses).toHaveLength(1);
  });

  it('abandons a slow attempt after timeoutMs and does not retry it: the provider may have received it', async () => {
    server.script.push({ status: 200, delayMs: 1_000 });
    const error = (await callProvider({ url: server.url, method: 'POST' }, { timeoutMs: 100, sleep }).catch((thrown: unknown) => thrown)) as ProviderCallError;
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error.attempts).toBe(1);
    expect(server.seen).toHaveLength(1);
    expect(pauses).toEqual([]);
  });

  it('treats a non-numeric attempts setting as the default instead of looping forever', async () => {
    server.script.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const error = (await callProvider({ url: server.url }, { attempts: Number.NaN, sleep }).catch((thrown: unknown) => thrown)) as ProviderCallError;
    expect(error.attempts).toBe(4);
    expect(server.seen).toHaveLength(4);
  });
});
