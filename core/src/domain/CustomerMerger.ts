import { inject, injectable } from 'inversify';
import { ConflictError, ValidationError, NotFoundError, serviceToken, type Customer } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { changesBetween } from '../audit/changesBetween.js';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import { stageInTransaction } from '../events/stageInTransaction.js';
import { CustomerEntity } from '../persistence/entities.js';
import { Database } from '../persistence/openDatabase.js';
import { isForeignKeyViolation } from '../persistence/SqlSession.js';
import { errorMessage } from '../util/errorMessage.js';
import { withRefs } from '../util/errorRefs.js';
import { findCustomerReferences, moveStatements } from './customerReferences.js';
import { joinOpenConversations } from './joinOpenConversations.js';
import { ConversationWindowMs } from './conversationWindow.js';
import { CustomerService } from './CustomerService.js';

/** Merges one customer into another (`mergeCustomers`), and remembers who was merged into whom. */
export interface CustomerMerger {
  /** Merges `sourceId` into `targetId` and returns the survivor. */
  merge(targetId: string, sourceId: string): Promise<Customer>;
  /** The surviving customer of a merged id, or the id itself. */
  survivorOf(id: string): Promise<string>;
}

/** The container token of the {@link CustomerMerger}. */
export const CustomerMerger = serviceToken<CustomerMerger>('rapport.core.CustomerMerger');

/**
 * Merges one customer into another: the survivor (target) takes the source's identities,
 * interactions, conversations, scores and segment memberships (their open conversations that are
 * still active become one, see joinOpenConversations), then the source is deleted and the
 * merge is recorded in `customer_merges`, all in one transaction. Attributes are combined with
 * the target's values winning; a score or membership both have keeps the target's (rules and
 * models re-evaluate on `customer.merged`). Rows of plugin tables with a foreign key to customers
 * move the same way (see customerReferences); data a plugin keeps elsewhere (its key-value
 * storage) it moves itself when it receives `customer.merged`.
 */
@injectable()
export class DatabaseCustomerMerger implements CustomerMerger {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(CustomerService) private readonly customers: CustomerService,
    @inject(EventBus) private readonly events: EventBus,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(ConversationWindowMs) private readonly windowMs: number,
  ) {}

  async merge(targetId: string, sourceId: string): Promise<Customer> {
    if (targetId === sourceId) throw new ValidationError('targetId and sourceId are the same customer; give two different customers.', 'sourceId');
    const staged = await this.database.em().transactional(async (em) => {
      const [target, source] = await Promise.all([
        em.findOne(CustomerEntity, { id: targetId }),
        em.findOne(CustomerEntity, { id: sourceId }),
      ]);
      if (!target) throw withRefs(new NotFoundError(`No customer with id "${targetId}" (targetId).`), { type: 'Customer', id: targetId, field: 'targetId' });
      if (!source) throw withRefs(new NotFoundError(`No customer with id "${sourceId}" (sourceId).`), { type: 'Customer', id: sourceId, field: 'sourceId' });
      const before = { displayName: target.displayName, attributes: { ...target.attributes } };
      target.displayName ??= source.displayName;
      target.attributes = { ...source.attributes, ...target.attributes };
      target.updatedAt = this.clock.now();
      await em.flush();

      const connection = em.getConnection();
      const trx = em.getTransactionContext();
      const run = (sql: string, params: unknown[]) => connection.execute(sql, params, 'run', trx);
      const now = this.database.dialect === 'postgresql' ? this.clock.now() : this.clock.now().getTime();
      // Rows keyed by customer that the target already has would collide: the target's stay.
      await run('delete from scores where customer_id = ? and rule in (select rule from scores where customer_id = ?)', [sourceId, targetId]);
      await run(
        'delete from segment_memberships where customer_id = ? and exists (select 1 from segment_memberships t where t.customer_id = ? and t.model = segment_memberships.model and t.segment = segment_memberships.segment)',
        [sourceId, targetId],
      );
      for (const table of ['customer_identities', 'interactions', 'conversations', 'scores', 'segment_memberships']) {
        await run(`update ${table} set customer_id = ? where customer_id = ?`, [targetId, sourceId]);
      }
      const joined = await joinOpenConversations(
        (sql, params) => connection.execute(sql, params, 'all', trx) as Promise<Record<string, unknown>[]>,
        run,
        targetId,
        new Date(this.clock.now().getTime() - this.windowMs),
        this.database.dialect,
      );
      // Plugin tables with a foreign key to customers: moved too, before the source is deleted
      // (which would otherwise cascade to them, or fail on them).
      const query = (sql: string, params: unknown[] = []) => connection.execute(sql, params, 'all', trx) as Promise<Record<string, unknown>[]>;
      for (const reference of await findCustomerReferences(this.database.dialect, query)) {
        try {
          for (const statement of moveStatements(reference, targetId, sourceId)) await run(statement.sql, statement.params);
        } catch (error) {
          if (!isForeignKeyViolation(error)) throw error;
          throw new ConflictError(
            `The customers cannot be merged: rows of ${reference.table}.${reference.column} cannot move to the survivor, because ` +
              `another table references them (${errorMessage(error)}). The plugin that owns ${reference.table} must allow it (ON UPDATE CASCADE).`,
          );
        }
      }
      // Earlier merges into the source now point at the survivor, so every old id still resolves.
      await run('update customer_merges set customer_id = ? where customer_id = ?', [targetId, sourceId]);
      await run('insert into customer_merges (merged_customer_id, customer_id, merged_at) values (?, ?, ?)', [sourceId, targetId, now]);
      await run('delete from customers where id = ?', [sourceId]);
      await this.audit.appendInOrm(em, [
        {
          action: 'customer.merge',
          targetType: 'Customer',
          targetId: targetId,
          customerId: targetId,
          changes: {
            mergedCustomerId: { before: null, after: sourceId },
            ...(joined && { joinedConversationIds: { before: null, after: joined } }),
            ...changesBetween(before, target, ['displayName', 'attributes']),
          },
        },
      ]);
      return stageInTransaction(em, this.events, 'customer.merged', { customerId: targetId, mergedCustomerId: sourceId });
    });
    await this.events.afterCommit([staged]);
    return (await this.customers.get(targetId))!;
  }

  /** The surviving customer of a merged id, or the id itself. */
  async survivorOf(id: string): Promise<string> {
    const rows: { customer_id: string }[] = await this.database.orm.em
      .getConnection()
      .execute('select customer_id from customer_merges where merged_customer_id = ?', [id]);
    return rows[0]?.customer_id ?? id;
  }
}
