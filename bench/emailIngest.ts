/**
 * Email ingest benchmark: real email through `POST /channels/email/inbound`, one request at a
 * time, as a mail relay posts it. A real `rapport start` runs in its own process
 * (bench/lib/webhookServer.ts, the email channel configured with a throwaway `inboundSecret`),
 * on a SQLite file and on PostgreSQL; this process posts the raw RFC 5322 messages of a seeded
 * corpus (bench/lib/emailCorpus.ts: multipart/alternative, quoted replies threaded by
 * In-Reply-To/References, signatures with phone numbers, attachments, RFC 2047 names and
 * subjects, returning and new senders, a few redeliveries).
 *
 * The first BENCH_EMAIL_WARMUP messages are posted untimed (they also activate the plugin and
 * leave the history that later messages thread onto). The BENCH_EMAIL_COUNT timed messages go in
 * BENCH_EMAIL_CHUNKS chunks, in corpus order; before each chunk, the baseline: as many requests
 * of a trivial authenticated route (`{ __typename }` on /graphql with the bench's API key) to the
 * same server, one at a time, so drift of the machine shows in both figures.
 *
 * Once the server has stopped, the database must hold every message exactly once (idempotency by
 * Message-ID: a redelivery records nothing), each follow-up in the conversation of the message it
 * follows up, and each message's attachments in its metadata; otherwise the benchmark fails.
 *
 * Run with `npm run -s bench:email`; progress goes to stderr, one JSON document to stdout.
 *
 * Next to the rates, `serverCpuMsPerRequest`: the server process's CPU time per request
 * (/proc/<pid>/stat, Linux), which a machine busy with other work hardly moves.
 *
 * Environment: BENCH_EMAIL_COUNT (timed messages, default 400), BENCH_EMAIL_WARMUP (default 100),
 * BENCH_EMAIL_CHUNKS (default 4), BENCH_EMAIL_DATABASES (a comma-separated subset of
 * sqlite,postgresql), BENCH_EMAIL_CPU_PROF (a directory: the server runs with --cpu-prof there).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withBenchCredential } from './lib/benchCredential.js';
import { BENCH_DATABASES, type BenchDatabaseKind } from './lib/benchDatabases.js';
import { emailCorpus, type CorpusMessage } from './lib/emailCorpus.js';
import { killLiveChildren } from './lib/serverProcess.js';
import { postAll, type Sent } from './lib/webhookLoad.js';
import { freshSecrets, type WebhookRequest } from './lib/webhookRequests.js';
import { startWebhookServer, type WebhookServer } from './lib/webhookServer.js';
import { quantile } from './lib/workflowLoad.js';

const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

const COUNT = envNumber('BENCH_EMAIL_COUNT', 400);
const WARMUP = envNumber('BENCH_EMAIL_WARMUP', 100);
const CHUNKS = envNumber('BENCH_EMAIL_CHUNKS', 4);
const ONLY = process.env.BENCH_EMAIL_DATABASES?.split(',').map((kind) => kind.trim());
const CPU_PROF_DIR = process.env.BENCH_EMAIL_CPU_PROF;
/** The issue's goal: real email at 200 messages per second or more, one request at a time. */
const GOAL_PER_SECOND = 200;

for (const [name, value] of Object.entries({ COUNT, CHUNKS })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_EMAIL_${name} must be a whole number of at least 1, got ${value}.`);
}
if (!Number.isInteger(WARMUP) || WARMUP < 0) throw new Error(`BENCH_EMAIL_WARMUP must be a whole number of at least 0, got ${WARMUP}.`);
const unknownDatabases = ONLY?.filter((kind) => !(BENCH_DATABASES as readonly string[]).includes(kind)) ?? [];
if (unknownDatabases.length > 0) throw new Error(`BENCH_EMAIL_DATABASES names ${unknownDatabases.join(', ')}; give a comma-separated subset of ${BENCH_DATABASES.join(',')}.`);

const log = (message: string) => process.stderr.write(`${message}\n`);
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

async function measure(database: BenchDatabaseKind, corpus: readonly CorpusMessage[]) {
  const secrets = freshSecrets();
  log(`email ingest on ${database}: starting rapport start with the email channel…`);
  const nodeArgs = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`, `--cpu-prof-name=email-${database}-${Date.now()}.cpuprofile`] : [];
  const server = await startWebhookServer(database, secrets, nodeArgs);
  try {
    const email = (message: CorpusMessage): WebhookRequest => ({
      path: '/channels/email/inbound',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${secrets.emailInboundSecret}` },
      body: message.raw,
    });
    const trivial: WebhookRequest = {
      path: '/graphql',
      headers: withBenchCredential({ 'content-type': 'application/json', accept: 'application/graphql-response+json' }),
      body: JSON.stringify({ query: '{ __typename }' }),
    };
    if (WARMUP > 0) {
      await postAll(server.baseUrl, corpus.slice(0, WARMUP).map(email), 1);
      await postAll(server.baseUrl, Array.from({ length: Math.min(WARMUP, 50) }, () => trivial), 1);
    }
    const timed = corpus.slice(WARMUP);
    const emails: Sent[] = [];
    const baselines: Sent[] = [];
    const cpuMs = { email: 0, trivialRoute: 0 };
    const pid = server.server.child.pid!;
    const timedCpu = async (kind: keyof typeof cpuMs, requests: WebhookRequest[]) => {
      const before = cpuTimeMs(pid);
      const sent = await postAll(server.baseUrl, requests, 1);
      cpuMs[kind] += cpuTimeMs(pid) - before;
      return sent;
    };
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      const part = timed.slice(Math.floor((chunk * timed.length) / CHUNKS), Math.floor(((chunk + 1) * timed.length) / CHUNKS));
      baselines.push(await timedCpu('trivialRoute', part.map(() => trivial)));
      emails.push(await timedCpu('email', part.map(email)));
      log(`email ingest on ${database}: chunk ${chunk + 1}/${CHUNKS}: email ${Math.round(perSecond(emails.at(-1)!))}/s, trivial route ${Math.round(perSecond(baselines.at(-1)!))}/s`);
    }
    // Checked once the server has stopped: whatever it still had in hand is in the database.
    await server.server.stop();
    const stored = await checkStored(database, server, corpus);
    const serverCpuMsPerRequest = { email: round(cpuMs.email / timed.length, 2), trivialRoute: round(cpuMs.trivialRoute / timed.length, 2) };
    return { database, email: figures(emails), trivialRoute: figures(baselines), serverCpuMsPerRequest, stored, corpus: describe(corpus) };
  } finally {
    await server.dispose();
  }
}

/**
 * The server process's CPU time so far (user and system, all its threads), in ms, from
 * /proc/<pid>/stat: unlike the rates, it hardly moves when other processes load the machine.
 */
function cpuTimeMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ", in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function perSecond(sent: Sent): number {
  return (sent.latenciesMs.length / sent.elapsedMs) * 1000;
}

function figures(sent: readonly Sent[]) {
  const requests = sent.reduce((sum, part) => sum + part.latenciesMs.length, 0);
  const elapsedMs = sent.reduce((sum, part) => sum + part.elapsedMs, 0);
  const latencies = sent.flatMap((part) => part.latenciesMs).sort((a, b) => a - b);
  return {
    perSecond: Math.round((requests / elapsedMs) * 1000),
    chunksPerSecond: sent.map((part) => Math.round(perSecond(part))),
    p50Ms: round(quantile(latencies, 0.5)!, 1),
    p95Ms: round(quantile(latencies, 0.95)!, 1),
    maxMs: round(latencies.at(-1)!, 1),
    requests,
  };
}

/** What the timed part of the corpus holds, for the JSON: new and returning senders, and so on. */
function describe(corpus: readonly CorpusMessage[]) {
  const seenBefore = new Set(corpus.slice(0, WARMUP).map((message) => message.from));
  let newSenders = 0;
  for (const message of corpus.slice(WARMUP)) {
    if (message.redelivery || seenBefore.has(message.from)) continue;
    seenBefore.add(message.from);
    newSenders++;
  }
  const timed = corpus.slice(WARMUP);
  const bytes = timed.map((message) => Buffer.byteLength(message.raw)).sort((a, b) => a - b);
  return {
    timedMessages: timed.length,
    fromNewSenders: newSenders,
    distinctSenders: new Set(timed.map((message) => message.from)).size,
    followUps: timed.filter((message) => message.followsUp && !message.redelivery).length,
    withAttachments: timed.filter((message) => message.attachments > 0).length,
    withPhoneInSignature: timed.filter((message) => message.phoneInSignature).length,
    redeliveries: timed.filter((message) => message.redelivery).length,
    medianBytes: quantile(bytes, 0.5),
    maxBytes: bytes.at(-1),
  };
}

/**
 * Checks that the database holds the corpus as sent: each Message-ID once, each follow-up in the
 * conversation of the message it follows up, each message's attachments in its metadata.
 *
 * @throws Error naming what is wrong, so a run that lost or doubled something prints no figures.
 */
async function checkStored(database: BenchDatabaseKind, server: WebhookServer, corpus: readonly CorpusMessage[]) {
  const connection = server.database.orm.em.getConnection();
  const rows: { external_id: string; conversation_id: string | null; metadata: unknown }[] = await connection.execute(
    "select external_id, conversation_id, metadata from interactions where channel = 'email' and direction = 'INBOUND'",
  );
  const byId = new Map<string, (typeof rows)[number]>();
  const problems: string[] = [];
  for (const row of rows) {
    if (byId.has(row.external_id)) problems.push(`${row.external_id} is recorded twice`);
    byId.set(row.external_id, row);
  }
  const unique = corpus.filter((message) => !message.redelivery);
  if (rows.length !== unique.length) problems.push(`${unique.length} distinct messages were posted, ${rows.length} are recorded`);
  for (const message of unique) {
    const row = byId.get(message.messageId);
    if (!row) {
      problems.push(`${message.messageId} is missing`);
      continue;
    }
    const metadata = (typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata) as { attachments?: unknown[] };
    if ((metadata.attachments?.length ?? 0) !== message.attachments) problems.push(`${message.messageId} has ${metadata.attachments?.length ?? 0} attachments, not ${message.attachments}`);
    if (message.followsUp && byId.get(message.followsUp)?.conversation_id !== row.conversation_id) problems.push(`${message.messageId} is not in the conversation of ${message.followsUp}, which it follows up`);
  }
  if (problems.length > 0) throw new Error(`email ingest on ${database}: the database does not hold the corpus as sent: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (and ${problems.length - 10} more)` : ''}`);
  const [customers] = await connection.execute<{ n: unknown }[]>('select count(*) as n from customers');
  const [phones] = await connection.execute<{ n: unknown }[]>("select count(*) as n from customer_identities where kind = 'phone'");
  return { messages: rows.length, followUpsThreaded: unique.filter((message) => message.followsUp).length, customers: Number(customers!.n), phoneIdentities: Number(phones!.n) };
}

process.on('exit', killLiveChildren);
const corpus = emailCorpus(WARMUP + COUNT);
const results = [];
for (const database of BENCH_DATABASES.filter((kind) => !ONLY || ONLY.includes(kind))) results.push(await measure(database, corpus));
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'emailIngest',
      node: process.version,
      messages: COUNT,
      warmup: WARMUP,
      chunks: CHUNKS,
      goal: { perSecond: GOAL_PER_SECOND },
      results: results.map((result) => ({ ...result, ratioToTrivialRoute: round(result.email.perSecond / result.trivialRoute.perSecond, 2), goalMet: result.email.perSecond >= GOAL_PER_SECOND })),
      goalMet: results.every((result) => result.email.perSecond >= GOAL_PER_SECOND),
    },
    null,
    2,
  )}\n`,
);
