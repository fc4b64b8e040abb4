/**
 * The HTTP side of the ingest benchmark (bench/ingest.ts): interactions sent to a server in its
 * own process, one per request, as aliased `recordInteraction` fields, or as one
 * `recordInteractions` list, and the check that each was stored exactly once.
 */
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { withBenchCredential } from './benchCredential.js';
import { freshDatabase, timed, type BenchDatabaseKind } from './benchDatabases.js';
import { startBenchServer, type BenchServerMode } from './serverProcess.js';

/** Interaction `index` of a measurement: customer `index % customers`, a unique external id. */
export function ingestInput(index: number, customers: number) {
  return {
    email: `customer${index % customers}@bench.example`,
    channel: 'email',
    direction: 'INBOUND' as const,
    type: 'message',
    text: `message ${index}`,
    externalId: `bench-${index}`,
    occurredAt: new Date(Date.UTC(2026, 2, 1) + index * 60_000),
  };
}

/**
 * How the interactions go over HTTP, `batch` per request: `aliased` recordInteraction fields in
 * one document (GraphQL runs them one after the other, each in its own transaction; with a batch
 * of 1, one mutation per request), or one `bulk` recordInteractions call.
 */
export interface HttpRoute {
  style: 'aliased' | 'bulk';
  batch: number;
}

/** One HTTP measurement: which server, which database, how many interactions, and how they are sent. */
export interface OverHttpOptions {
  mode: BenchServerMode;
  kind: BenchDatabaseKind;
  /** Interactions in all, timed. */
  count: number;
  customers: number;
  /** Requests in flight at once. */
  concurrency: number;
  route: HttpRoute;
  /**
   * Interactions sent the same way before the timed ones and not timed (default 0): the server's
   * JIT and caches warm up, so that a comparison of two servers measures their steady state.
   */
  warmup?: number;
}

/**
 * Records `count` interactions through a fresh server over a fresh database and returns the
 * elapsed ms, from the first timed request to the last answer. The bare-yoga server accepts them
 * without storing anything; a rapport server must have stored each exactly once (the warm-up's
 * too, which come from the same customers with external ids of their own).
 */
export async function overHttp({ mode, kind, count, customers, concurrency, route, warmup = 0 }: OverHttpOptions): Promise<number> {
  const fresh = await freshDatabase(kind);
  const server = await startBenchServer(mode, fresh.url);
  // Request `request` of a phase whose interactions are numbered from `first`, `total` in all.
  const send = async (request: number, first: number, total: number) => {
    const indexes = Array.from({ length: route.batch }, (_, i) => request * route.batch + i).filter((index) => index < total);
    const inputs = indexes.map((index) => {
      const input = ingestInput(first + index, customers);
      return { ...input, occurredAt: input.occurredAt.toISOString() };
    });
    const body =
      route.style === 'bulk'
        ? { query: BULK_DOCUMENT, variables: { inputs } }
        : { query: aliasedDocument(inputs.length), variables: Object.fromEntries(inputs.map((input, i) => [`i${i}`, input])) };
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: withBenchCredential({ 'content-type': 'application/json', accept: 'application/graphql-response+json' }),
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { errors?: unknown };
    if (!response.ok || answer.errors) throw new Error(`${route.style} batch of ${route.batch} failed (${response.status}): ${JSON.stringify(answer.errors)}`);
  };
  let elapsed: number;
  try {
    // The warm-up's interactions are numbered after the timed ones, so neither repeats the other's external ids.
    if (warmup > 0) await timed(Math.ceil(warmup / route.batch), concurrency, (request) => send(request, count, warmup));
    elapsed = await timed(Math.ceil(count / route.batch), concurrency, (request) => send(request, 0, count));
  } finally {
    await server.stop();
  }
  if (mode !== 'bare-yoga') await expectStored(fresh.database, count + warmup, `http, ${route.style}, ${route.batch} per request`);
  await fresh.dispose();
  return elapsed;
}

const BULK_DOCUMENT = 'mutation ($inputs: [RecordInteractionInput!]!) { recordInteractions(inputs: $inputs) { id } }';

/** `mutation ($i0: …, $i1: …) { r0: recordInteraction(input: $i0) { id } r1: … }`, one per size. */
const aliasedDocuments = new Map<number, string>();
function aliasedDocument(batch: number): string {
  let document = aliasedDocuments.get(batch);
  if (!document) {
    const indexes = Array.from({ length: batch }, (_, i) => i);
    document =
      `mutation (${indexes.map((i) => `$i${i}: RecordInteractionInput!`).join(', ')}) { ` +
      `${indexes.map((i) => `r${i}: recordInteraction(input: $i${i}) { id }`).join(' ')} }`;
    aliasedDocuments.set(batch, document);
  }
  return document;
}

/** Every interaction stored once (none lost, none duplicated). */
export async function expectStored(database: Database, count: number, path: string): Promise<void> {
  const [stored] = await database.orm.em.getConnection().execute<{ n: unknown }[]>('select count(*) as n from interactions');
  if (Number(stored!.n) !== count) throw new Error(`${path}: expected ${count} interactions, found ${String(stored!.n)}`);
}
