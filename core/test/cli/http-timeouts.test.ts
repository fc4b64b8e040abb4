import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHttpServer, DEFAULT_CONNECTION_LIMITS } from '../../src/server/createHttpServer.js';
import { startServer, stopServer, writeConfig } from './runCli.js';

const SLOW_CLIENTS = 50;
/** A ceiling against hanging, far above the timeouts under test; not a speed goal. */
const TEST_TIMEOUT = 60_000;
/**
 * Eight times the 1 s headers timeout the test configures, and still under Node's check of the
 * default 10 s one: slow clients still open by then mean the configured timeout was not applied.
 */
const DROP_CEILING_MS = 8_000;

/** Resolves with `promise`, or fails saying `what` once `ms` have passed. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A raw TCP client and what it has seen: the bytes the server sent, and whether it closed. */
interface RawClient {
  connected: Promise<void>;
  /** Resolves with everything the server sent, once the server has closed the connection. */
  closed: Promise<string>;
  destroy(): void;
}

/**
 * Opens a connection that sends `first`, then, if `drip`, one more header byte every 200 ms and
 * never the blank line that ends the headers: a client that sends its headers slowly.
 */
function rawClient(port: number, first: string, drip: boolean): RawClient {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const connected = new Promise<void>((resolve) => socket.once('connect', resolve));
  const closed = new Promise<string>((resolve) => {
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
  });
  void connected.then(() => {
    socket.write(first);
    if (drip) timer = setInterval(() => socket.writable && socket.write('a'), 200);
  });
  return { connected, closed, destroy: () => socket.destroy() };
}

describe('createHttpServer', () => {
  it('sets the timeouts and the cap it is given on the Node server, and the defaults otherwise', () => {
    const server = createHttpServer([], [], { timeouts: { headersMs: 1_500, requestMs: 3_000, keepAliveMs: 700 }, maxConnections: 7 });
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout, server.maxConnections]).toEqual([1_500, 3_000, 700, 7]);
    const defaults = createHttpServer([]);
    const { timeouts, maxConnections } = DEFAULT_CONNECTION_LIMITS;
    expect([defaults.headersTimeout, defaults.requestTimeout, defaults.keepAliveTimeout, defaults.maxConnections]).toEqual([
      timeouts.headersMs,
      timeouts.requestMs,
      timeouts.keepAliveMs,
      maxConnections,
    ]);
  });
});

describe('HTTP timeouts and the connection cap of rapport start', () => {
  it('closes slow-header connections with 408 after server.timeouts.headers, refuses connections over server.maxConnections, and serves afterwards', { timeout: TEST_TIMEOUT }, async () => {
    const config = writeConfig({
      server: { host: '127.0.0.1', port: 0, timeouts: { headers: '1s', request: '4s', keepAlive: '1s' }, maxConnections: SLOW_CLIENTS },
    });
    const server = await startServer(['--config', config]);
    const clients: RawClient[] = [];
    try {
      const port = Number(new URL(server.url).port);
      for (let i = 0; i < SLOW_CLIENTS; i += 1) clients.push(rawClient(port, 'GET /healthz HTTP/1.1\r\nHost: rapport\r\nX-Slow: ', true));
      await Promise.all(clients.map((client) => client.connected));

      // The server accepts in order, so this one comes after the 50 and is over the cap: closed
      // at once, unanswered, although its request is complete.
      const extra = rawClient(port, 'GET /healthz HTTP/1.1\r\nHost: rapport\r\nConnection: close\r\n\r\n', false);
      expect(await extra.closed).toBe('');

      // Every slow client is dropped by the server, not by the test, with Node's 408.
      const answers = await within(DROP_CEILING_MS, `slow clients still open after ${DROP_CEILING_MS} ms`, Promise.all(clients.map((client) => client.closed)));
      for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);

      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });

      // An idle keep-alive connection is closed by the server after server.timeouts.keepAlive.
      const keepAlive = rawClient(port, 'GET /healthz HTTP/1.1\r\nHost: rapport\r\n\r\n', false);
      clients.push(keepAlive);
      expect(await keepAlive.closed).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Keep-Alive: timeout=1\r\n[\s\S]*"status":"ok"/);
    } finally {
      for (const client of clients) client.destroy();
      expect(await stopServer(server.child)).toBe(0);
    }
  });
});
