import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources of every workspace package: the "rapport-source" export
// condition points @rapport/* imports at src/ instead of the dist/ built for publishing.
// ("import"/"require" must not be listed: they are chosen per import kind, and forcing "import"
// makes Node's require() of dual packages such as pg-pool load their ESM build.)
export default defineConfig({
  resolve: { conditions: ['rapport-source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['rapport-source', ...defaultServerConditions], externalConditions: ['rapport-source'] } },
  test: {
    // sdk/dist and core/dist current with the sources, for the tests of generated plugins.
    globalSetup: ['core/test/support/freshDist.ts'],
    include: ['{sdk,core,plugins/*,examples/*}/test/**/*.test.{ts,js}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
  },
});
