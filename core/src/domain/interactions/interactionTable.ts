import type { InteractionRow } from '../../persistence/entities.js';
import type { SqlSession } from '../../persistence/SqlSession.js';
import type { PendingWrite } from '../CustomerService.js';
import type { CheckedInput } from './checkInput.js';

/** An interaction's row as its input gives it: the customer and conversation are decided later. */
export type InputRow = Omit<InteractionRow, 'customerId' | 'conversationId'>;

/** How a value travels (see SqlSession.date and .json), and its PostgreSQL type. */
const KINDS = { plain: 'text', date: 'timestamptz', json: 'jsonb' } as const;

/**
 * The columns of `interactions` an insert writes, in order, and the row field each one holds.
 * Both inserts below are built from this list, and so is the PostgreSQL form of the
 * `interaction.recorded` payload (see recorded.ts).
 */
const COLUMNS = [
  { name: 'id', field: 'id', kind: 'plain' },
  { name: 'customer_id', field: 'customerId', kind: 'plain' },
  { name: 'conversation_id', field: 'conversationId', kind: 'plain' },
  { name: 'channel', field: 'channel', kind: 'plain' },
  { name: 'direction', field: 'direction', kind: 'plain' },
  { name: 'type', field: 'type', kind: 'plain' },
  { name: 'subject', field: 'subject', kind: 'plain' },
  { name: 'text', field: 'text', kind: 'plain' },
  { name: 'occurred_at', field: 'occurredAt', kind: 'date' },
  { name: 'external_id', field: 'externalId', kind: 'plain' },
  { name: 'thread_key', field: 'threadKey', kind: 'plain' },
  { name: 'metadata', field: 'metadata', kind: 'json' },
  { name: 'created_at', field: 'createdAt', kind: 'date' },
] as const satisfies readonly { name: string; field: keyof InteractionRow; kind: keyof typeof KINDS }[];
type Column = (typeof COLUMNS)[number];

// A field added to InteractionRow but not to COLUMNS would never be stored: this fails to compile then.
const _everyFieldStored: [Exclude<keyof InteractionRow, Column['field']>] extends [never] ? true : never = true;

const COLUMN_LIST = COLUMNS.map((column) => column.name).join(', ');
/** The same text for every row, so that the driver prepares it once. */
const INSERT = `insert into interactions (${COLUMN_LIST}) values (${COLUMNS.map(() => '?').join(', ')})`;
/** What the one-statement path takes from its own query rather than from the input. */
const PLACED = new Set<Column['field']>(['customerId', 'conversationId']);

/** The row of a checked input, without its customer and conversation. */
export function interactionRow(input: CheckedInput, id: string, createdAt: Date): InputRow {
  return {
    id,
    channel: input.channel,
    direction: input.direction,
    type: input.type,
    subject: input.subject ?? null,
    text: input.text ?? null,
    occurredAt: input.occurredAt,
    externalId: input.externalId ?? null,
    threadKey: input.threadKey ?? null,
    metadata: input.metadata,
    createdAt,
  };
}

/** The column that holds a row field. */
export function columnOf(field: Column['field']): string {
  return COLUMNS.find((column) => column.field === field)!.name;
}

/** The insert of one interaction. */
export function insertInteraction(sql: SqlSession, row: InteractionRow): PendingWrite {
  return { sql: INSERT, params: COLUMNS.map((column) => valueOf(sql, column, row)) };
}

/**
 * PostgreSQL: the insert of an interaction whose customer and conversation are the `customer_id`
 * and `conversation_id` of `source`, a CTE of the caller's statement (no row there, no insert).
 * Every parameter is cast: in a select list an untyped parameter is text, which a timestamptz or
 * jsonb column does not take.
 */
export function insertInteractionFrom(sql: SqlSession, row: InputRow, source: string): PendingWrite {
  const values = COLUMNS.map((column) => (PLACED.has(column.field) ? column.name : `?::${KINDS[column.kind]}`));
  return {
    sql: `insert into interactions (${COLUMN_LIST}) select ${values.join(', ')} from ${source}`,
    params: COLUMNS.filter((column) => !PLACED.has(column.field)).map((column) => valueOf(sql, column, row)),
  };
}

function valueOf(sql: SqlSession, column: Column, row: Partial<InteractionRow>): unknown {
  const value = row[column.field];
  return column.kind === 'date' ? sql.date(value as Date) : column.kind === 'json' ? sql.json(value) : value;
}
