import DataLoader from 'dataloader';
import type { Customer, Delivery, Interaction } from '@rapport/sdk';
import type { DeliveryKey } from '../domain/delivery/DeliveryTracker.js';
import { toConversation, type Conversation } from '../domain/ConversationService.js';
import type { ConversationRow, ScoreRow, SegmentMembershipRow } from '../persistence/entities.js';
import type { Database } from '../persistence/openDatabase.js';
import { INTERACTION_COLUMNS, readConversationRow, readInteraction, readScoreRow, readSegmentMembershipRow } from '../persistence/rowReaders.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { childCountLoader, childPageLoader, type ChildCountKey, type ChildPageKey, type ChildTable } from './data/childPages.js';
import type { GraphQLServices } from './GraphQLServices.js';
import { readRun, type RunRow, type StepRow } from '../workflows/WorkflowStore.js';

/**
 * The per-request batching loaders. Every list or object a resolver reaches from a parent goes
 * through one of them, so a page of N customers costs the same few queries for any N: the loader
 * collects the keys of one execution tick and runs one query for all of them. They live for one
 * request (one operation), so no client sees another's cache and nothing goes stale.
 */
export interface Loaders {
  customer: DataLoader<string, Customer | undefined>;
  conversation: DataLoader<string, Conversation | undefined>;
  interaction: DataLoader<string, Interaction | undefined>;
  /** An outbound message's delivery status, by channel and external id. */
  delivery: DataLoader<DeliveryKey, Delivery | null, string>;
  customerInteractions: DataLoader<ChildPageKey, Interaction[], string>;
  customerInteractionCount: DataLoader<ChildCountKey, number, string>;
  customerConversations: DataLoader<ChildPageKey, ConversationRow[], string>;
  customerConversationCount: DataLoader<ChildCountKey, number, string>;
  conversationInteractions: DataLoader<ChildPageKey, Interaction[], string>;
  conversationInteractionCount: DataLoader<ChildCountKey, number, string>;
  scores: DataLoader<string, ScoreRow[]>;
  customerWorkflowRuns: DataLoader<ChildPageKey, RunRow[], string>;
  customerWorkflowRunCount: DataLoader<ChildCountKey, number, string>;
  workflowSteps: DataLoader<string, StepRow[]>;
  segments: DataLoader<string, SegmentMembershipRow[]>;
  /** Forgets everything; a subscription calls it before each event, as if it were a new request. */
  clearAll(): void;
}

const interactionsByCustomer: ChildTable<Interaction> = {
  table: 'interactions',
  columns: INTERACTION_COLUMNS,
  read: readInteraction,
  parentColumn: 'customer_id',
  timeColumn: 'occurred_at',
  parentOf: (row) => row.customerId,
  timeOf: (row) => row.occurredAt,
  idOf: (row) => row.id,
};

const interactionsByConversation: ChildTable<Interaction> = {
  ...interactionsByCustomer,
  parentColumn: 'conversation_id',
  parentOf: (row) => row.conversationId ?? '',
};

const workflowRunsByCustomer: ChildTable<RunRow> = {
  table: 'workflow_runs',
  columns: '*',
  read: readRun,
  parentColumn: 'customer_id',
  timeColumn: 'started_at',
  parentOf: (row) => row.customerId ?? '',
  timeOf: (row) => row.startedAt,
  idOf: (row) => row.id,
};

const conversationsByCustomer: ChildTable<ConversationRow> = {
  table: 'conversations',
  columns: '*',
  read: readConversationRow,
  parentColumn: 'customer_id',
  timeColumn: 'opened_at',
  parentOf: (row) => row.customerId,
  timeOf: (row) => row.openedAt,
  idOf: (row) => row.id,
};

/** The tables whose rows are paged per parent, for the tests of their pages' plans. */
export const CHILD_TABLES = { interactionsByCustomer, interactionsByConversation, workflowRunsByCustomer, conversationsByCustomer } as const;

type LoaderName = Exclude<keyof Loaders, 'clearAll'>;

/** How each loader is made, from the services; once per request that uses it. */
const MAKERS: { [K in LoaderName]: (services: GraphQLServices) => Loaders[K] } = {
  customer: (services) =>
    new DataLoader<string, Customer | undefined>(async (ids) => {
      const found = await services.customers.getMany(ids);
      return ids.map((id) => found.get(id));
    }),
  conversation: ({ database }) => conversationsById(database),
  interaction: ({ database }) => interactionsById(database),
  delivery: (services) =>
    new DataLoader<DeliveryKey, Delivery | null, string>((keys) => services.deliveries.deliveriesOf(keys), {
      cacheKeyFn: (key) => `${key.channel}\0${key.externalId}`,
    }),
  customerInteractions: ({ database }) => childPageLoader(database, interactionsByCustomer),
  customerInteractionCount: ({ database }) => childCountLoader(database, interactionsByCustomer),
  customerConversations: ({ database }) => childPageLoader(database, conversationsByCustomer),
  customerConversationCount: ({ database }) => childCountLoader(database, conversationsByCustomer),
  conversationInteractions: ({ database }) => childPageLoader(database, interactionsByConversation),
  conversationInteractionCount: ({ database }) => childCountLoader(database, interactionsByConversation),
  scores: ({ database }) => scoresByCustomer(database),
  customerWorkflowRuns: ({ database }) => childPageLoader(database, workflowRunsByCustomer),
  customerWorkflowRunCount: ({ database }) => childCountLoader(database, workflowRunsByCustomer),
  workflowSteps: (services) =>
    new DataLoader<string, StepRow[]>(async (runIds) => {
      const steps = await services.workflows.stepsOf(runIds);
      return runIds.map((id) => steps.filter((step) => step.runId === id));
    }),
  segments: ({ database }) => segmentsByCustomer(database),
};

/**
 * The loaders of one request, each made on first use: most operations touch one or two of the
 * fifteen, and making them all cost every request (a trivial `{ __typename }` included) the
 * fifteen DataLoaders and their garbage. The getters are defined once, on the prototype.
 */
class RequestLoaders {
  private readonly made = new Map<LoaderName, { clearAll(): unknown }>();

  constructor(private readonly services: GraphQLServices) {}

  clearAll(): void {
    for (const loader of this.made.values()) loader.clearAll();
  }

  loader(name: LoaderName): { clearAll(): unknown } {
    let loader = this.made.get(name);
    if (!loader) this.made.set(name, (loader = MAKERS[name](this.services)));
    return loader;
  }
}

for (const name of Object.keys(MAKERS) as LoaderName[]) {
  Object.defineProperty(RequestLoaders.prototype, name, {
    enumerable: true,
    get(this: RequestLoaders) {
      return this.loader(name);
    },
  });
}

export function createLoaders(services: GraphQLServices): Loaders {
  return new RequestLoaders(services) as unknown as Loaders;
}

/** Conversations by id, one `in (…)` query per batch. */
function conversationsById(database: Database): DataLoader<string, Conversation | undefined> {
  return new DataLoader(async (ids) => {
    const rows = await selectIn(database, 'select * from conversations where id', ids);
    return inOrder(ids, rows.map((row) => toConversation(readConversationRow(row))), (conversation) => conversation.id);
  });
}

/** Interactions by id, one `in (…)` query per batch. */
function interactionsById(database: Database): DataLoader<string, Interaction | undefined> {
  return new DataLoader(async (ids) => {
    const rows = await selectIn(database, `select ${INTERACTION_COLUMNS} from interactions where id`, ids);
    return inOrder(ids, rows.map(readInteraction), (interaction) => interaction.id);
  });
}

/** Scores of many customers, one query per batch. */
function scoresByCustomer(database: Database): DataLoader<string, ScoreRow[]> {
  return new DataLoader(async (customerIds) => {
    const rows = (await selectIn(database, 'select * from scores where customer_id', customerIds, 'order by rule')).map(readScoreRow);
    return customerIds.map((id) => rows.filter((row) => row.customerId === id));
  });
}

/** Segment memberships of many customers, one query per batch. */
function segmentsByCustomer(database: Database): DataLoader<string, SegmentMembershipRow[]> {
  return new DataLoader(async (customerIds) => {
    const rows = (await selectIn(database, 'select * from segment_memberships where customer_id', customerIds, 'order by model, segment')).map(
      readSegmentMembershipRow,
    );
    return customerIds.map((id) => rows.filter((row) => row.customerId === id));
  });
}

/** `<select> in (…ids) <rest>`, in plain SQL: batch reads skip MikroORM's hydration (see customerReads). */
function selectIn(database: Database, select: string, ids: readonly string[], rest = ''): Promise<Record<string, unknown>[]> {
  return SqlSession.autocommit(database).all(`${select} in (${SqlSession.placeholders(ids)}) ${rest}`, [...ids]);
}

function inOrder<T>(ids: readonly string[], values: T[], idOf: (value: T) => string): (T | undefined)[] {
  const byId = new Map(values.map((value) => [idOf(value), value]));
  return ids.map((id) => byId.get(id));
}
