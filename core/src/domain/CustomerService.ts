import type { EntityManager } from '@mikro-orm/core';
import { serviceToken, type CreateCustomerInput, type Customer, type CustomersApi } from '@rapport/sdk';
import type { AuditEntry } from '../audit/AuditLog.js';
import type { SqlSession } from '../persistence/SqlSession.js';
import type { Identity } from './identities.js';

/** A write statement to run later, in the caller's statement or transaction. */
export interface PendingWrite {
  sql: string;
  params: unknown[];
}

/**
 * The core's customers and their identities. Plugins reach the `CustomersApi` part through
 * `ctx.customers`, which checks their permissions first; the rest serves the core's own writers,
 * which create customers inside their transactions.
 */
/** The customers of `ctx.customers`, but merging, which the {@link CustomerMerger} does. */
export interface CustomerService extends Omit<CustomersApi, 'merge'> {
  /** Several customers by id, one query; ids that do not exist are missing from the map. */
  getMany(ids: readonly string[]): Promise<Map<string, Customer>>;
  /** Every customer, a page at a time, in id order. */
  each(pageSize: number): AsyncGenerator<Customer>;
  /** Creates a customer with these identities inside the caller's MikroORM transaction; the caller audits it. */
  createIn(em: EntityManager, input: CreateCustomerInput, identities: Identity[]): Promise<Customer>;
  /** The customer that owns an identity, if any. */
  ownerOf(sql: SqlSession, identity: Identity): Promise<string | undefined>;
  /**
   * The statements that create a customer for an unknown identity, to run in the caller's
   * statement or transaction, and the audit event the caller writes with them.
   */
  createForIdentity(sql: SqlSession, identity: Identity, displayName: string | undefined): { customerId: string; writes: PendingWrite[]; audit: AuditEntry };
  /**
   * The statement that gives a customer one more identity nobody has (identity linking: a phone
   * number in an email's signature), and its audit event, for the caller's transaction.
   */
  linkIdentity(sql: SqlSession, customerId: string, identity: Identity): { writes: PendingWrite[]; audit: AuditEntry };
}

/** The container token of the {@link CustomerService}. */
export const CustomerService = serviceToken<CustomerService>('rapport.core.CustomerService');
