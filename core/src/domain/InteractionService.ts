import type { InteractionsApi } from '@rapport/sdk';

/**
 * The core's interaction service. Plugins reach it through `ctx.interactions`, which checks
 * their permissions first.
 */
export type InteractionService = InteractionsApi;
