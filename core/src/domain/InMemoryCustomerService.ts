import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  type Clock,
  type CreateCustomerInput,
  type Customer,
  type CustomerQuery,
  type UpdateCustomerInput,
} from '@rapport/sdk';
import type { EventBus } from '../events/EventBus.js';
import type { CustomerService } from './CustomerService.js';

/**
 * Customers held in process memory: the kernel's interim domain until the persistence layer
 * (MikroORM) replaces it behind the same {@link CustomerService} interface. It keeps the
 * contract's rules that plugins can observe: normalized identities, one owner per identity, and
 * the `customer.created` / `customer.updated` events.
 */
export class InMemoryCustomerService implements CustomerService {
  private readonly customers = new Map<string, Customer>();

  constructor(
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<Customer | undefined> {
    const customer = this.customers.get(id);
    return customer && structuredClone(customer);
  }

  async find(query: CustomerQuery): Promise<Customer[]> {
    const text = query.text?.toLowerCase();
    const email = query.email && normalizeEmail(query.email);
    const phone = query.phone && normalizePhone(query.phone);
    const matches = [...this.customers.values()].filter(
      (customer) =>
        (!email || customer.emails.includes(email)) &&
        (!phone || customer.phones.includes(phone)) &&
        (!query.handle ||
          customer.handles.some((h) => h.channel === query.handle!.channel && h.handle === query.handle!.handle)) &&
        (!text ||
          customer.displayName?.toLowerCase().includes(text) ||
          customer.emails.some((e) => e.includes(text)) ||
          customer.phones.some((p) => p.includes(text))),
    );
    return matches.slice(0, query.limit ?? 100).map((customer) => structuredClone(customer));
  }

  async create(input: CreateCustomerInput): Promise<Customer> {
    const now = this.clock.now();
    const customer: Customer = {
      id: randomUUID(),
      displayName: input.displayName ?? null,
      emails: unique((input.emails ?? []).map(normalizeEmail)),
      phones: unique((input.phones ?? []).map(normalizePhone)),
      handles: input.handles ?? [],
      attributes: input.attributes ?? {},
      createdAt: now,
      updatedAt: now,
    };
    this.assertIdentitiesFree(customer);
    this.customers.set(customer.id, customer);
    await this.events.publish('customer.created', { customerId: customer.id });
    return structuredClone(customer);
  }

  async update(id: string, input: UpdateCustomerInput): Promise<Customer> {
    const existing = this.require(id);
    const updated: Customer = {
      ...existing,
      displayName: input.displayName === undefined ? existing.displayName : input.displayName,
      emails: input.emails ? unique(input.emails.map(normalizeEmail)) : existing.emails,
      phones: input.phones ? unique(input.phones.map(normalizePhone)) : existing.phones,
      handles: input.handles ?? existing.handles,
      attributes: input.attributes ?? existing.attributes,
      updatedAt: this.clock.now(),
    };
    this.assertIdentitiesFree(updated);
    this.customers.set(id, updated);
    await this.events.publish('customer.updated', { customerId: id });
    return structuredClone(updated);
  }

  async setAttributes(id: string, attributes: Record<string, unknown>): Promise<Customer> {
    const merged = { ...this.require(id).attributes };
    for (const [key, value] of Object.entries(attributes)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    return this.update(id, { attributes: merged });
  }

  private require(id: string): Customer {
    const customer = this.customers.get(id);
    if (!customer) throw new NotFoundError(`No customer with id "${id}".`);
    return customer;
  }

  private assertIdentitiesFree(candidate: Customer): void {
    for (const other of this.customers.values()) {
      if (other.id === candidate.id) continue;
      const email = candidate.emails.find((e) => other.emails.includes(e));
      const phone = candidate.phones.find((p) => other.phones.includes(p));
      if (email ?? phone) {
        throw new ConflictError(`${email ?? phone} already belongs to customer "${other.id}"; merge the customers instead.`);
      }
    }
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Strips formatting so that "+33 6 12-34-56-78" and "+33612345678" match. */
export function normalizePhone(phone: string): string {
  return phone.replace(/[\s().-]/g, '');
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
