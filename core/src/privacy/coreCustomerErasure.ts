import { randomUUID } from 'node:crypto';
import { NotFoundError, SURVEY_RESPONSE } from '@rapport/sdk';
import { findCustomerReferences, moveStatements } from '../domain/customerReferences.js';
import { eraseFromEventSets } from '../events/eventSets.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { containing, keyNamesOneOf, textNamesOneOf } from './idMentions.js';

/** What an erasure of the core's data did. */
export interface CoreErasure {
  /** The customers that had been merged into the erased one: their ids no longer resolve. */
  mergedIds: string[];
  /** Every table the erasure changed, for the database's clean-up of old row versions. */
  tables: string[];
}

/** What a failed workflow run says instead of its error, which may have quoted personal data. */
export const ERASED_RUN_ERROR = 'The error message was erased with the customer\'s personal data (eraseCustomer).';

/** The core's tables an erasure changes; plugin tables with a foreign key to customers come on top. */
const CORE_TABLES = [
  'customers',
  'customer_identities',
  'customer_merges',
  'interactions',
  'deliveries',
  'conversations',
  'scores',
  'segment_memberships',
  'workflow_runs',
  'workflow_steps',
  'workflow_inbox',
  'event_outbox',
  'event_sets',
  'plugin_storage',
];

/**
 * Erases a customer's personal data from the core's tables, in the caller's transaction
 * (docs/security/privacy.md):
 *
 * - what identifies or describes the person goes: the customer row (name, attributes), its
 *   identities, the merges that made other ids lead to it, scores and segment memberships
 *   (profiling), the events about it in the outbox, plugin storage kept under a key naming it;
 * - what the service's figures count stays, de-identified, under a new anonymous customer that
 *   nothing links to the old id: interactions keep channel, direction, type, conversation and
 *   dates but lose subject, text, metadata, thread key and external id (a survey answer keeps
 *   its numbers, so CSAT and NPS stay right); conversations keep their timings and channels but
 *   lose their thread key; workflow runs keep workflow, status and dates but lose input, step
 *   results and error messages; rows of plugin tables move there as a merge moves them (each
 *   plugin's eraser has already erased what they held).
 *
 * Throws NOT_FOUND when the customer does not exist (an erased id included).
 */
export async function eraseCoreData(sql: SqlSession, customerId: string, now: Date): Promise<CoreErasure> {
  const lock = sql.dialect === 'postgresql' ? ' for update' : '';
  const customer = await sql.one<{ created_at: unknown }>(`select created_at from customers where id = ?${lock}`, [customerId]);
  if (!customer) throw new NotFoundError(`No customer with id "${customerId}".`);
  const mergedIds = (await sql.all<{ id: string }>('select merged_customer_id as id from customer_merges where customer_id = ?', [customerId])).map((row) => row.id);
  const everyId = [customerId, ...mergedIds];
  const remainderId = randomUUID();
  // The remainder keeps the creation date, so counts of customers by period stay right.
  await sql.run('insert into customers (id, display_name, attributes, created_at, updated_at) values (?, null, ?, ?, ?)', [
    remainderId,
    sql.json({}),
    sql.date(SqlSession.readDate(customer.created_at)!),
    sql.date(now),
  ]);

  await deidentifyInteractions(sql, customerId, remainderId);
  await sql.run('update conversations set customer_id = ?, thread_key = null where customer_id = ?', [remainderId, customerId]);
  await sql.run('delete from scores where customer_id = ?', [customerId]);
  await sql.run('delete from segment_memberships where customer_id = ?', [customerId]);
  await deidentifyWorkflowRuns(sql, customerId, remainderId);

  const tables = [...CORE_TABLES];
  for (const reference of await findCustomerReferences(sql.dialect, (text, params) => sql.all(text, params))) {
    if (reference.table === 'workflow_runs') continue;
    for (const statement of moveStatements(reference, remainderId, customerId)) await sql.run(statement.sql, statement.params);
    tables.push(reference.table);
  }

  await sql.run('delete from customer_identities where customer_id = ?', [customerId]);
  // Ids merged into the customer stop resolving to anything: they are NOT_FOUND as the id is.
  await sql.run('delete from customer_merges where customer_id = ? or merged_customer_id = ?', [customerId, customerId]);
  // Undelivered events about an erased customer must not reach handlers; delivered ones are history nobody needs.
  await sql.run(`delete from event_outbox where customer_id in (${SqlSession.placeholders(everyId)})`, everyId);
  await eraseFromEventSets(sql, everyId);
  // Runs about no customer receive every customer's events in their inbox.
  await sql.run(`delete from workflow_inbox where ${textNamesOneOf('event', everyId)}`, everyId.map(containing));
  await sql.run(`delete from plugin_storage where ${keyNamesOneOf(everyId)}`, everyId.map(containing));
  await sql.run('delete from customers where id = ?', [customerId]);
  return { mergedIds, tables };
}

/**
 * Interactions move to the remainder without what the customer wrote or was sent. A survey
 * answer keeps its whole-number answers (`{ "csat": 4 }`): they are what org-wide CSAT and NPS
 * count, and without the person they are only a figure.
 */
async function deidentifyInteractions(sql: SqlSession, customerId: string, remainderId: string): Promise<void> {
  const answers = await sql.all<{ id: string; metadata: unknown }>('select id, metadata from interactions where customer_id = ? and type = ?', [customerId, SURVEY_RESPONSE]);
  for (const answer of answers) {
    await sql.run('update interactions set metadata = ? where id = ?', [sql.json(answerFigures(SqlSession.readJson(answer.metadata))), answer.id]);
  }
  await sql.run('update interactions set metadata = ? where customer_id = ? and type <> ?', [sql.json({}), customerId, SURVEY_RESPONSE]);
  // A provider's delivery error can quote the address (a bounce's diagnostic); the status goes with the external id below.
  await sql.run(
    'delete from deliveries where exists (select 1 from interactions i where i.customer_id = ? and i.channel = deliveries.channel and i.external_id = deliveries.external_id)',
    [customerId],
  );
  await sql.run('update interactions set customer_id = ?, subject = null, text = null, external_id = null, thread_key = null where customer_id = ?', [
    remainderId,
    customerId,
  ]);
}

/** The whole numbers of a survey answer's metadata (the answers by metric), nothing else. */
function answerFigures(metadata: unknown): Record<string, number> {
  if (typeof metadata !== 'object' || metadata === null) return {};
  return Object.fromEntries(Object.entries(metadata).filter((entry): entry is [string, number] => Number.isInteger(entry[1])));
}

/**
 * Runs keep what their counts need (workflow, plugin, status, dates); their input, step results,
 * error messages and inbox go, since any of them may quote the customer.
 */
async function deidentifyWorkflowRuns(sql: SqlSession, customerId: string, remainderId: string): Promise<void> {
  const runsOf = 'select id from workflow_runs where customer_id = ?';
  await sql.run(`update workflow_steps set result = null, error = null where run_id in (${runsOf})`, [customerId]);
  await sql.run(`delete from workflow_inbox where run_id in (${runsOf})`, [customerId]);
  await sql.run('update workflow_runs set customer_id = ?, input = ?, error = case when error is null then null else ? end where customer_id = ?', [
    remainderId,
    sql.json({}),
    ERASED_RUN_ERROR,
    customerId,
  ]);
}
