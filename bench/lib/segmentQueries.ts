/**
 * What the segments benchmark (bench/segments.ts) asks: the rule trees, the GraphQL operations
 * it sends to the server, the hand-written SQL it measures them against, and the sampler of the
 * server's memory.
 */
import { openDatabase, type Database } from '../../core/src/persistence/openDatabase.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';
import { compileRules, validateRuleTree } from '../../core/src/segments/index.js';
import { withBenchCredential } from './benchCredential.js';
import { BENCH_MODEL, handWrittenMembers, handWrittenParams } from './handWrittenSegment.js';
import { readRss } from './processMemory.js';
import { quantile } from './workflowLoad.js';

/** The segment of the issue, three conditions: an attribute, a score and recency ("pro customers, unhappy, quiet for 60 days"). */
export const SEGMENT_RULES = {
  all: [
    { field: 'attributes.plan', op: 'eq', value: 'pro' },
    { field: 'score.csat', op: 'lt', value: 40 },
    { field: 'interactions.lastAt', op: 'olderThan', value: 'P60D' },
  ],
};

/**
 * The finder's pages: also an attribute, a score and recency, but broad enough (about 12% of the
 * customers) that the 100th page of 100 exists at 100,000 customers too.
 */
export const PAGE_RULES = {
  all: [
    { field: 'attributes.country', op: 'in', value: ['US', 'GB', 'CA', 'AU'] },
    { field: 'score.csat', op: 'gte', value: 50 },
    { field: 'interactions.lastAt', op: 'newerThan', value: 'P365D' },
  ],
};

export const PAGE_SIZE = 100;

const DEFINE = 'mutation ($input: DefineSegmentInput!) { defineSegment(input: $input) { id memberCount refreshedAt } }';
const PREVIEW = 'query ($rules: JSON!) { segmentPreview(rules: $rules) { count } }';
const PAGE = `query ($where: JSON, $after: String) { customers(where: $where, first: ${PAGE_SIZE}, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id displayName emails } } } }`;
/** The least an operation costs: the request's fixed part (transport, credential, GraphQL) and nothing to resolve. */
const TYPENAME = 'query { __typename }';
const SEARCH = 'query ($query: String!, $first: Int!) { customers(query: $query, first: $first) { edges { node { displayName } } } }';
const TOTAL = 'query ($where: JSON) { customers(where: $where, first: 1) { totalCount } }';
const ESTIMATE = 'query ($where: JSON) { customers(where: $where, first: 1) { countEstimate { value exact } } }';

/** Resolves to what `work` resolved to and how many ms it took. */
export async function timedCall<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/**
 * Posts one operation with the bench key; throws on an HTTP or GraphQL error. A request that
 * finds its kept-alive socket closed by the server (idle past the server's keep-alive timeout
 * while the bench wrote to the database) is sent again once, on a new socket: the server never
 * saw it.
 */
async function graphql<T>(url: string, query: string, variables: Record<string, unknown>, retried = false): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: withBenchCredential({ 'content-type': 'application/json', accept: 'application/graphql-response+json' }),
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    if (retried || (error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    return graphql<T>(url, query, variables, true);
  }
  const answer = (await response.json()) as { data?: T; errors?: unknown };
  if (!response.ok || answer.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer.errors).slice(0, 500)}`);
  return answer.data!;
}

/** The GraphQL calls of the benchmark, against one server. */
export class SegmentApi {
  constructor(private readonly url: string) {}

  async define(id: string, rules: unknown): Promise<{ memberCount: number }> {
    return (await graphql<{ defineSegment: { memberCount: number } }>(this.url, DEFINE, { input: { id, name: `Bench ${id}`, rules } })).defineSegment;
  }

  /** `{ __typename }`: what any request costs before its resolvers, sent the same way as the others. */
  async typename(): Promise<void> {
    await graphql<{ __typename: string }>(this.url, TYPENAME, {});
  }

  async preview(rules: unknown): Promise<number> {
    return (await graphql<{ segmentPreview: { count: number } }>(this.url, PREVIEW, { rules })).segmentPreview.count;
  }

  async page(where: unknown, after?: string): Promise<{ size: number; endCursor: string | null; hasNextPage: boolean }> {
    const { customers } = await graphql<{ customers: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] } }>(this.url, PAGE, { where, after });
    return { size: customers.edges.length, endCursor: customers.pageInfo.endCursor, hasNextPage: customers.pageInfo.hasNextPage };
  }

  /** A page of `customers(query:)`: the display names found, in order. */
  async search(query: string, first: number): Promise<string[]> {
    const { customers } = await graphql<{ customers: { edges: { node: { displayName: string } }[] } }>(this.url, SEARCH, { query, first });
    return customers.edges.map((edge) => edge.node.displayName);
  }

  async totalCount(where: unknown): Promise<number> {
    return (await graphql<{ customers: { totalCount: number } }>(this.url, TOTAL, { where })).customers.totalCount;
  }

  async countEstimate(where: unknown): Promise<{ value: number; exact: boolean }> {
    return (await graphql<{ customers: { countEstimate: { value: number; exact: boolean } } }>(this.url, ESTIMATE, { where })).customers.countEstimate;
  }
}

const FILL_BY_HAND = 'mutation ($form: String!, $segment: String!) { fillSegmentByHand(form: $form, segment: $segment) }';

/** The hand-written server (bench/lib/bareYogaBaseline.ts): the hand-written insert behind one mutation. */
export class HandWrittenServerApi {
  constructor(private readonly url: string) {}

  /** Fills `segment` by the hand-written form named `form`; resolves to its members. */
  async fill(form: string, segment: string): Promise<number> {
    return (await graphql<{ fillSegmentByHand: number }>(this.url, FILL_BY_HAND, { form, segment })).fillSegmentByHand;
  }
}

/** p50, p95 and the extremes of some timings, in ms to a tenth. */
export function latency(ms: readonly number[]): { runs: number; p50Ms: number; p95Ms: number; minMs: number; maxMs: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const round = (value: number | null) => Math.round((value ?? 0) * 10) / 10;
  return { runs: sorted.length, p50Ms: round(quantile(sorted, 0.5)), p95Ms: round(quantile(sorted, 0.95)), minMs: round(sorted[0] ?? null), maxMs: round(sorted.at(-1) ?? null) };
}

// The hand-written baseline ----------------------------------------------------------------------

/**
 * Runs `work` where the bench times its own statements, as cold as the server's statement is.
 * SQLite drops a connection's page cache when another connection commits; the server's
 * definition always runs after the bench's own writes, so its statement starts cold, while the
 * bench's connection was warm for all but the first of its statements after a definition
 * (compiled 27.5 ms against hand-written 17–20 ms for the same SQL, docs/benchmarks.md). So on
 * SQLite each run gets a connection of its own, opened (outside the timing) with the server's
 * settings. PostgreSQL's cache is its own shared buffers, the same for every connection.
 */
export async function onBaselineConnection<T>(database: Database, url: string, work: (sql: SqlSession) => Promise<T>): Promise<T> {
  if (database.dialect !== 'sqlite') return work(SqlSession.autocommit(database));
  const own = await openDatabase(url, { baseDir: process.cwd() });
  try {
    return await work(SqlSession.autocommit(own));
  } finally {
    await own.close();
  }
}

/** Runs a hand-written form into segment `segment`; resolves to ms and the rows it inserted. */
export async function runHandWritten(database: Database, url: string, form: string, segment: string, now: Date): Promise<{ ms: number; members: number }> {
  const ms = await onBaselineConnection(database, url, async (sql) => {
    const params = handWrittenParams(sql, segment, now);
    return (await timedCall(() => sql.run(form, params))).ms;
  });
  return { ms, members: await handWrittenMembers(SqlSession.autocommit(database), segment) };
}

/**
 * The same insert with the predicate the core compiles from {@link SEGMENT_RULES} in place of the
 * hand-written one: what the compiler's SQL costs, without the refresh's bookkeeping (the delete
 * of members who left, the count, the audit event and one staged event per member).
 */
export async function runCompiledPredicate(database: Database, url: string, segment: string, now: Date): Promise<{ ms: number; members: number }> {
  const predicate = compileRules(validateRuleTree(SEGMENT_RULES), { dialect: database.dialect, now });
  const statement = `insert into segment_memberships (customer_id, model, segment, since) select c.id, '${BENCH_MODEL}', ?, ? from customers c where ${predicate.sql}`;
  const ms = await onBaselineConnection(database, url, async (sql) => (await timedCall(() => sql.run(statement, [segment, sql.date(now), ...predicate.params]))).ms);
  return { ms, members: await handWrittenMembers(SqlSession.autocommit(database), segment) };
}

// The server's memory ----------------------------------------------------------------------------

/** Samples a process's resident set size from /proc (Linux) until stopped; labels mark the phases. */
export class RssSampler {
  private readonly samples: { atMs: number; mb: number; label?: string }[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly started = performance.now();

  constructor(
    private readonly pid: number,
    everyMs = 500,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  /** Takes a sample now, labelled (the end of a phase). */
  mark(label: string): void {
    this.sample(label);
  }

  stop(): { samples: number; firstMb: number; afterWarmUpMb: number; maxMb: number; lastMb: number; byPhase: Record<string, number> } {
    clearInterval(this.timer);
    const mbs = this.samples.map((sample) => sample.mb);
    const byPhase = Object.fromEntries(this.samples.filter((sample) => sample.label).map((sample) => [sample.label!, sample.mb]));
    return { samples: mbs.length, firstMb: mbs[0] ?? 0, afterWarmUpMb: byPhase['warm-up'] ?? mbs[0] ?? 0, maxMb: Math.max(...mbs), lastMb: mbs.at(-1) ?? 0, byPhase };
  }

  private sample(label?: string): void {
    // None once the process has exited, or where this is not Linux.
    const bytes = readRss(this.pid);
    if (bytes !== null) this.samples.push({ atMs: performance.now() - this.started, mb: Math.round(bytes / 104_857.6) / 10, ...(label && { label }) });
  }
}
