/**
 * Query benchmark: a page of 100 customers, each with its last 5 interactions, through Rapport's
 * GraphQL API under concurrent load, against a bare graphql-yoga server with a hand-written
 * resolver over the same database (bench/lib/bareYogaBaseline.ts), measured in the same run, on
 * SQLite and on PostgreSQL. Run with `npm run -s bench:query`; prints one JSON document.
 *
 * Environment: BENCH_QUERY_SECONDS (seconds per measurement, default 8), BENCH_QUERY_CONNECTIONS
 * (concurrent connections, default 10), BENCH_QUERY_ROUNDS (baseline/Rapport pairs, default 2),
 * BENCH_QUERY_NODE_ARGS (Node options given to every server alike, e.g. `--max-semi-space-size=64`
 * to measure the young generation's size, docs/operations.md).
 *
 * Each server runs in its own process (bench/lib/benchServer.ts); autocannon runs here. The two
 * servers are measured alternately, round after round, so drift on the machine hits both.
 */
import autocannon from 'autocannon';
import { pino } from 'pino';
import { createKernel } from '../core/src/kernel/createKernel.js';
import { withBenchCredential } from './lib/benchCredential.js';
import { BENCH_DATABASES, freshDatabase, type BenchDatabaseKind } from './lib/benchDatabases.js';
import { measurePageTransport } from './lib/pageTransport.js';
import { readPeakRss } from './lib/processMemory.js';
import { startBenchServer, type BenchServerMode } from './lib/serverProcess.js';

const SECONDS = Number(process.env.BENCH_QUERY_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_QUERY_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_QUERY_ROUNDS ?? 2);
const NODE_ARGS = (process.env.BENCH_QUERY_NODE_ARGS ?? '').split(' ').filter(Boolean);
const CUSTOMERS = 200;
const INTERACTIONS_PER_CUSTOMER = 12;
const PAGE = 100;
/** The goal: ahead of the bare server, not merely near it. */
const GOAL_RATIO = 1.2;
const CHANNELS = ['email', 'sms', 'chat', 'phone'];

type ServerMode = BenchServerMode;
/** Measured alternately, round after round, so that drift on the machine hits all three. */
const MODES = ['bare-yoga', 'rapport', 'rapport-open'] as const;
/** Access control (and auditing, on write paths) may cost less than this share of throughput. */
const ACCESS_GOAL_OVERHEAD = 0.1;

/** The same page, as each server spells it. */
const RAPPORT_PAGE = `{ customers(first: ${PAGE}) { edges { node { id displayName emails
      interactions(first: 5, newestFirst: true) { edges { node { id channel direction type text occurredAt } } } } } } }`;
const QUERIES: Record<ServerMode, string> = {
  rapport: RAPPORT_PAGE,
  'rapport-open': RAPPORT_PAGE,
  'bare-yoga': `{ customers(first: ${PAGE}) { id displayName emails interactions { id channel direction type text occurredAt } } }`,
};

/** Customers across channels, each with a history, written through the core's own service. */
async function seed(kind: BenchDatabaseKind) {
  const fresh = await freshDatabase(kind);
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database: fresh.database });
  const start = Date.UTC(2026, 0, 1);
  for (let c = 0; c < CUSTOMERS; c++) {
    await kernel.interactions.recordMany(
      Array.from({ length: INTERACTIONS_PER_CUSTOMER }, (_, i) => ({
        email: `customer${c}@bench.example`,
        channel: CHANNELS[(c + i) % CHANNELS.length]!,
        direction: i % 2 === 0 ? ('INBOUND' as const) : ('OUTBOUND' as const),
        type: 'message',
        text: `message ${i} of customer ${c}`,
        externalId: `q-${c}-${i}`,
        occurredAt: new Date(start + (c * INTERACTIONS_PER_CUSTOMER + i) * 3_600_000),
      })),
    );
  }
  // The connection stays open (idle) until dispose; the servers open their own.
  return fresh;
}

/** Checks that a server answers the page correctly before it is measured. */
async function checkPage(mode: ServerMode, url: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: withBenchCredential({ 'content-type': 'application/json' }), body: JSON.stringify({ query: QUERIES[mode] }) });
  const body = (await response.json()) as { data?: { customers: unknown }; errors?: unknown };
  if (body.errors) throw new Error(`${mode} answered with errors: ${JSON.stringify(body.errors)}`);
  const customers = (mode !== 'bare-yoga' ? (body.data!.customers as { edges: { node: unknown }[] }).edges.map((e) => e.node) : body.data!.customers) as {
    interactions: { edges?: unknown[] } | unknown[];
  }[];
  const interactionCounts = customers.map((c) => (Array.isArray(c.interactions) ? c.interactions.length : c.interactions.edges!.length));
  if (customers.length !== PAGE || interactionCounts.some((n) => n !== 5)) {
    throw new Error(`${mode} returned ${customers.length} customers with ${interactionCounts.join(',')} interactions; expected ${PAGE} × 5`);
  }
}

async function load(mode: ServerMode, url: string, duration: number) {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    // Both servers get the credential, so both parse the same request; the baseline ignores it.
    headers: withBenchCredential({ 'content-type': 'application/json', accept: 'application/graphql-response+json' }),
    body: JSON.stringify({ query: QUERIES[mode] }),
  });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${mode}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total };
}

async function measure(kind: BenchDatabaseKind) {
  const fresh = await seed(kind);
  const servers = {
    'bare-yoga': await startBenchServer('bare-yoga', fresh.url, NODE_ARGS),
    rapport: await startBenchServer('rapport', fresh.url, NODE_ARGS),
    'rapport-open': await startBenchServer('rapport-open', fresh.url, NODE_ARGS),
  };
  const rounds: Record<ServerMode, Awaited<ReturnType<typeof load>>[]> = { 'bare-yoga': [], rapport: [], 'rapport-open': [] };
  let transport: Awaited<ReturnType<typeof measurePageTransport>>;
  // Each server's largest resident set over the rounds (VmHWM), read before it stops.
  const peakRssMb: Partial<Record<ServerMode, number | null>> = {};
  try {
    for (const mode of MODES) {
      await checkPage(mode, servers[mode].graphqlUrl);
      await load(mode, servers[mode].graphqlUrl, 2); // warm-up: JIT, statement caches, pools
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of MODES) {
        process.stderr.write(`query on ${kind}: ${mode}, round ${round + 1} of ${ROUNDS}…\n`);
        rounds[mode].push(await load(mode, servers[mode].graphqlUrl, SECONDS));
      }
    }
    transport = await measurePageTransport(servers.rapport.graphqlUrl, RAPPORT_PAGE);
    for (const mode of MODES) {
      const bytes = readPeakRss(servers[mode].child.pid!);
      peakRssMb[mode] = bytes === null ? null : Math.round(bytes / 1_048_576);
    }
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    await fresh.dispose();
  }
  const summary = (mode: ServerMode) => {
    const all = rounds[mode];
    const mean = (pick: (r: (typeof all)[number]) => number) => Math.round((all.reduce((sum, r) => sum + pick(r), 0) / all.length) * 10) / 10;
    return { requestsPerSecond: mean((r) => r.requestsPerSecond), p50Ms: mean((r) => r.p50Ms), p99Ms: mean((r) => r.p99Ms), rounds: all };
  };
  const baseline = summary('bare-yoga');
  const rapport = summary('rapport');
  const ratio = Math.round((rapport.requestsPerSecond / baseline.requestsPerSecond) * 100) / 100;
  // Each round's pair was measured back to back: their ratios show how much the machine moved.
  const ratioPerRound = rounds.rapport.map((r, i) => Math.round((r.requestsPerSecond / rounds['bare-yoga'][i]!.requestsPerSecond) * 100) / 100);
  const open = summary('rapport-open');
  const overhead = Math.round((1 - rapport.requestsPerSecond / open.requestsPerSecond) * 1000) / 1000;
  return {
    database: kind,
    page: `${PAGE} customers × last 5 interactions`,
    connections: CONNECTIONS,
    secondsPerRound: SECONDS,
    serverNodeArgs: NODE_ARGS,
    peakRssMb,
    baselineBareYoga: baseline,
    rapport,
    throughputRatio: ratio,
    throughputRatioPerRound: ratioPerRound,
    goalRatio: GOAL_RATIO,
    goalMet: ratio >= GOAL_RATIO,
    // The same page on the wire, one request at a time: plain (as before compression), gzip, brotli.
    pageTransport: transport,
    // What the credential lookup, the rate limiter and the scope check cost on this path, against
    // the same server without them, measured in the same rounds.
    accessControl: {
      withoutAccessControl: open,
      throughputOverhead: overhead,
      goalOverhead: ACCESS_GOAL_OVERHEAD,
      goalMet: overhead < ACCESS_GOAL_OVERHEAD,
    },
  };
}

const results = [];
for (const kind of BENCH_DATABASES) results.push(await measure(kind));
process.stdout.write(`${JSON.stringify({ benchmark: 'query', node: process.version, results }, null, 2)}\n`);
