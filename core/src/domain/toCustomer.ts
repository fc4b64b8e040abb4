import type { Customer } from '@rapport/sdk';
import type { CustomerRow, IdentityRow } from '../persistence/entities.js';

/** Assembles the public Customer from its row and its identity rows. */
export function toCustomer(row: CustomerRow, identities: readonly IdentityRow[]): Customer {
  const sorted = [...identities].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.value.localeCompare(b.value));
  return {
    id: row.id,
    displayName: row.displayName ?? null,
    emails: sorted.filter((i) => i.kind === 'email').map((i) => i.value),
    phones: sorted.filter((i) => i.kind === 'phone').map((i) => i.value),
    handles: sorted.filter((i) => i.kind === 'handle').map((i) => ({ channel: i.channel, handle: i.value })),
    attributes: { ...row.attributes },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
