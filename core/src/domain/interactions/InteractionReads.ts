import { ValidationError, type Interaction, type InteractionSearch, type ListInteractionsOptions } from '@rapport/sdk';
import { InteractionEntity } from '../../persistence/entities.js';
import type { Database } from '../../persistence/openDatabase.js';
import { toInteraction } from '../toInteraction.js';
import { checkDate } from './checkInput.js';

/** The largest page `find` returns: org-wide reads page through, they never load everything. */
const MAX_SEARCH_PAGE = 5_000;

/** Reads of recorded interactions: a customer's, one by id, and everyone's a page at a time. */
export class InteractionReads {
  constructor(private readonly database: Database) {}

  async list(customerId: string, options: ListInteractionsOptions = {}): Promise<Interaction[]> {
    const rows = await this.database.em().find(
      InteractionEntity,
      {
        customerId,
        ...(options.channel && { channel: options.channel }),
        ...(options.type && { type: options.type }),
        ...(options.direction && { direction: options.direction }),
        ...(options.since && { occurredAt: { $gte: checkDate(options.since, 'since') } }),
      },
      {
        orderBy: { occurredAt: options.newestFirst ? 'desc' : 'asc', id: options.newestFirst ? 'desc' : 'asc' },
        ...(options.limit && { limit: options.limit }),
      },
    );
    return rows.map(toInteraction);
  }

  async get(id: string): Promise<Interaction | undefined> {
    const row = await this.database.em().findOne(InteractionEntity, { id });
    return row ? toInteraction(row) : undefined;
  }

  /** Interactions of every customer that match, ordered by `occurredAt` then id, one page at a time. */
  async find(search: InteractionSearch): Promise<Interaction[]> {
    const limit = search.limit ?? 500;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_PAGE) {
      throw new ValidationError(`limit must be a whole number from 1 to ${MAX_SEARCH_PAGE}, got ${JSON.stringify(search.limit)}.`, 'limit');
    }
    const occurredAt = {
      ...(search.from && { $gte: checkDate(search.from, 'from') }),
      ...(search.to && { $lt: checkDate(search.to, 'to') }),
    };
    const after = search.after && { at: checkDate(search.after.occurredAt, 'after.occurredAt'), id: search.after.id };
    const rows = await this.database.em().find(
      InteractionEntity,
      {
        ...(search.type && { type: search.type }),
        ...(search.channel && { channel: search.channel }),
        ...(search.direction && { direction: search.direction }),
        ...(Object.keys(occurredAt).length > 0 && { occurredAt }),
        ...(after && { $or: [{ occurredAt: { $gt: after.at } }, { occurredAt: after.at, id: { $gt: after.id } }] }),
      },
      { orderBy: { occurredAt: 'asc', id: 'asc' }, limit },
    );
    return rows.map(toInteraction);
  }
}
