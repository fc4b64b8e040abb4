import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FieldResolver, PluginContext, ResolverMap, StoredScore } from '../src/index.js';

// Checked by the type checker (`npm run lint` runs tsc over sdk/test).
describe('typed settings and resolvers', () => {
  it('types ctx.settings as the plugin says, and untyped settings as a read-only record', () => {
    interface Settings {
      threshold: number;
      window: string;
    }
    expectTypeOf<PluginContext<Settings>['settings']['threshold']>().toEqualTypeOf<number>();
    // @ts-expect-error a setting the plugin did not declare
    expectTypeOf<PluginContext<Settings>['settings']['treshold']>();
    expectTypeOf<PluginContext['settings']>().toEqualTypeOf<Readonly<Readonly<Record<string, unknown>>>>();
  });

  it('types a resolver by parent, arguments and result, and fits it in a resolver map', async () => {
    const stored: StoredScore = { rule: 'response-speed', value: 12, explanation: '12 minutes', computedAt: new Date(0) };
    const responseSpeed: FieldResolver<{ id: string }, Record<string, never>, StoredScore | undefined> = (customer) =>
      customer.id === 'c1' ? stored : undefined;
    // @ts-expect-error the parent is a customer object, not its id
    void responseSpeed('c1', {}, { request: undefined }, undefined);
    const map: ResolverMap = { Customer: { responseSpeed } };
    expect(await (map.Customer!.responseSpeed as typeof responseSpeed)({ id: 'c1' }, {}, { request: undefined }, undefined)).toBe(stored);
  });
});
