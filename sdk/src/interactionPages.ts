import type { InteractionsApi } from './context.js';
import type { Interaction, InteractionSearch } from './domain.js';

/**
 * Every interaction that matches `search`, across customers, read one page at a time so memory
 * stays flat however many there are. Needs `interactions:read`.
 *
 * @example
 * ```ts
 * let answers = 0;
 * for await (const interaction of eachInteraction(ctx.interactions, { type: 'survey_response', from, to })) answers++;
 * ```
 */
export async function* eachInteraction(interactions: Pick<InteractionsApi, 'find'>, search: Omit<InteractionSearch, 'after'>): AsyncGenerator<Interaction> {
  const pageSize = search.limit ?? 500;
  let after: InteractionSearch['after'];
  for (;;) {
    const page = await interactions.find({ ...search, limit: pageSize, ...(after && { after }) });
    yield* page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { id: last.id, occurredAt: last.occurredAt };
  }
}
