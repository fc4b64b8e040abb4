import { ValidationError, type Interaction, type InteractionSearch, type ListInteractionsOptions } from '@rapport/sdk';
import type { Database } from '../../persistence/openDatabase.js';
import { INTERACTION_COLUMNS, readInteraction } from '../../persistence/rowReaders.js';
import { SqlSession } from '../../persistence/SqlSession.js';
import { WhereClause } from '../../persistence/WhereClause.js';
import { checkDate } from './checkInput.js';

/** The largest page `find` returns: org-wide reads page through, they never load everything. */
const MAX_SEARCH_PAGE = 5_000;

/**
 * Reads of recorded interactions: a customer's, one by id, and everyone's a page at a time.
 *
 * Plain SQL on the read session, not the ORM: scoring and segmentation plugins read a customer's
 * history on every event, and MikroORM's query building and hydration (with knex preparing each
 * statement again) took more of the server's CPU than the statements did (docs/benchmarks-soak.md).
 */
export class InteractionReads {
  constructor(private readonly database: Database) {}

  async list(customerId: string, options: ListInteractionsOptions = {}): Promise<Interaction[]> {
    const sql = SqlSession.reads(this.database);
    const where = new WhereClause().add('customer_id = ?', customerId);
    if (options.conversationId) where.add('conversation_id = ?', options.conversationId);
    if (options.channel) where.add('channel = ?', options.channel);
    if (options.type) where.add('type = ?', options.type);
    if (options.direction) where.add('direction = ?', options.direction);
    if (options.since) where.add('occurred_at >= ?', sql.date(checkDate(options.since, 'since')));
    const order = options.newestFirst ? 'desc' : 'asc';
    const limited = Boolean(options.limit);
    if (limited && (!Number.isInteger(options.limit) || options.limit! < 1)) {
      throw new ValidationError(`limit must be a whole number of at least 1, got ${JSON.stringify(options.limit)}.`, 'limit');
    }
    const rows = await sql.all(
      `select ${INTERACTION_COLUMNS} from interactions ${where.sql} order by occurred_at ${order}, id ${order}${limited ? ' limit ?' : ''}`,
      limited ? [...where.params, options.limit] : where.params,
    );
    return rows.map(readInteraction);
  }

  async get(id: string): Promise<Interaction | undefined> {
    const row = await SqlSession.reads(this.database).one(`select ${INTERACTION_COLUMNS} from interactions where id = ?`, [id]);
    return row ? readInteraction(row) : undefined;
  }

  /** Interactions of every customer that match, ordered by `occurredAt` then id, one page at a time. */
  async find(search: InteractionSearch): Promise<Interaction[]> {
    const limit = search.limit ?? 500;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_PAGE) {
      throw new ValidationError(`limit must be a whole number from 1 to ${MAX_SEARCH_PAGE}, got ${JSON.stringify(search.limit)}.`, 'limit');
    }
    const sql = SqlSession.reads(this.database);
    const where = new WhereClause();
    if (search.type) where.add('type = ?', search.type);
    if (search.channel) where.add('channel = ?', search.channel);
    if (search.direction) where.add('direction = ?', search.direction);
    if (search.from) where.add('occurred_at >= ?', sql.date(checkDate(search.from, 'from')));
    if (search.to) where.add('occurred_at < ?', sql.date(checkDate(search.to, 'to')));
    if (search.after) {
      const at = sql.date(checkDate(search.after.occurredAt, 'after.occurredAt'));
      where.add('(occurred_at > ? or (occurred_at = ? and id > ?))', at, at, search.after.id);
    }
    const rows = await sql.all(`select ${INTERACTION_COLUMNS} from interactions ${where.sql} order by occurred_at asc, id asc limit ?`, [...where.params, limit]);
    return rows.map(readInteraction);
  }
}
