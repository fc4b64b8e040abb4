import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, and whether `standardwebhooks` verified it with each secret. */
export interface Received {
  id: string;
  timestamp: number;
  signature: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Per secret given to the receiver: did the reference library verify the request with it? */
  verified: boolean[];
  /** What the receiver answered. */
  status: number;
}

/**
 * A webhook receiver on a real HTTP server that verifies every request with the `standardwebhooks`
 * package (the reference implementation, not ours), answers what `answer` says, and keeps every
 * request. `unique()` is what a receiver deduplicating by webhook-id keeps.
 */
export interface Receiver {
  url: string;
  received: Received[];
  /** The secrets to verify with (set once the endpoint is created or rotated). */
  secrets: string[];
  /** The status to answer the next request with; 200 unless changed. */
  answer: (request: Received) => number | { status: number; body: string };
  /** Requests by webhook-id, the first of each. */
  unique(): Received[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    secrets: [],
    answer: () => 200,
    unique() {
      const seen = new Set<string>();
      return receiver.received.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = request.headers;
      const verified = receiver.secrets.map((secret) => {
        try {
          new Webhook(secret).verify(body, headers as Record<string, string>);
          return true;
        } catch {
          return false;
        }
      });
      const received: Received = {
        id: String(headers['webhook-id']),
        timestamp: Number(headers['webhook-timestamp']),
        signature: String(headers['webhook-signature']),
        headers,
        body,
        json: JSON.parse(body) as Received['json'],
        verified,
        status: 0,
      };
      const answer = receiver.answer(received);
      const { status, body: responseBody } = typeof answer === 'number' ? { status: answer, body: `answered ${answer}` } : answer;
      received.status = status;
      receiver.received.push(received);
      response.writeHead(status, { 'content-type': 'text/plain' }).end(responseBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
