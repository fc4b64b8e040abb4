import type { Customer, JsonValue } from '@rapport/sdk';
import { findCustomerReferences } from '../domain/customerReferences.js';
import { readConversationRow, readIdentityRow, readScoreRow, readSegmentMembershipRow } from '../persistence/rowReaders.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { readRun, type StepRow } from '../workflows/WorkflowStore.js';
import { containing, keyNamesOneOf } from './idMentions.js';

/** The types whose ids the API shows as global ids. */
export type ExportedIdType = 'Customer' | 'Interaction' | 'Conversation' | 'WorkflowRun';

/**
 * The id the API shows for a raw id (the GraphQL layer's global ids). The export names every
 * object both ways: `id` as the API shows it, `rawId` as the database and plugins know it.
 */
export type ExportIds = (type: ExportedIdType, rawId: string) => string;

type Json = { [key: string]: JsonValue };

/** What the core stores about a customer, as the export document's parts (docs/security/privacy.md). */
export interface CoreCustomerExport {
  customer: Json;
  identities: Json[];
  mergedCustomers: Json[];
  conversations: Json[];
  interactions: Json[];
  /** The delivery status of the messages sent to them (channel, external id, status, error). */
  deliveries: Json[];
  scores: Json[];
  segments: Json[];
  workflowRuns: Json[];
  events: Json[];
  pluginStorage: Json[];
  pluginTables: Record<string, Json[]>;
}

/**
 * Reads everything the core's tables hold about a customer and the customers merged into them:
 * identities, conversations, interactions, scores, segments, workflow runs with their steps, the
 * events of the outbox about them, plugin storage kept under a key that names them, and rows of
 * plugin tables with a foreign key to them. Dates are ISO strings.
 */
export async function exportCoreData(
  sql: SqlSession,
  subject: { customer: Customer; mergedIds: readonly string[]; stepsOf(runIds: readonly string[]): Promise<StepRow[]> },
  idOf: ExportIds,
): Promise<CoreCustomerExport> {
  const { customer, mergedIds } = subject;
  const id = customer.id;
  const everyId = [id, ...mergedIds];
  const [identities, merges, conversations, interactions, scores, segments, runs, events, storage, deliveries] = await Promise.all([
    sql.all('select * from customer_identities where customer_id = ? order by created_at, id', [id]),
    sql.all('select * from customer_merges where customer_id = ? order by merged_at, merged_customer_id', [id]),
    sql.all('select * from conversations where customer_id = ? order by opened_at, id', [id]),
    sql.all('select * from interactions where customer_id = ? order by occurred_at, id', [id]),
    sql.all('select * from scores where customer_id = ? order by rule', [id]),
    sql.all('select * from segment_memberships where customer_id = ? order by model, segment', [id]),
    sql.all('select * from workflow_runs where customer_id = ? order by started_at, id', [id]),
    sql.all(`select * from event_outbox where customer_id in (${SqlSession.placeholders(everyId)}) order by seq`, everyId),
    sql.all(`select * from plugin_storage where ${keyNamesOneOf(everyId)} order by namespace, key`, everyId.map(containing)),
    sql.all(
      'select d.channel, d.external_id, d.status, d.error, d.updated_at from deliveries d join interactions i on i.channel = d.channel and i.external_id = d.external_id where i.customer_id = ? order by d.updated_at, d.external_id',
      [id],
    ),
  ]);
  const steps = runs.length ? await subject.stepsOf(runs.map((run) => String(run.id))) : [];
  return {
    customer: {
      id: idOf('Customer', id),
      rawId: id,
      displayName: customer.displayName,
      emails: customer.emails,
      phones: customer.phones,
      handles: customer.handles,
      attributes: customer.attributes as Json,
      createdAt: customer.createdAt.toISOString(),
      updatedAt: customer.updatedAt.toISOString(),
    },
    identities: identities.map(readIdentityRow).map((row) => ({ kind: row.kind, channel: row.channel, value: row.value, createdAt: row.createdAt.toISOString() })),
    mergedCustomers: merges.map((row) => ({
      id: idOf('Customer', String(row.merged_customer_id)),
      rawId: String(row.merged_customer_id),
      mergedAt: iso(row.merged_at),
    })),
    conversations: conversations.map(readConversationRow).map((row) => ({
      id: idOf('Conversation', row.id),
      rawId: row.id,
      status: row.status,
      threadKey: row.threadKey,
      openedChannel: row.openedChannel,
      channels: row.channels,
      openedAt: row.openedAt.toISOString(),
      firstInboundAt: row.firstInboundAt?.toISOString() ?? null,
      firstResponseAt: row.firstResponseAt?.toISOString() ?? null,
      lastActivityAt: row.lastActivityAt.toISOString(),
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
    })),
    deliveries: deliveries.map((row) => ({
      channel: String(row.channel),
      externalId: String(row.external_id),
      status: String(row.status),
      error: (row.error as string | null) ?? null,
      updatedAt: SqlSession.readDate(row.updated_at)!.toISOString(),
    })),
    interactions: interactions.map((row) => ({
      id: idOf('Interaction', String(row.id)),
      rawId: String(row.id),
      conversationId: row.conversation_id ? idOf('Conversation', String(row.conversation_id)) : null,
      rawConversationId: (row.conversation_id as string | null) ?? null,
      channel: String(row.channel),
      direction: String(row.direction),
      type: String(row.type),
      subject: (row.subject as string | null) ?? null,
      text: (row.text as string | null) ?? null,
      occurredAt: iso(row.occurred_at),
      externalId: (row.external_id as string | null) ?? null,
      threadKey: (row.thread_key as string | null) ?? null,
      metadata: SqlSession.readJson<Json>(row.metadata),
      createdAt: iso(row.created_at),
    })),
    scores: scores.map(readScoreRow).map((row) => ({
      rule: row.rule,
      value: row.value,
      label: row.label,
      explanation: row.explanation,
      computedAt: row.computedAt.toISOString(),
    })),
    segments: segments.map(readSegmentMembershipRow).map((row) => ({ model: row.model, segment: row.segment, since: row.since.toISOString() })),
    workflowRuns: runs.map(readRun).map((run) => ({
      id: idOf('WorkflowRun', run.id),
      rawId: run.id,
      workflow: run.workflow,
      plugin: run.plugin,
      status: run.status,
      input: run.input as Json,
      error: run.error,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      updatedAt: run.updatedAt.toISOString(),
      steps: steps
        .filter((step) => step.runId === run.id)
        .map((step) => ({
          name: step.name,
          kind: step.kind,
          status: step.status,
          attempts: step.attempts,
          result: toJson(step.result),
          error: step.error,
          dueAt: step.dueAt?.toISOString() ?? null,
          startedAt: step.startedAt?.toISOString() ?? null,
          finishedAt: step.finishedAt?.toISOString() ?? null,
        })),
    })),
    events: events.map((row) => ({
      id: String(row.id),
      type: String(row.type),
      payload: SqlSession.readJson<Json>(row.payload),
      occurredAt: iso(row.occurred_at),
      status: String(row.status),
    })),
    pluginStorage: storage.map((row) => ({
      namespace: String(row.namespace),
      key: String(row.key),
      value: SqlSession.readJson<JsonValue>(row.value),
      updatedAt: iso(row.updated_at),
    })),
    pluginTables: await pluginTableRows(sql, id),
  };
}

/**
 * Rows of plugins' own tables with a foreign key to the customer (as CustomerMerger finds them),
 * as stored: the core does not know their columns, so values are passed on as they are.
 */
async function pluginTableRows(sql: SqlSession, customerId: string): Promise<Record<string, Json[]>> {
  const tables: Record<string, Json[]> = {};
  for (const reference of await findCustomerReferences(sql.dialect, (text, params) => sql.all(text, params))) {
    // The workflow engine's runs are exported above, with their steps.
    if (reference.table === 'workflow_runs') continue;
    const rows = await sql.all(`select * from ${reference.table} where ${reference.column} = ?`, [customerId]);
    if (rows.length > 0) (tables[reference.table] ??= []).push(...rows.map((row) => toJson(row) as Json));
  }
  return tables;
}

function iso(value: unknown): string | null {
  return SqlSession.readDate(value)?.toISOString() ?? null;
}

/** Any stored value as JSON: dates as ISO strings, bigints as strings. */
function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item))) as JsonValue;
}
