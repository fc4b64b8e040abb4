import type { CreateCustomerInput, Customer, Interaction } from '@rapport/sdk';
import { toConversation } from '../../domain/ConversationService.js';
import { applyRule } from '../../domain/inputRules.js';
import type { ConversationRow } from '../../persistence/entities.js';
import { sortKeyWindow, toConnection, type PageArgs } from '../connections.js';
import { countCustomers, filterRows, findCustomerPage, parseSegment, type CustomerFilter } from '../data/customerSearch.js';
import { finderConnection } from '../data/finderConnection.js';
import { interactionColumns } from '../data/interactionColumns.js';
import { countMatching, estimateCount } from '../data/customerFinder.js';
import { validateRuleTree } from '../../segments/index.js';
import type { FinderArgs } from '../data/customerFinder.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { toGlobalId } from '../globalIds.js';
import type { SelectionInfo } from '../selections.js';
import { childConnection, customerIdOf, found } from './shared.js';

interface CustomerFields {
  displayName?: string | null;
  emails?: string[] | null;
  phones?: string[] | null;
  handles?: { channel: string; handle: string }[] | null;
  attributes?: Record<string, unknown> | null;
}

/**
 * The fields of a customer input. A null list or attributes means "not given"; a null display
 * name clears it (the domain's own reading of null).
 */
function customerInput(input: CustomerFields): CreateCustomerInput {
  return {
    ...(input.displayName !== undefined && { displayName: input.displayName }),
    ...(input.emails && { emails: input.emails }),
    ...(input.phones && { phones: input.phones }),
    ...(input.handles && { handles: input.handles }),
    ...(input.attributes && { attributes: input.attributes }),
  };
}

export const customerResolvers = {
  Query: {
    segmentDefinitions: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.segmentDefinitions.list(),
    segmentPreview: async (_: unknown, { rules }: { rules: unknown }, ctx: GraphQLContext) => ({
      count: await countMatching(ctx.services.database, validateRuleTree(rules, 'rules'), ctx.services.clock.now()),
    }),
    customer: async (_: unknown, { id }: { id: string }, ctx: GraphQLContext) =>
      (await ctx.loaders.customer.load(await customerIdOf(ctx, id))) ?? null,

    customers: async (_: unknown, args: PageArgs & { query?: string | null; segment?: string | null; where?: unknown; orderBy?: FinderArgs['orderBy'] }, ctx: GraphQLContext) => {
      if (args.where != null || args.orderBy != null) return finderConnection(args, ctx);
      const window = sortKeyWindow(args);
      const filter: CustomerFilter = { text: args.query ?? undefined, segment: args.segment ? parseSegment(args.segment) : undefined };
      const customers = await findCustomerPage(ctx.services.database, filter, window);
      for (const customer of customers) ctx.loaders.customer.prime(customer.id, customer);
      const connection = toConnection(customers, window.size, (c) => ({ at: c.createdAt, id: c.id }), (c) => c, {
        window,
        totalCount: () => countCustomers(ctx.services.database, filter),
      });
      return { ...connection, countEstimate: async () => estimateCount(ctx.services.database, await filterRows(ctx.services.database, filter)) };
    },
  },

  Mutation: {
    defineSegment: (_: unknown, { input }: { input: { id: string; name: string; rules: unknown } }, ctx: GraphQLContext) => ctx.services.segmentDefinitions.define(input),
    deleteSegment: (_: unknown, { id }: { id: string }, ctx: GraphQLContext) => ctx.services.segmentDefinitions.delete(id),
    createCustomer: (_: unknown, { input }: { input: CustomerFields }, ctx: GraphQLContext) =>
      ctx.services.customers.create(customerInput(input)),

    updateCustomer: async (_: unknown, { input }: { input: CustomerFields & { id: string } }, ctx: GraphQLContext) =>
      ctx.services.customers.update(await customerIdOf(ctx, input.id), customerInput(input)),

    mergeCustomers: async (_: unknown, { input }: { input: { targetId: string; sourceId: string } }, ctx: GraphQLContext) =>
      ctx.services.merger.merge(await customerIdOf(ctx, input.targetId, 'targetId'), await customerIdOf(ctx, input.sourceId, 'sourceId')),
  },

  Customer: {
    id: (customer: Customer) => toGlobalId('Customer', customer.id),

    interactions: (customer: Customer, args: PageArgs & { channel?: string | null; newestFirst?: boolean | null }, ctx: GraphQLContext, info: SelectionInfo) =>
      childConnection({ pages: ctx.loaders.customerInteractions, counts: ctx.loaders.customerInteractionCount }, customer.id, args, {
        descending: args.newestFirst === true,
        filters: args.channel ? { channel: applyRule('channel', args.channel, 'channel') } : {},
        columns: interactionColumns,
        keyOf: (interaction: Interaction) => ({ at: interaction.occurredAt, id: interaction.id }),
        toNode: (interaction: Interaction) => interaction,
      }, info),

    // Most recent first: the conversation an agent looks for is the latest one.
    conversations: (customer: Customer, args: PageArgs, ctx: GraphQLContext, info: SelectionInfo) =>
      childConnection({ pages: ctx.loaders.customerConversations, counts: ctx.loaders.customerConversationCount }, customer.id, args, {
        descending: true,
        filters: {},
        keyOf: (row: ConversationRow) => ({ at: row.openedAt, id: row.id }),
        toNode: toConversation,
      }, info),

    scores: (customer: Customer, _: unknown, ctx: GraphQLContext) => ctx.loaders.scores.load(customer.id),
    segments: (customer: Customer, _: unknown, ctx: GraphQLContext) => ctx.loaders.segments.load(customer.id),
  },
};

/** The customer of an interaction or a conversation, batched. */
export async function customerOf(ctx: GraphQLContext, customerId: string): Promise<Customer> {
  return found(await ctx.loaders.customer.load(customerId), `customer with id "${customerId}"`, { type: 'Customer', id: customerId });
}
