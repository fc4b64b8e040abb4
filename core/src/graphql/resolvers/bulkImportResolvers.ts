import { NotFoundError, ValidationError, type RecordInteractionInput } from '@rapport/sdk';
import type { CoreRecordInput } from '../../domain/InteractionService.js';
import { withRefs } from '../../util/errorRefs.js';
import { checkInput } from '../../domain/interactions/checkInput.js';
import { bulkLanesFor, MAX_BULK_INTERACTIONS, recordInBulk, type BulkItem } from '../data/bulkImport.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { expectGlobalId } from '../globalIds.js';
import { withoutNulls } from './shared.js';

/** RecordInteractionInput as GraphQL delivers it: omitted fields may be null. */
type RecordInteractionArgs = { [K in keyof RecordInteractionInput]: RecordInteractionInput[K] | null };

/**
 * `recordInteractions`: a bulk import, for importers that used to send aliased batches of
 * `recordInteraction`. Every input is checked before anything is written, so one bad input
 * refuses the whole call, naming its index; then the inputs are recorded as
 * data/bulkImport.ts describes, and returned in input order.
 */
export const bulkImportResolvers = {
  Mutation: {
    recordInteractions: async (_: unknown, { inputs }: { inputs: RecordInteractionArgs[] }, ctx: GraphQLContext) => {
      if (inputs.length > MAX_BULK_INTERACTIONS) {
        throw new ValidationError(
          `recordInteractions takes at most ${MAX_BULK_INTERACTIONS} inputs per call, got ${inputs.length}. Split them into calls of ${MAX_BULK_INTERACTIONS} or fewer; each is idempotent on (channel, externalId), so a call can be sent again safely.`,
          'inputs',
        );
      }
      if (inputs.length === 0) return [];
      const items = await checkedItems(ctx, inputs);
      return recordInBulk(ctx.services.interactions, items, bulkLanesFor(ctx.services.database.dialect));
    },
  },
};

/**
 * Every input translated and checked as the domain will check it, customers named by id
 * included, so that a bad input fails the call before any write. The first bad input is named.
 */
async function checkedItems(ctx: GraphQLContext, inputs: RecordInteractionArgs[]): Promise<BulkItem[]> {
  const now = ctx.services.clock.now();
  const items = inputs.map((args, index): BulkItem => {
    const { customerId, ...rest } = withoutNulls(args);
    const input: CoreRecordInput = { ...rest, ...(customerId !== undefined && { customerId: expectGlobalId(customerId, 'Customer', `inputs[${index}].customerId`) }) };
    try {
      return { input, checked: checkInput(input, now) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const at = error.field ? `inputs[${index}].${error.field}` : `inputs[${index}]`;
      throw new ValidationError(`${at}: ${error.message} Nothing was recorded.`, at);
    }
  });
  await resolveCustomers(ctx, items, inputs);
  return items;
}

/**
 * Replaces each customer id by its survivor (a merged-away id means the customer it was merged
 * into, as in recordInteraction), one lookup per distinct id, and fails on the first input whose
 * customer does not exist.
 */
async function resolveCustomers(ctx: GraphQLContext, items: BulkItem[], inputs: RecordInteractionArgs[]): Promise<void> {
  const named = [...new Set(items.flatMap(({ input }) => (input.customerId ? [input.customerId] : [])))];
  if (named.length === 0) return;
  const survivorOf = new Map(await Promise.all(named.map(async (id) => [id, await ctx.services.merger.survivorOf(id)] as const)));
  const survivors = [...new Set(survivorOf.values())];
  const customers = await ctx.loaders.customer.loadMany(survivors);
  const existing = new Set(survivors.filter((_, position) => customers[position] && !(customers[position] instanceof Error)));
  items.forEach((item, index) => {
    if (!item.input.customerId) return;
    const survivor = survivorOf.get(item.input.customerId)!;
    if (!existing.has(survivor)) {
      const field = `inputs[${index}].customerId`;
      throw withRefs(new NotFoundError(`${field}: no customer with id ${JSON.stringify(inputs[index]!.customerId)}. Nothing was recorded.`), { type: 'Customer', id: item.input.customerId, field });
    }
    item.input.customerId = survivor;
    item.checked.customerId = survivor;
  });
}
