import type { CustomersApi } from '@rapport/sdk';

/**
 * The core's customer service. Plugins reach it through `ctx.customers`, which checks their
 * permissions first; the core and the test host call it directly.
 */
export type CustomerService = CustomersApi;
