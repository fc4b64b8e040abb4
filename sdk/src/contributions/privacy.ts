import type { JsonValue } from '../context.js';

/**
 * The customer a privacy request is about, as a {@link CustomerDataHandler} receives it: the
 * core's id and every identity the core knows for them, so a plugin that keys its data by email
 * address, phone number or handle finds it without reading the customer first.
 *
 * @example
 * ```ts
 * const keys = [subject.id, ...subject.mergedIds].map((id) => `notes:${id}`);
 * ```
 */
export interface DataSubject {
  /** The customer's id (the plain id, as `Customer.id` is for plugins). */
  readonly id: string;
  /**
   * The ids of customers merged into this one. Data a plugin keyed by one of them before the
   * merge is this customer's too, unless the plugin moved it on `customer.merged`.
   */
  readonly mergedIds: readonly string[];
  /** Normalized to lower case. */
  readonly emails: readonly string[];
  /** Normalized to E.164. */
  readonly phones: readonly string[];
  /** Social and messaging handles, each on its channel. */
  readonly handles: readonly { readonly channel: string; readonly handle: string }[];
}

/**
 * What a plugin keeps about customers outside the core's tables (its key–value storage, its own
 * tables, an external system), for the data subject's rights: `exportCustomer` calls `export`
 * and puts the result in its document under `plugins["<plugin name>"]["<id>"]`;
 * `eraseCustomer` calls `erase` before it erases the core's data.
 *
 * Both run with the plugin's handler budget (`pluginHost.handlerTimeoutMs`). An `erase` that
 * throws or times out fails the whole erasure with the plugin's name, and the core's data stays
 * as it was, so the request can be retried: `erase` must therefore be idempotent (erasing what is
 * already gone does nothing). Declare it in `rapport.contributes.customerData`, so the core
 * activates the plugin for the request, and refuses to erase while the plugin is disabled rather
 * than leave its data behind.
 *
 * @example
 * ```ts
 * ctx.subscriptions.push(
 *   ctx.privacy.registerCustomerData('notes', {
 *     export: async (subject) => ({ note: (await ctx.storage.get(`notes:${subject.id}`)) ?? null }),
 *     erase: async (subject) => void (await ctx.storage.delete(`notes:${subject.id}`)),
 *   }),
 * );
 * ```
 */
export interface CustomerDataHandler {
  /**
   * Everything the plugin keeps about the customer, as JSON (dates as ISO strings). Return
   * `null` or an empty object when it keeps nothing about this one.
   */
  export(subject: DataSubject): JsonValue | Promise<JsonValue>;
  /**
   * Removes the customer's personal data from the plugin's keeping. Figures the plugin must keep
   * right may stay, de-identified (no name, address, message text or free-form data left).
   */
  erase(subject: DataSubject): void | Promise<void>;
}
