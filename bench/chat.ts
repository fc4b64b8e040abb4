/**
 * Live-chat benchmark: the widget's weight, and how long an agent's reply takes to reach an open
 * widget. A real `rapport start` runs in its own process on a fresh SQLite file with the chat
 * channel; this process plays the widget over HTTP (a visitor session, the visitor's first
 * message, then the widget's event stream, `GET /channels/chat/events`) and an agent
 * (`sendMessage(channel: "chat")` over GraphQL with the bench's ADMIN key).
 *
 * - `widget.gzipBytes`: `widget.js` gzipped, against the 40 KB budget.
 * - `reply`: for BENCH_CHAT_REPLIES replies, one at a time, the time from sending `sendMessage`
 *   until the reply arrives on the widget's stream (`arrivalMs`), and until `sendMessage`
 *   answers (`sendMessageMs`, the baseline of the same run: the stream can only be as fast as the
 *   write that feeds it). Goal: the 95th percentile of `arrivalMs` under one second.
 *
 * Run with `npm run -s bench:chat`; progress goes to stderr, one JSON document to stdout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { widgetScript } from '../plugins/channel-chat/src/widgetAsset.js';
import { BENCH_SERVER_ENV, withBenchCredential } from './lib/benchCredential.js';
import { freshDatabase } from './lib/benchDatabases.js';
import { killLiveChildren, REPO_ROOT, startRapportServer } from './lib/serverProcess.js';
import { quantile } from './lib/workflowLoad.js';

const REPLIES = process.env.BENCH_CHAT_REPLIES ? Number(process.env.BENCH_CHAT_REPLIES) : 200;
if (!Number.isInteger(REPLIES) || REPLIES < 1) throw new Error(`BENCH_CHAT_REPLIES must be a whole number of at least 1, got ${process.env.BENCH_CHAT_REPLIES}.`);
const WIDGET_BUDGET_BYTES = 40 * 1024;
const ARRIVAL_GOAL_MS = 1_000;
const ORIGIN = 'https://shop.rapport.bench';
const CHAT_PLUGIN = { name: '@rapport/plugin-channel-chat', dir: path.join(REPO_ROOT, 'plugins/channel-chat') };

const log = (message: string) => process.stderr.write(`${message}\n`);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The texts of the `message` events of a server-sent event stream, as they arrive. */
function messageTexts(body: ReadableStream<Uint8Array>, onText: (text: string) => void): void {
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        if (!lines.includes('event: message')) continue;
        const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
        onText((JSON.parse(data) as { text: string }).text);
      }
    }
  })().catch(() => undefined);
}

async function main() {
  const widget = widgetScript();
  const gzipBytes = gzipSync(widget).byteLength;

  const fresh = await freshDatabase('sqlite');
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-bench-chat-'));
  const configFile = path.join(dir, 'rapport.config.json');
  writeFileSync(configFile, JSON.stringify({ plugins: [CHAT_PLUGIN.dir], pluginSettings: { [CHAT_PLUGIN.name]: { allowedOrigins: [ORIGIN], messagesPerMinute: 1_000 } } }, null, 2));
  log('chat: starting rapport start with the chat channel…');
  const server = await startRapportServer({
    args: ['--config', configFile, '--database', fresh.url, '--port', '0'],
    env: { ...process.env, ...BENCH_SERVER_ENV, NODE_ENV: 'production' },
  });
  const abort = new AbortController();
  try {
    const visitorApi = (route: string, init: RequestInit = {}, token?: string) =>
      fetch(`${server.ready.url}/channels/chat${route}`, {
        ...init,
        headers: { origin: ORIGIN, 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }), ...init.headers },
      });
    const session = (await (await visitorApi('/session', { method: 'POST' })).json()) as { token: string };
    const first = (await (await visitorApi('/messages', { method: 'POST', body: JSON.stringify({ id: 'bench-1', text: 'Hello?' }) }, session.token)).json()) as { message: { id: string } };
    if (!first.message) throw new Error('the visitor message was not recorded');
    const customers = (await graphql('{ customers(first: 1) { edges { node { id } } } }')) as { customers: { edges: { node: { id: string } }[] } };
    const customerId = customers.customers.edges[0]!.node.id;

    const stream = await fetch(`${server.ready.url}/channels/chat/events`, { headers: { origin: ORIGIN, authorization: `Bearer ${session.token}` }, signal: abort.signal });
    const waiting = new Map<string, (at: number) => void>();
    messageTexts(stream.body!, (text) => waiting.get(text)?.(performance.now()));

    const arrivalMs: number[] = [];
    const sendMessageMs: number[] = [];
    log(`chat: ${REPLIES} replies, one at a time…`);
    for (let i = 0; i < REPLIES; i++) {
      const text = `Reply ${i} from the agent`;
      const arrived = new Promise<number>((resolve) => waiting.set(text, resolve));
      const started = performance.now();
      await graphql('mutation ($c: ID!, $t: String!) { sendMessage(input: { customerId: $c, channel: "chat", text: $t }) { id } }', { c: customerId, t: text });
      sendMessageMs.push(performance.now() - started);
      const at = await Promise.race([arrived, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`reply ${i} did not reach the stream within 10 s`)), 10_000))]);
      arrivalMs.push(at - started);
      waiting.delete(text);
    }
    const summary = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { p50: round(quantile(sorted, 0.5)!), p95: round(quantile(sorted, 0.95)!), max: round(sorted.at(-1)!) };
    };
    const arrival = summary(arrivalMs);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'chat',
          widget: { bytes: Buffer.byteLength(widget), gzipBytes, budgetBytes: WIDGET_BUDGET_BYTES, withinBudget: gzipBytes < WIDGET_BUDGET_BYTES },
          reply: {
            replies: REPLIES,
            arrivalMs: arrival,
            sendMessageMs: summary(sendMessageMs),
            goal: { p95ArrivalBelowMs: ARRIVAL_GOAL_MS, met: arrival.p95 < ARRIVAL_GOAL_MS },
          },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    abort.abort();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    await fresh.dispose();
  }

  async function graphql(query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
    const response = await fetch(server.graphqlUrl, { method: 'POST', headers: withBenchCredential({ 'content-type': 'application/json' }), body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }
}

try {
  await main();
} catch (error) {
  killLiveChildren();
  throw error;
}
