/**
 * Webhook benchmark: signed inbound webhooks per second against the email inbound, on the same
 * machine, in one run. A real `rapport start` runs in its own process (bench/lib/webhookServer.ts)
 * with the email, Twilio and Meta channel plugins configured with throwaway secrets, on a SQLite
 * file and on PostgreSQL; this process posts to `POST /channels/<id>/inbound` over HTTP with
 * BENCH_WEBHOOKS_CONNECTIONS requests in flight (bench/lib/webhookLoad.ts). The kinds
 * (bench/lib/webhookRequests.ts):
 *
 * - `email` (the baseline): a raw RFC 5322 message with the channel's shared secret;
 * - `sms`: a Twilio incoming SMS, signed `X-Twilio-Signature` over the server's own URL;
 * - `whatsapp`: a WhatsApp Cloud API message, signed `X-Hub-Signature-256`;
 * - `smsStatus`: Twilio's `delivered` status callback for an outbound SMS recorded beforehand.
 *
 * Every request is a new message (a unique id) from one of BENCH_WEBHOOKS_CUSTOMERS customers, or
 * the receipt of a message not yet delivered. Each kind is first warmed up, then the kinds take
 * turns in rounds, the first kind of each round shifting by one so that none always follows the
 * same other; a kind's figure is the median of its rounds, because a small machine's speed moves
 * from one moment to the next. Every answer must be 2xx, and afterwards the database must hold
 * exactly one INBOUND interaction per message sent on each channel and one DELIVERED status per
 * receipt; otherwise the benchmark fails rather than print figures.
 *
 * Run with `npm run -s bench:webhooks`; progress goes to stderr, one JSON document to stdout.
 *
 * Environment: BENCH_WEBHOOKS_CONNECTIONS (requests in flight, default 8), BENCH_WEBHOOKS_COUNT
 * (requests per kind per round, default 300), BENCH_WEBHOOKS_ROUNDS (default 5),
 * BENCH_WEBHOOKS_WARMUP (untimed requests per kind first, default 200), BENCH_WEBHOOKS_CUSTOMERS
 * (default 2000), BENCH_WEBHOOKS_DATABASES (a comma-separated subset of sqlite,postgresql),
 * BENCH_WEBHOOKS_CPU_PROF (a directory: the server runs with --cpu-prof and writes its profile there).
 */
import path from 'node:path';
import { BENCH_DATABASES, type BenchDatabaseKind } from './lib/benchDatabases.js';
import { killLiveChildren } from './lib/serverProcess.js';
import { quantile } from './lib/workflowLoad.js';
import { median } from './lib/statistics.js';
import { postAll } from './lib/webhookLoad.js';
import { CHANNEL_OF, freshSecrets, WEBHOOK_KINDS, WebhookRequests, type WebhookKind } from './lib/webhookRequests.js';
import { recordedCounts, seedOutboundSms, startWebhookServer, type Recorded } from './lib/webhookServer.js';

const envNumber = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

const CONNECTIONS = envNumber('BENCH_WEBHOOKS_CONNECTIONS') ?? 8;
const COUNT = envNumber('BENCH_WEBHOOKS_COUNT') ?? 300;
const ROUNDS = envNumber('BENCH_WEBHOOKS_ROUNDS') ?? 5;
const WARMUP = envNumber('BENCH_WEBHOOKS_WARMUP') ?? 200;
const CUSTOMERS = envNumber('BENCH_WEBHOOKS_CUSTOMERS') ?? 2000;
const ONLY = process.env.BENCH_WEBHOOKS_DATABASES?.split(',').map((kind) => kind.trim());
const CPU_PROF_DIR = process.env.BENCH_WEBHOOKS_CPU_PROF;
/** Each signed kind must sustain at least this share of the email inbound's requests per second. */
const GOAL_RATIO_TO_EMAIL = 0.8;
const BASELINE: WebhookKind = 'email';
const SIGNED_KINDS = WEBHOOK_KINDS.filter((kind) => kind !== BASELINE);

for (const [name, value] of Object.entries({ CONNECTIONS, COUNT, ROUNDS, CUSTOMERS })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_WEBHOOKS_${name} must be a whole number of at least 1, got ${value}.`);
}
const unknownDatabases = ONLY?.filter((kind) => !(BENCH_DATABASES as readonly string[]).includes(kind)) ?? [];
if (unknownDatabases.length > 0) throw new Error(`BENCH_WEBHOOKS_DATABASES names ${unknownDatabases.join(', ')}; give a comma-separated subset of ${BENCH_DATABASES.join(',')}.`);
if (!Number.isInteger(WARMUP) || WARMUP < 0) throw new Error(`BENCH_WEBHOOKS_WARMUP must be a whole number of at least 0, got ${WARMUP}.`);

const log = (message: string) => process.stderr.write(`${message}\n`);
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Per kind: requests per second of each round, and the latency of every timed request. */
type Timings = Record<WebhookKind, { perSecond: number[]; latenciesMs: number[] }>;

async function measure(database: BenchDatabaseKind) {
  const secrets = freshSecrets();
  log(`webhooks on ${database}: starting rapport start with the channel plugins…`);
  const nodeArgs = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`, `--cpu-prof-name=webhooks-${database}-${Date.now()}.cpuprofile`] : [];
  const server = await startWebhookServer(database, secrets, nodeArgs);
  try {
    const sentPerKind = WARMUP + ROUNDS * COUNT;
    await seedOutboundSms(server.graphqlUrl, sentPerKind, CUSTOMERS);
    const requests = new WebhookRequests(secrets, server.baseUrl, CUSTOMERS);
    const next = Object.fromEntries(WEBHOOK_KINDS.map((kind) => [kind, 0])) as Record<WebhookKind, number>;
    const batch = (kind: WebhookKind, size: number) => Array.from({ length: size }, () => requests.build(kind, next[kind]++));

    // The warm-up also activates each plugin (onChannel), which the timed rounds must not pay for.
    if (WARMUP > 0) for (const kind of WEBHOOK_KINDS) await postAll(server.baseUrl, batch(kind, WARMUP), CONNECTIONS);
    const timings = Object.fromEntries(WEBHOOK_KINDS.map((kind) => [kind, { perSecond: [], latenciesMs: [] }])) as unknown as Timings;
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < WEBHOOK_KINDS.length; i++) {
        const kind = WEBHOOK_KINDS[(r + i) % WEBHOOK_KINDS.length]!;
        const sent = await postAll(server.baseUrl, batch(kind, COUNT), CONNECTIONS);
        timings[kind].perSecond.push((COUNT / sent.elapsedMs) * 1000);
        timings[kind].latenciesMs.push(...sent.latenciesMs);
      }
      log(`webhooks on ${database}: round ${r + 1}/${ROUNDS}: ${WEBHOOK_KINDS.map((kind) => `${kind} ${Math.round(timings[kind].perSecond.at(-1)!)}/s`).join(', ')}`);
    }

    // Counted once the server has stopped: whatever it still had in hand is in the database.
    await server.server.stop();
    const recorded = await recordedCounts(server.database);
    const counts = checkRecorded(database, recorded, sentPerKind);
    return report(database, timings, counts, sentPerKind);
  } finally {
    await server.dispose();
  }
}

/** What each kind left in the database; throws unless every one left exactly what was sent. */
function checkRecorded(database: BenchDatabaseKind, recorded: Recorded, sent: number): Record<WebhookKind, number> {
  const counts = {
    email: recorded.inboundByChannel[CHANNEL_OF.email] ?? 0,
    sms: recorded.inboundByChannel[CHANNEL_OF.sms] ?? 0,
    whatsapp: recorded.inboundByChannel[CHANNEL_OF.whatsapp] ?? 0,
    smsStatus: recorded.smsDelivered,
  };
  const wrong = WEBHOOK_KINDS.filter((kind) => counts[kind] !== sent);
  if (wrong.length > 0) {
    throw new Error(
      `webhooks on ${database}: ${sent} requests of each kind were answered 2xx, but the database holds ${wrong.map((kind) => `${counts[kind]} for ${kind}`).join(', ')} ` +
        '(INBOUND interactions per channel; DELIVERED statuses for smsStatus). Nothing was lost or duplicated only if each equals the number sent.',
    );
  }
  return counts;
}

function report(database: BenchDatabaseKind, timings: Timings, recorded: Record<WebhookKind, number>, sentPerKind: number) {
  const perSecond = (kind: WebhookKind) => median(timings[kind].perSecond);
  const baseline = perSecond(BASELINE);
  const kinds = Object.fromEntries(
    WEBHOOK_KINDS.map((kind) => {
      const latencies = [...timings[kind].latenciesMs].sort((a, b) => a - b);
      const figures = {
        channel: CHANNEL_OF[kind],
        requestsPerSecond: Math.round(perSecond(kind)),
        roundsPerSecond: timings[kind].perSecond.map((value) => Math.round(value)),
        p50Ms: round(quantile(latencies, 0.5)!, 1),
        p99Ms: round(quantile(latencies, 0.99)!, 1),
        sent: sentPerKind,
        recorded: recorded[kind],
      };
      if (kind === BASELINE) return [kind, { ...figures, baseline: true }];
      // The median of each round's own ratio too: the two figures of a round share the machine's state of that moment.
      const roundRatios = timings[kind].perSecond.map((value, r) => value / timings[BASELINE].perSecond[r]!);
      const ratioToEmail = round(perSecond(kind) / baseline, 2);
      return [kind, { ...figures, ratioToEmail, medianRoundRatioToEmail: round(median(roundRatios), 2), goalMet: ratioToEmail >= GOAL_RATIO_TO_EMAIL }];
    }),
  ) as Record<WebhookKind, { goalMet?: boolean }>;
  return { database, kinds, goalMet: SIGNED_KINDS.every((kind) => kinds[kind].goalMet === true) };
}

process.on('exit', killLiveChildren);
const results = [];
for (const database of BENCH_DATABASES.filter((kind) => !ONLY || ONLY.includes(kind))) results.push(await measure(database));
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'webhooks',
      node: process.version,
      connections: CONNECTIONS,
      requestsPerKindPerRound: COUNT,
      rounds: ROUNDS,
      warmupPerKind: WARMUP,
      customers: CUSTOMERS,
      goal: { ratioToEmail: GOAL_RATIO_TO_EMAIL, kinds: SIGNED_KINDS, baseline: BASELINE },
      results,
      goalMet: results.every((result) => result.goalMet),
    },
    null,
    2,
  )}\n`,
);
