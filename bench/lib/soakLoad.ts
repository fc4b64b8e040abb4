/**
 * The traffic of the soak benchmark (bench/soak.ts), over HTTP with the bench's ADMIN key:
 * interactions as a deployment receives them (messages both ways, purchases, survey answers),
 * bulk fills, single-mutation ingest, and the mixed load of reads and writes.
 */
import { withBenchCredential } from './benchCredential.js';


/** The email of customer `index` of the population. */
export const customerEmail = (index: number) => `soak${index}@soak.example`;

/**
 * One interaction of customer `customer`, `externalId` unique: mostly messages, and purchases and
 * survey answers often enough that the scoring and segmentation plugins have work on every kind.
 */
export function interactionInput(customer: number, externalId: string, random: () => number, occurredAt?: Date): Record<string, unknown> {
  const roll = random();
  const base = { email: customerEmail(customer), channel: 'email', externalId, ...(occurredAt && { occurredAt: occurredAt.toISOString() }) };
  if (roll < 0.55) return { ...base, direction: 'INBOUND', type: 'message', subject: 'Order question', text: `Where is my order ${externalId}?` };
  if (roll < 0.8) return { ...base, direction: 'OUTBOUND', type: 'message', subject: 'Re: Order question', text: 'It ships today.' };
  if (roll < 0.9) return { ...base, direction: 'INBOUND', type: 'purchase', metadata: { amount: Math.round(random() * 20_000) / 100, currency: 'EUR' } };
  if (roll < 0.95) return { ...base, direction: 'INBOUND', type: 'survey_response', metadata: { csat: 1 + Math.floor(random() * 5) } };
  return { ...base, direction: 'INBOUND', type: 'survey_response', metadata: { nps: Math.floor(random() * 11) } };
}

export class GraphQLError extends Error {}

/** Posts one GraphQL operation with the bench key; throws on an HTTP or GraphQL error. */
export async function graphql<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: withBenchCredential({ 'content-type': 'application/json', accept: 'application/graphql-response+json' }),
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as { data?: T; errors?: unknown };
  if (!response.ok || answer.errors) throw new GraphQLError(`HTTP ${response.status}: ${JSON.stringify(answer.errors).slice(0, 500)}`);
  return answer.data!;
}

const RECORDED = 'id customer { id } conversation { id }';
const BULK = `mutation ($inputs: [RecordInteractionInput!]!) { recordInteractions(inputs: $inputs) { ${RECORDED} } }`;
const SINGLE = `mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { ${RECORDED} } }`;
const RESOLVE = 'mutation ($id: ID!) { resolveConversation(id: $id) { id status } }';
const LIST = '{ customers(first: 20) { totalCount edges { node { id displayName emails } } } }';
const SEARCH = 'query ($q: String!) { customers(first: 10, query: $q) { edges { node { id displayName } } } }';
const DETAIL = `query ($id: ID!) { customer(id: $id) { displayName
  interactions(first: 10, newestFirst: true) { edges { node { id type direction text occurredAt } } }
  conversations(first: 3) { edges { node { id status channels firstResponseTimeMs } } }
  scores { rule value label } segments { model segment since } } }`;
const KPIS = 'query ($from: DateTime!, $to: DateTime!) { serviceKpis(from: $from, to: $to) { conversations resolved resolutionRate averageFirstResponseTimeMs } }';

interface Recorded {
  id: string;
  customer: { id: string };
  conversation: { id: string } | null;
}

/** Records `inputs` (at most 500) in one `recordInteractions` call. */
export async function recordBulk(url: string, inputs: readonly Record<string, unknown>[]): Promise<Recorded[]> {
  return (await graphql<{ recordInteractions: Recorded[] }>(url, BULK, { inputs })).recordInteractions;
}

export async function recordOne(url: string, input: Record<string, unknown>): Promise<Recorded> {
  return (await graphql<{ recordInteraction: Recorded }>(url, SINGLE, { input })).recordInteraction;
}

/** Runs `worker` on `concurrency` loops until `until` (ms since epoch); counts what succeeded and failed. */
export async function runFor(concurrency: number, until: number, worker: (loop: number) => Promise<void>): Promise<{ ok: number; failed: number; firstError?: string }> {
  const outcome: { ok: number; failed: number; firstError?: string } = { ok: 0, failed: 0 };
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (Date.now() < until) {
        try {
          await worker(loop);
          outcome.ok++;
        } catch (error) {
          outcome.failed++;
          outcome.firstError ??= (error as Error).message;
        }
      }
    }),
  );
  return outcome;
}

/** What the mixed load knows of the data it talks about: customers' global ids and open conversations, both bounded. */
export class KnownIds {
  private readonly customers: string[] = [];
  private readonly conversations: string[] = [];
  constructor(private readonly cap = 20_000) {}

  remember(recorded: Recorded, random: () => number): void {
    keep(this.customers, recorded.customer.id, this.cap, random);
    if (recorded.conversation) keep(this.conversations, recorded.conversation.id, this.cap, random);
  }

  customer(random: () => number): string | undefined {
    return this.customers[Math.floor(random() * this.customers.length)];
  }

  /** A conversation to resolve, taken out (resolving it twice would only be a no-op). */
  takeConversation(random: () => number): string | undefined {
    if (this.conversations.length === 0) return undefined;
    const index = Math.floor(random() * this.conversations.length);
    const [id] = this.conversations.splice(index, 1);
    return id;
  }
}

function keep(list: string[], id: string, cap: number, random: () => number): void {
  if (list.length < cap) list.push(id);
  else list[Math.floor(random() * cap)] = id;
}

/** Counts of each kind of request the mixed load sent. */
export type MixCounts = Record<'list' | 'search' | 'detail' | 'kpis' | 'record' | 'resolve', number>;

/**
 * One request of the mixed load: 70% reads (customer list, search, one customer with their
 * interactions, conversations, scores and segments, conversation KPIs), 30% writes (single
 * `recordInteraction` to a random customer of the population; one write in twenty resolves a
 * conversation instead, which starts the aftercare workflow).
 */
export async function mixedRequest(
  url: string,
  random: () => number,
  population: number,
  known: KnownIds,
  nextExternalId: () => string,
  counts: MixCounts,
): Promise<void> {
  const roll = random();
  if (roll < 0.15) {
    counts.list++;
    await graphql(url, LIST);
  } else if (roll < 0.3) {
    counts.search++;
    await graphql(url, SEARCH, { q: `soak${Math.floor(random() * population)}@` });
  } else if (roll < 0.6) {
    const id = known.customer(random);
    if (!id) return;
    counts.detail++;
    await graphql(url, DETAIL, { id });
  } else if (roll < 0.7) {
    counts.kpis++;
    const to = new Date();
    await graphql(url, KPIS, { from: new Date(to.getTime() - 30 * 86_400_000).toISOString(), to: to.toISOString() });
  } else if (roll < 0.985) {
    counts.record++;
    known.remember(await recordOne(url, interactionInput(Math.floor(random() * population), nextExternalId(), random)), random);
  } else {
    const id = known.takeConversation(random);
    if (!id) return;
    counts.resolve++;
    await graphql(url, RESOLVE, { id });
  }
}
