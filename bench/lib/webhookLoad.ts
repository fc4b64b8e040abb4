/**
 * The load of the webhook benchmark (bench/webhooks.ts): prepared requests posted over HTTP with
 * a fixed number in flight, each answer checked, each latency kept.
 */
import { timed } from './benchDatabases.js';
import type { WebhookRequest } from './webhookRequests.js';

/** One batch of requests, sent. */
export interface Sent {
  /** From the first request to the last answer. */
  elapsedMs: number;
  /** Per request, from just before fetch() to the end of its answer's body, in ms. */
  latenciesMs: number[];
}

/**
 * Posts every request to `baseUrl`, `connections` at a time (fetch keeps that many connections
 * alive), and reads each answer whole. The requests are built before the clock starts, so the
 * signing and formatting of one kind costs the load generator no more than another's.
 *
 * @throws Error for the first answer that is not 2xx, quoting its status and body: a refused
 *   signature or secret would otherwise look like a fast webhook.
 */
export async function postAll(baseUrl: string, requests: readonly WebhookRequest[], connections: number): Promise<Sent> {
  const latenciesMs: number[] = [];
  const elapsedMs = await timed(requests.length, connections, async (index) => {
    const request = requests[index]!;
    const started = performance.now();
    const response = await fetch(`${baseUrl}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
    const body = await response.text();
    latenciesMs.push(performance.now() - started);
    if (response.status < 200 || response.status > 299) {
      throw new Error(`POST ${request.path} was answered ${response.status}, not 2xx: ${body.slice(0, 500)}`);
    }
  });
  return { elapsedMs, latenciesMs };
}

