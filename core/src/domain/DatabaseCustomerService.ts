import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { inject, injectable } from 'inversify';
import {
  ConflictError,
  NotFoundError,
  type CreateCustomerInput,
  type Customer,
  type CustomerQuery,
  type UpdateCustomerInput,
} from '@rapport/sdk';
import { AuditLog, type AuditEntry } from '../audit/AuditLog.js';
import { changesBetween } from '../audit/changesBetween.js';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import { stageInTransaction } from '../events/stageInTransaction.js';
import { CustomerEntity, IdentityEntity, type CustomerRow, type IdentityRow } from '../persistence/entities.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { withRefs } from '../util/errorRefs.js';

import { loadCustomers, selectCustomers } from './customerReads.js';
import { customerTextCondition } from './customerTextIndex.js';
import type { CustomerService, PendingWrite } from './CustomerService.js';
import { describeIdentity, identitiesOf, identityKey, normalizeEmail, normalizeHandle, normalizePhone, type Identity } from './identities.js';
import { applyRule, checkJsonObject, JSON_BOUNDS } from './inputRules.js';
import { toCustomer } from './toCustomer.js';

/**
 * Customers and their identities in the database. An identity (an email, a phone, or a handle on
 * a channel) belongs to one customer at most: the unique key on `customer_identities` guarantees
 * it even between concurrent requests, and a clash is a `ConflictError` that names the owner.
 */
@injectable()
export class DatabaseCustomerService implements CustomerService {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(EventBus) private readonly events: EventBus,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async get(id: string): Promise<Customer | undefined> {
    return (await this.getMany([id])).get(id);
  }

  /**
   * Every customer, one page of `pageSize` at a time (keyset on id), so a sweep over a large
   * database holds one page in memory. Customers created during the walk may or may not be seen.
   */
  async *each(pageSize: number): AsyncGenerator<Customer> {
    const sql = SqlSession.autocommit(this.database);
    let after = '';
    for (;;) {
      const ids = (await sql.all<{ id: string }>('select id from customers where id > ? order by id limit ?', [after, pageSize])).map((row) => row.id);
      if (ids.length === 0) return;
      const customers = await this.getMany(ids);
      for (const id of ids) {
        const customer = customers.get(id);
        if (customer) yield customer;
      }
      if (ids.length < pageSize) return;
      after = ids[ids.length - 1]!;
    }
  }

  /** Loads many customers in two queries, whatever their number. */
  getMany(ids: readonly string[]): Promise<Map<string, Customer>> {
    return loadCustomers(SqlSession.autocommit(this.database), ids);
  }

  /**
   * Customers by identity and by text, oldest first: one statement, the text's conditions in the
   * database (customerTextIndex.ts), never a list of every matching id.
   */
  async find(query: CustomerQuery): Promise<Customer[]> {
    const sql = SqlSession.autocommit(this.database);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const identity: Identity | undefined = query.email
      ? { kind: 'email', channel: '', value: normalizeEmail(query.email) }
      : query.phone
        ? { kind: 'phone', channel: '', value: normalizePhone(query.phone) }
        : query.handle
          ? normalizeHandle(query.handle.channel, query.handle.handle, 'handle.handle', 'handle.channel')
          : undefined;
    if (identity) {
      conditions.push('c.id in (select i.customer_id from customer_identities i where i.kind = ? and i.channel = ? and i.value = ?)');
      params.push(identity.kind, identity.channel, identity.value);
    }
    const text = query.text ? await customerTextCondition(sql, applyRule('query', query.text, 'text')) : undefined;
    if (text) {
      conditions.push(text.where);
      params.push(...text.params);
    }
    const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
    return selectCustomers(sql, `${where} order by c.created_at, c.id limit ?`, [...params, Math.min(Math.max(query.limit ?? 100, 1), 1000)]);
  }

  async create(input: CreateCustomerInput): Promise<Customer> {
    const { customer, staged } = await this.database.em().transactional(async (em) => {
      const created = await this.createIn(em, input, identitiesOf(input));
      await this.audit.appendInOrm(em, [customerAudit('customer.create', undefined, created)]);
      return { customer: created, staged: await stageInTransaction(em, this.events, 'customer.created', { customerId: created.id }) };
    });
    await this.events.afterCommit([staged]);
    return customer;
  }

  /** Creates a customer inside the caller's transaction; the caller publishes `customer.created`. */
  async createIn(em: EntityManager, input: CreateCustomerInput, identities: Identity[]): Promise<Customer> {
    await this.assertIdentitiesFree(em, identities, undefined);
    const now = this.clock.now();
    const row = em.create(CustomerEntity, {
      id: randomUUID(),
      displayName: cleanName(input.displayName),
      attributes: checkAttributes(input.attributes ?? {}),
      createdAt: now,
      updatedAt: now,
    });
    // Foreign keys are plain columns, so the unit of work cannot order the inserts: the customer
    // row goes first, on its own.
    await em.flush();
    const identityRows = identities.map((identity, index) =>
      // Distinct timestamps keep the order in which identities were given.
      em.create(IdentityEntity, { id: randomUUID(), customerId: row.id, ...identity, createdAt: new Date(now.getTime() + index) }),
    );
    await flushOrConflict(em, identities);
    return toCustomer(row, identityRows);
  }

  async update(id: string, input: UpdateCustomerInput): Promise<Customer> {
    applyRule('id', id, 'id');
    const customer = await this.database.em().transactional(async (em) => {
      const row = await em.findOne(CustomerEntity, { id });
      if (!row) throw withRefs(new NotFoundError(`No customer with id "${id}".`), { type: 'Customer', id, field: 'id' });
      let identities = await em.find(IdentityEntity, { customerId: id });
      const before = toCustomer(row, identities);
      if (input.displayName !== undefined) row.displayName = cleanName(input.displayName);
      if (input.attributes !== undefined) row.attributes = checkAttributes(input.attributes);
      const replaced = replacedKinds(input);
      if (replaced.length > 0) {
        const wanted = identitiesOf(input).filter((identity) => replaced.includes(identity.kind));
        const wantedKeys = new Set(wanted.map(identityKey));
        const keep = identities.filter((row) => !replaced.includes(row.kind) || wantedKeys.has(identityKey(row)));
        const keptKeys = new Set(keep.map(identityKey));
        const added = wanted.filter((identity) => !keptKeys.has(identityKey(identity)));
        await this.assertIdentitiesFree(em, added, id);
        for (const removed of identities.filter((r) => !keep.includes(r))) em.remove(removed);
        const now = this.clock.now();
        identities = [
          ...keep,
          ...added.map((identity, index) =>
            em.create(IdentityEntity, { id: randomUUID(), customerId: id, ...identity, createdAt: new Date(now.getTime() + index) }),
          ),
        ];
        await flushOrConflict(em, added);
      }
      row.updatedAt = this.clock.now();
      await em.flush();
      const after = toCustomer(row, identities);
      await this.audit.appendInOrm(em, [customerAudit('customer.update', before, after)]);
      return { customer: after, staged: await stageInTransaction(em, this.events, 'customer.updated', { customerId: id }) };
    });
    await this.events.afterCommit([customer.staged]);
    return customer.customer;
  }

  async setAttributes(id: string, attributes: Record<string, unknown>): Promise<Customer> {
    applyRule('id', id, 'id');
    const current = await this.get(id);
    if (!current) throw withRefs(new NotFoundError(`No customer with id "${id}".`), { type: 'Customer', id, field: 'id' });
    const merged = { ...current.attributes };
    for (const [key, value] of Object.entries(checkAttributes(attributes))) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    return this.update(id, { attributes: merged });
  }

  /** The customer that owns an identity, if any (ingest path: plain SQL in the caller's transaction). */
  async ownerOf(sql: SqlSession, identity: Identity): Promise<string | undefined> {
    const row = await sql.one<{ customer_id: string }>('select customer_id from customer_identities where kind = ? and channel = ? and value = ?', [
      identity.kind,
      identity.channel,
      identity.value,
    ]);
    return row?.customer_id;
  }

  /**
   * The writes that create the customer of an identity seen for the first time (ingest path),
   * for the caller to run in its own statement or transaction; the caller publishes
   * `customer.created` and writes the audit event given. A concurrent request that created the same identity first makes the
   * unique key fail, and the caller retries.
   */
  createForIdentity(sql: SqlSession, identity: Identity, displayName: string | undefined): { customerId: string; writes: PendingWrite[]; audit: AuditEntry } {
    const customerId = randomUUID();
    const at = this.clock.now();
    const now = sql.date(at);
    const created: Customer = {
      id: customerId,
      displayName: cleanName(displayName),
      emails: identity.kind === 'email' ? [identity.value] : [],
      phones: identity.kind === 'phone' ? [identity.value] : [],
      handles: identity.kind === 'handle' ? [{ channel: identity.channel, handle: identity.value }] : [],
      attributes: {},
      createdAt: at,
      updatedAt: at,
    };
    return {
      customerId,
      audit: customerAudit('customer.create', undefined, created),
      writes: [
        {
          sql: 'insert into customers (id, display_name, attributes, created_at, updated_at) values (?, ?, ?, ?, ?)',
          params: [customerId, cleanName(displayName), sql.json({}), now, now],
        },
        {
          sql: 'insert into customer_identities (id, customer_id, kind, channel, value, created_at) values (?, ?, ?, ?, ?, ?)',
          params: [randomUUID(), customerId, identity.kind, identity.channel, identity.value, now],
        },
      ],
    };
  }

  linkIdentity(sql: SqlSession, customerId: string, identity: Identity): { writes: PendingWrite[]; audit: AuditEntry } {
    const field = identity.kind === 'email' ? 'emails' : identity.kind === 'phone' ? 'phones' : 'handles';
    const value = identity.kind === 'handle' ? { channel: identity.channel, handle: identity.value } : identity.value;
    return {
      writes: [
        {
          sql: 'insert into customer_identities (id, customer_id, kind, channel, value, created_at) values (?, ?, ?, ?, ?, ?)',
          params: [randomUUID(), customerId, identity.kind, identity.channel, identity.value, sql.date(this.clock.now())],
        },
      ],
      // Only the identity added: the others are unchanged and the audit need not repeat them.
      audit: { action: 'customer.update', targetType: 'Customer', targetId: customerId, customerId, changes: { [field]: { before: null, after: [value] } } },
    };
  }

  private async assertIdentitiesFree(em: EntityManager, identities: Identity[], customerId: string | undefined): Promise<void> {
    if (identities.length === 0) return;
    const owned = await em.find(IdentityEntity, { $or: identities.map(({ kind, channel, value }) => ({ kind, channel, value })) });
    const clash = owned.find((row) => row.customerId !== customerId);
    if (clash) throw identityConflict(clash, clash.customerId);
  }

}

/** The fields of a customer its audit events show before and after. */
const AUDITED_FIELDS = ['displayName', 'emails', 'phones', 'handles', 'attributes'] as const;

/** What a customer is before its creation: its creation's changes show only the fields it was given. */
const NOTHING_YET = { displayName: null, emails: [], phones: [], handles: [], attributes: {} };

/** The audit event of a customer's creation (no `before`) or update. */
export function customerAudit(action: 'customer.create' | 'customer.update', before: Customer | undefined, after: Customer): AuditEntry {
  return { action, targetType: 'Customer', targetId: after.id, customerId: after.id, changes: changesBetween(before ?? NOTHING_YET, after, AUDITED_FIELDS) };
}

/** Which identity kinds an update replaces: those it gives a list for. */
function replacedKinds(input: UpdateCustomerInput): Identity['kind'][] {
  return [
    ...(input.emails !== undefined ? (['email'] as const) : []),
    ...(input.phones !== undefined ? (['phone'] as const) : []),
    ...(input.handles !== undefined ? (['handle'] as const) : []),
  ];
}

async function flushOrConflict(em: EntityManager, identities: Identity[]): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    // Another request took one of these identities between our check and our insert.
    if (error instanceof UniqueConstraintViolationException && identities.length > 0) {
      throw new ConflictError(
        `One of ${identities.map(describeIdentity).join(', ')} was just taken by another customer; retry, or merge the customers.`,
      );
    }
    throw error;
  }
}

function identityConflict(identity: Pick<IdentityRow, 'kind' | 'channel' | 'value'>, owner: string): ConflictError {
  return withRefs(
    new ConflictError(`${describeIdentity(identity)} already belongs to customer "${owner}". One identity belongs to one customer; merge the customers instead.`),
    { type: 'Customer', id: owner },
  );
}

/** A display name as stored (inputRules.ts: `displayName`, NUL removed); empty means none. */
function cleanName(name: string | null | undefined): string | null {
  if (name === undefined || name === null) return null;
  const trimmed = applyRule('displayName', name, 'displayName').trim();
  return trimmed ? trimmed : null;
}

/** Attributes as stored (inputRules.ts: keys and strings checked, NUL removed from strings, bounded). */
function checkAttributes(attributes: unknown): Record<string, unknown> {
  return checkJsonObject(attributes, 'attributes', JSON_BOUNDS.attributes);
}

export type { CustomerRow };
