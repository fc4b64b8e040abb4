import { fromGlobalId, toGlobalId } from '@rapport/sdk';
import type { WebhookDeliveryRow } from '../../webhooks/WebhookDeliveryStore.js';
import type { WebhookEndpointRow } from '../../webhooks/WebhookEndpointStore.js';
import type { CreatedWebhookEndpoint, WebhookEndpointInput } from '../../webhooks/Webhooks.js';
import { pageSize } from '../connections.js';
import { badUserInput } from '../errors.js';
import type { GraphQLContext } from '../GraphQLContext.js';

const ENDPOINT = 'WebhookEndpoint';
const DELIVERY = 'WebhookDelivery';

/** A delivery list's cursor: its `seq`, opaque to clients. */
const cursorOf = (delivery: WebhookDeliveryRow) => Buffer.from(`webhook-delivery:${delivery.seq}`).toString('base64url');

function seqOf(cursor: string): number {
  const match = /^webhook-delivery:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`after: ${JSON.stringify(cursor)} is not a cursor of this list. Use an endCursor of WebhookEndpoint.deliveries.`, 'after');
  return Number(match[1]);
}

const created = ({ endpoint, secret }: CreatedWebhookEndpoint) => ({ endpoint, secret });

/**
 * Outbound webhooks in the API (contract §14, docs/webhooks.md). Endpoints and deliveries are
 * named by global ids (`WebhookEndpoint:<uuid>`, `WebhookDelivery:<uuid>`); the scope is declared
 * in webhookTypeDefs.ts and checked before these run. The secret is only ever in the answer of
 * createWebhookEndpoint and rotateWebhookSecret: WebhookEndpoint has no field for it.
 */
export const webhookResolvers = {
  Query: {
    webhookEndpoints: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.webhooks.list(),
    webhookEndpoint: (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => ctx.services.webhooks.get(fromGlobalId(id, ENDPOINT)),
  },

  Mutation: {
    createWebhookEndpoint: async (_: unknown, { input }: { input: WebhookEndpointInput }, ctx: GraphQLContext) => created(await ctx.services.webhooks.create(input)),
    deleteWebhookEndpoint: (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => ctx.services.webhooks.delete(fromGlobalId(id, ENDPOINT)),
    rotateWebhookSecret: async (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => created(await ctx.services.webhooks.rotateSecret(fromGlobalId(id, ENDPOINT))),
    setWebhookEndpointEnabled: (_: unknown, { id, enabled }: { id: string; enabled: boolean }, ctx: GraphQLContext) =>
      ctx.services.webhooks.setEnabled(fromGlobalId(id, ENDPOINT), enabled),
    redeliverWebhook: (_: unknown, { deliveryId }: { deliveryId: string }, ctx: GraphQLContext) =>
      ctx.services.webhooks.redeliver(fromGlobalId(deliveryId, DELIVERY, 'deliveryId')),
    sendTestWebhook: (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => ctx.services.webhooks.sendTest(fromGlobalId(id, ENDPOINT)),
  },

  WebhookEndpoint: {
    id: (endpoint: WebhookEndpointRow) => toGlobalId(ENDPOINT, endpoint.id),
    previousSecretExpiresAt: (endpoint: WebhookEndpointRow, _: unknown, ctx: GraphQLContext) =>
      endpoint.previousSecretUntil && endpoint.previousSecretUntil > ctx.services.clock.now() ? endpoint.previousSecretUntil : null,
    deliveries: async (endpoint: WebhookEndpointRow, args: { first?: number | null; after?: string | null }, ctx: GraphQLContext) => {
      const size = pageSize(args.first);
      const afterSeq = args.after ? seqOf(args.after) : undefined;
      const rows = await ctx.services.webhooks.deliveries(endpoint.id, size + 1, afterSeq);
      const page = rows.slice(0, size);
      const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: afterSeq !== undefined, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount: () => ctx.services.webhooks.countDeliveries(endpoint.id),
      };
    },
  },

  WebhookDelivery: {
    id: (delivery: WebhookDeliveryRow) => toGlobalId(DELIVERY, delivery.id),
    status: (delivery: WebhookDeliveryRow) => delivery.status.toUpperCase(),
    payload: (delivery: WebhookDeliveryRow) => JSON.parse(delivery.body) as unknown,
    redeliveryOf: (delivery: WebhookDeliveryRow) => (delivery.redeliveryOf ? toGlobalId(DELIVERY, delivery.redeliveryOf) : null),
    attemptLog: (delivery: WebhookDeliveryRow, _: unknown, ctx: GraphQLContext) => ctx.services.webhooks.attemptsOf([delivery.id]),
  },
};
