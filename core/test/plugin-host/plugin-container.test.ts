import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES, useFixtureHosts } from './fixtures.js';

const start = useFixtureHosts();
const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/plugin-container.md');

interface Example {
  tiers: { tierOf(email: string): Promise<string> };
  memory: { remember(email: string, tier: string): Promise<void> };
}

describe("a plugin's own container", () => {
  it('builds the plugin\'s classes by constructor injection, with the permission-checked services of its context', async () => {
    const host = await start(['di-tiers-ts']);
    expect(host.plugin('@fixtures/di-tiers').state).toBe('ACTIVE');
    const { tiers, memory } = host.getExports<Example>('@fixtures/di-tiers');
    const purchase = { channel: 'shop', direction: 'INBOUND', type: 'purchase', email: 'ada@example.com' } as const;
    await host.interactions.record({ ...purchase, externalId: 'o-1' });
    expect(await tiers.tierOf('ada@example.com')).toBe('silver');
    await host.interactions.record({ ...purchase, externalId: 'o-2' });
    await host.interactions.record({ ...purchase, externalId: 'o-3' });
    expect(await tiers.tierOf('ada@example.com')).toBe('gold');
    expect(await tiers.tierOf('nobody@example.com')).toBe('none');
    // Injected services are the context's own: the manifest's permissions hold for them too.
    await expect(memory.remember('ada@example.com', 'gold')).rejects.toMatchObject({ code: 'PERMISSION_DENIED', permission: 'storage' });
  });

  it('is the example docs/plugin-container.md shows, word for word', () => {
    const code = readFileSync(path.join(FIXTURES, 'di-tiers-ts/src/index.ts'), 'utf8');
    const shown = /```ts\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))?.[1];
    expect(shown).toBe(code);
  });
});
