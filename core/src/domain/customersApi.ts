import type { CustomersApi } from '@rapport/sdk';
import type { CustomerMerger } from './CustomerMerger.js';
import type { CustomerService } from './CustomerService.js';

/**
 * `ctx.customers` as the SDK describes it: the customer service, and merging, which lives in the
 * merger (it needs the customer service itself, so the two stay apart).
 */
export function customersApi(customers: CustomerService, merger: CustomerMerger): CustomersApi {
  return {
    get: (id) => customers.get(id),
    find: (query) => customers.find(query),
    create: (input) => customers.create(input),
    update: (id, input) => customers.update(id, input),
    setAttributes: (id, attributes) => customers.setAttributes(id, attributes),
    merge: (targetId, sourceId) => merger.merge(targetId, sourceId),
  };
}
